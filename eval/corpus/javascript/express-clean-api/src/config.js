'use strict';

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`missing required environment variable ${name}`);
    // Start-up validation, not request handling: failing fast here is the point.
    // expect-none: disposability
    process.exit(1);
  }
  return value;
}

module.exports = {
  // expect-none: *
  port: Number(process.env.PORT) || 3000,
  databaseUrl: required('DATABASE_URL'),
  redisUrl: required('REDIS_URL'),
  sessionSecret: required('SESSION_SECRET'),
  bucket: required('S3_BUCKET'),
  // expect-none: *
  region: process.env.AWS_REGION || 'eu-west-1',
  // expect-none: *
  webConcurrency: Number(process.env.WEB_CONCURRENCY) || 1,
  // expect-none: *
  greeting: process.env.GREETING || 'Welcome',
  // expect-none: *
  passwordMinLength: 12,
  // expect-none: *
  apiKeyHeader: 'X-Api-Key',
  // uuid v5 namespace for stable ids: public by design.
  // expect-none: *
  idNamespace: '1b671a64-40d5-491e-99b0-da01ff1f3341',
  // expect-none: *
  docs: 'https://github.com/acme/express-clean-api#readme',
};
