// Fixture for the in-editor tests (test/e2e): never opened by the tests, so its findings
// come only from a workspace scan or the twelve-factor task.
const { Pool } = require('pg');

module.exports = new Pool({ connectionString: 'postgres://shop:hunter2@db.internal.example-corp.net:5432/shop' });
