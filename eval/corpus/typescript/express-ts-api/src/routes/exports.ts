import { Router } from 'express';
import { spawn } from 'child_process';
import { createWriteStream } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

export const exportsRouter = Router();

exportsRouter.post('/snapshot', (req, res) => {
  // expect-none: processes
  const file = join(tmpdir(), `snapshot-${Date.now()}.sql`);
  // expect: dependencies/no-undeclared-system-tool
  const dump = spawn('pg_dump', ['--no-owner', process.env.EXPORT_DATABASE_URL as string]);
  dump.stdout.pipe(createWriteStream(file));
  dump.on('close', (code) => {
    if (code !== 0) return res.status(502).json({ error: 'pg_dump failed' });
    res.download(file);
  });
});
