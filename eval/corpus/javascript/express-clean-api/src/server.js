'use strict';

const cluster = require('cluster');
const express = require('express');
const session = require('express-session');
const RedisStore = require('connect-redis').default;
const helmet = require('helmet');
const pinoHttp = require('pino-http');
const { createClient } = require('redis');
const config = require('./config');
const logger = require('./logger');
const uploads = require('./uploads');

if (cluster.isPrimary && config.webConcurrency > 1) {
  for (let i = 0; i < config.webConcurrency; i++) {
    // expect: concurrency/no-daemonize
    cluster.fork();
  }
  // expect-none: *
  cluster.on('exit', (worker, code) => logger.warn({ pid: worker.process.pid, code }, 'worker exited'));
} else {
  start();
}

function start() {
  const redis = createClient({ url: config.redisUrl });
  redis.connect().catch((err) => logger.error(err, 'redis connect failed'));

  const app = express();
  // expect-none: *
  app.set('trust proxy', process.env.NODE_ENV === 'production' ? 1 : false);
  app.use(helmet({
    contentSecurityPolicy: {
      // expect-none: *
      directives: { scriptSrc: ["'self'", 'https://cdn.jsdelivr.net'] },
    },
  }));
  // expect-none: logs
  app.use(pinoHttp({ logger }));
  // expect-none: *
  app.use(session({
    store: new RedisStore({ client: redis, prefix: 'sess:' }),
    secret: config.sessionSecret,
    resave: false,
    saveUninitialized: false,
  }));
  app.use('/uploads', uploads);
  // expect-none: *
  app.get('/', (req, res) => res.json({ message: config.greeting, docs: config.docs }));

  // expect-none: *
  const server = app.listen(config.port, () => logger.info({ port: config.port, pid: process.pid }, 'listening'));

  process.on('SIGTERM', () => {
    logger.info('SIGTERM: draining connections');
    server.close(() => redis.quit().finally(() => process.exit(0)));
  });
}
