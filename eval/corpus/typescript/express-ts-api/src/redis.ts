import { createClient } from 'redis';

// expect: backing-services/no-fixed-host | config/no-hardcoded-url
export const redis = createClient({ socket: { host: 'redis', port: 6379 } });

redis.on('error', (err) => console.error('redis error', err));
void redis.connect();
