import pino from 'pino';

// expect-none: logs
export const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(1));
