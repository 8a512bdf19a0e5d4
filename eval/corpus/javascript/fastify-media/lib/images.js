const { execFile } = require('child_process');
const { promisify } = require('util');

const run = promisify(execFile);

async function thumbnail(src) {
  const dest = src.replace(/(\.\w+)?$/, '-thumb.jpg');
  // expect: dependencies/no-undeclared-system-tool
  await run('convert', [src, '-resize', '320x320^', '-gravity', 'center', '-extent', '320x320', dest]);
  return dest;
}

async function probe(src) {
  // expect: dependencies/no-undeclared-system-tool
  const { stdout } = await run('ffprobe', ['-v', 'quiet', '-print_format', 'json', '-show_format', src]);
  return JSON.parse(stdout);
}

module.exports = { thumbnail, probe };
