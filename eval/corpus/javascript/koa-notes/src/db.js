'use strict';

const knex = require('knex');

let db;
if (process.env.NODE_ENV === 'production') {
  db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 2, max: 10 } });
} else {
  // expect: dev-prod-parity/no-env-branching-backing-service
  db = knex({ client: 'sqlite3', connection: { filename: './dev.sqlite3' }, useNullAsDefault: true });
}

module.exports = db;
