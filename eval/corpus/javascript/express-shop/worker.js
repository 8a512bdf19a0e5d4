'use strict';

const Redis = require('ioredis');
const logger = require('./lib/logger');
const { sendReceipt } = require('./lib/mailer');

// expect-none: *
const redis = new Redis(process.env.REDIS_URL || 'redis://localhost:6379');

async function main() {
  logger.info('receipt worker started');
  // expect: disposability/no-sigterm-handler
  while (true) {
    const [, payload] = await redis.brpop('receipts', 0);
    const job = JSON.parse(payload);
    try {
      await sendReceipt(job.orderId, job.email);
    } catch (err) {
      logger.error('receipt failed', { orderId: job.orderId, err: err.message });
      await redis.lpush('receipts:failed', payload);
    }
  }
}

main();
