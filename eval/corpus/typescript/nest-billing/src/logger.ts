import * as winston from 'winston';
import 'winston-daily-rotate-file';

export const loggerOptions: winston.LoggerOptions = {
  // expect: config/env-undeclared
  level: process.env.LOG_LEVEL ?? 'info',
  transports: [
    // expect-none: logs
    new winston.transports.Console({ format: winston.format.json() }),
    // expect: logs/no-log-file
    new winston.transports.DailyRotateFile({
      dirname: 'logs',
      filename: 'billing-%DATE%.log',
      maxFiles: '14d',
    }),
  ],
};
