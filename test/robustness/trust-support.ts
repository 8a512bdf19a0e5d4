/**
 * The no-network preload (preload/no-network.ts), for child processes: the environment
 * that loads it, and what it recorded.
 */
import * as fs from 'fs';
import * as path from 'path';

export const PRELOAD = path.join(__dirname, 'preload', 'no-network.js');

/** Environment variables that make a Node child process load the preload and log to `log`. */
export function preloadEnv(log: string): NodeJS.ProcessEnv {
  const quoted = PRELOAD.includes(' ') ? JSON.stringify(PRELOAD) : PRELOAD;
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${quoted}`.trim(), TF_TRUST_LOG: log };
}

/** The attempts recorded so far (none when the log does not exist). */
export function readTrustLog(log: string): { what: string; detail: string; stack?: string }[] {
  if (!fs.existsSync(log)) return [];
  return fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { what: string; detail: string; stack?: string });
}
