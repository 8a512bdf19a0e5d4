'use strict';

const Koa = require('koa');
const bodyParser = require('koa-bodyparser');
const session = require('koa-session');
const db = require('./db');
const log = require('./logging');
const router = require('./routes');

const app = new Koa();
// expect-none: config
app.keys = (process.env.SESSION_KEYS || 'dev-only-key').split(',');

// koa-session keeps the session in a signed cookie: nothing stays in the process.
// expect-none: processes
app.use(session({ key: 'notes:sess', maxAge: 86400000, httpOnly: true }, app));
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());

async function start() {
  // expect: admin-processes/no-migration-at-startup
  await db.migrate.latest({ directory: './migrations' });
  // expect-none: *
  const port = Number(process.env.PORT) || 3000;
  const server = app.listen(port, () => log.info(`notes api on :${port}`));
  // expect-none: *
  server.keepAliveTimeout = 65000;

  process.on('SIGTERM', () => {
    log.info('SIGTERM received, closing');
    server.close(() => db.destroy().then(() => process.exit(0)));
  });
}

start();
