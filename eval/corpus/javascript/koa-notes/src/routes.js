'use strict';

const Router = require('@koa/router');
const db = require('./db');
const log = require('./logging');

const router = new Router({ prefix: '/api' });
// expect-none: *
const PAGE_SIZE = Number(process.env.NOTES_PAGE_SIZE) || 25;

router.get('/notes', async (ctx) => {
  const page = Number(ctx.query.page || 1);
  ctx.body = await db('notes').orderBy('created_at', 'desc').limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE);
});

router.post('/notes', async (ctx) => {
  const { title, body } = ctx.request.body;
  // expect-none: *
  if (!title) ctx.throw(422, 'title is required');
  const [note] = await db('notes').insert({ title, body, owner: ctx.session.userId }).returning('*');
  ctx.status = 201;
  ctx.body = note;
});

router.post('/admin/restart', async (ctx) => {
  log.warn('restart requested by %s', ctx.session.userId);
  ctx.body = { ok: true };
  // expect: disposability/no-exit-in-request
  setTimeout(() => process.exit(0), 100);
});

router.get('/notes/export', async (ctx) => {
  try {
    ctx.body = await db('notes').select('*');
  } catch (err) {
    log.fatal('export failed, database unreachable', err);
    // expect: disposability/no-exit-in-request
    process.exit(1);
  }
});

module.exports = router;
