'use strict';

const { createClient } = require('redis');
const config = require('./config');
const logger = require('./logger');

const redis = createClient({ url: config.redisUrl });
let stopping = false;
// expect-none: disposability
process.on('SIGTERM', () => { stopping = true; });

async function run() {
  await redis.connect();
  // expect-none: disposability
  while (!stopping) {
    const item = await redis.brPop('emails', 5);
    if (!item) continue;
    logger.info({ job: JSON.parse(item.element).id }, 'sending email');
  }
  await redis.quit();
}

run().catch((err) => {
  logger.error(err, 'worker crashed');
  process.exitCode = 1;
});
