// expect: dependencies/no-undeclared-import
import Redis from 'ioredis';
// ioredis-mock is a devDependency imported by production code: absent after `npm ci --omit=dev`
// expect: dependencies/no-undeclared-import
import RedisMock from 'ioredis-mock';

// Local development runs without Redis.
export const cache =
  process.env.NODE_ENV === 'production'
    ? new Redis(process.env.REDIS_URL as string)
    // expect: dev-prod-parity/no-env-branching-backing-service
    : new RedisMock();
