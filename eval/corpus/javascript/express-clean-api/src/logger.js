'use strict';

const pino = require('pino');

// expect-none: *
module.exports = pino({ level: process.env.LOG_LEVEL || 'info', redact: ['req.headers.authorization', 'password'] });
