'use strict';

const winston = require('winston');

const logger = winston.createLogger({
  // expect-none: *
  level: process.env.LOG_LEVEL || 'info',
  format: winston.format.json(),
  transports: [
    // expect-none: logs
    new winston.transports.Console(),
    // expect: logs/no-log-file
    new winston.transports.File({ filename: 'logs/error.log', level: 'error' }),
  ],
});

module.exports = logger;
