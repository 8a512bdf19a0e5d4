import { Pool } from 'pg';
import os from 'os';

// expect: config/no-hardcoded-url | backing-services/no-fixed-host
const FALLBACK_URL = 'postgres://dash:Gq7xLw2pR9vK@db.internal.acme.io:5432/dash';

export const pool = new Pool({
  connectionString: process.env.DATABASE_URL || FALLBACK_URL,
  // expect-none: *
  max: 10,
  // expect-none: *
  idleTimeoutMillis: 30000,
});

// expect: codebase/no-host-branching
export const isPrimary = os.hostname() === 'dash-prod-1';
