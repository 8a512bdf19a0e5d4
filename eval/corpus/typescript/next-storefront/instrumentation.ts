import { execSync } from 'child_process';

// Next.js calls register() once when the server process starts.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next.js itself, not by a deploy
  // expect-none: config
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // expect: admin-processes/no-migration-at-startup
    execSync('npx prisma migrate deploy', { stdio: 'inherit' });
  }
}
