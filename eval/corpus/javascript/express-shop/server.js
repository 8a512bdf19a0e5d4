'use strict';

const express = require('express');
const session = require('express-session');
const helmet = require('helmet');
// expect: dependencies/no-undeclared-import
const morgan = require('morgan');
const mongoose = require('mongoose');
const config = require('./config');
const logger = require('./lib/logger');
const orders = require('./routes/orders');
const uploads = require('./routes/uploads');

const app = express();

app.use(helmet());
app.use(express.json({ limit: '1mb' }));
// expect-none: logs
app.use(morgan('combined'));

// expect: processes/no-memory-session-store
app.use(session({
  name: 'shop.sid',
  // expect: config/no-hardcoded-secret
  secret: 'b8f2e1c94d7a63e05f1aQ7zK',
  resave: false,
  saveUninitialized: false,
  // expect-none: *
  cookie: { maxAge: 1000 * 60 * 60 * 24, sameSite: 'lax' },
}));

mongoose.connect(config.mongoUri).catch((err) => {
  logger.error('mongo connection failed', { err: err.message });
});

// expect-none: *
app.get('/healthz', (req, res) => res.sendStatus(200));
app.use('/orders', orders);
app.use('/uploads', uploads);

app.use((err, req, res, next) => {
  logger.error(err.message, { stack: err.stack });
  // expect-none: *
  res.status(500).json({ error: 'internal error', docs: 'https://expressjs.com/en/guide/error-handling.html' });
});

// expect: port-binding/no-hardcoded-port, disposability/no-sigterm-handler
app.listen(8080, () => logger.info('shop listening on 8080'));
