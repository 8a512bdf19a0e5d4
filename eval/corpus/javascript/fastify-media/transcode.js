const { spawn } = require('child_process');
const pino = require('pino');
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');

// expect-none: logs
const log = pino(pino.destination(1));
const s3 = new S3Client({});
// expect-none: *
const POLL_INTERVAL_MS = 5000;

function transcode(input, output) {
  return new Promise((resolve, reject) => {
    // expect: dependencies/no-undeclared-system-tool
    const ff = spawn('ffmpeg', ['-i', input, '-c:v', 'libx264', '-preset', 'fast', output]);
    ff.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`ffmpeg exited ${code}`))));
  });
}

let stopping = false;
process.on('SIGTERM', () => { stopping = true; });

async function loop() {
  while (!stopping) {
    const job = await nextJob();
    if (!job) { await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS)); continue; }
    log.info({ job: job.id }, 'transcoding');
    await transcode(job.input, job.output);
  }
}

async function nextJob() {
  const res = await s3.send(new GetObjectCommand({ Bucket: process.env.MEDIA_BUCKET, Key: 'queue/next.json' })).catch(() => null);
  return res ? JSON.parse(await res.Body.transformToString()) : null;
}

loop();
