'use strict';

const log4js = require('log4js');

log4js.configure({
  appenders: {
    // expect-none: logs
    out: { type: 'stdout', layout: { type: 'pattern', pattern: '%d %p %c %m' } },
    // expect: logs/no-log-file
    app: { type: 'dateFile', filename: 'logs/notes.log', pattern: 'yyyy-MM-dd', numBackups: 7 },
  },
  categories: {
    default: { appenders: ['out', 'app'], level: process.env.LOG_LEVEL || 'info' },
  },
});

module.exports = log4js.getLogger('notes');
