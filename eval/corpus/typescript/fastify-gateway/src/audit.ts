import { appendFileSync, mkdirSync } from 'fs';

mkdirSync('/var/log/gateway', { recursive: true });

export function audit(line: string): void {
  // expect: logs/no-log-file
  appendFileSync('/var/log/gateway/audit.log', `${new Date().toISOString()} ${line}\n`);
}
