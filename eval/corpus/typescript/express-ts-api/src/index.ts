import express from 'express';
import pinoHttp from 'pino-http';
import { logger } from './logger';
import { users } from './routes/users';
import { exportsRouter } from './routes/exports';
import { redis } from './redis';

const app = express();
app.use(express.json());
// expect-none: logs
app.use(pinoHttp({ logger }));
app.use((req, res, next) => {
  // expect-none: *
  res.setHeader('Access-Control-Allow-Origin', process.env.CORS_ORIGIN ?? 'http://localhost:5173');
  next();
});
app.use('/users', users);
app.use('/exports', exportsRouter);

// expect-none: *
const port = Number(process.env.PORT ?? 4000);
// expect-none: *
const server = app.listen(port, () => logger.info({ port }, 'api ready'));

// expect-none: *
const shutdown = (signal: NodeJS.Signals) => {
  logger.info({ signal }, 'shutting down');
  server.close(async () => {
    await redis.quit();
    process.exit(0);
  });
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
