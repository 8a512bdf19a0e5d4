'use strict';

// One-off admin process: run by the Procfile's `release` phase, never by the web process.
const knex = require('knex');

if (!process.env.DATABASE_URL) {
  // expect-none: *
  console.error('usage: DATABASE_URL=postgres://user:password@host:5432/db node scripts/migrate.js');
  process.exit(2);
}

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

// expect-none: admin-processes
db.migrate.latest({ directory: 'migrations' })
  .then(([batch, log]) => console.log(`batch ${batch}: ${log.length} migrations`))
  .finally(() => db.destroy());
