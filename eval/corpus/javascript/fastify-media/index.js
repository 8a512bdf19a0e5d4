// expect: dependencies/no-lockfile
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pipeline } = require('stream/promises');
const Fastify = require('fastify');
const multipart = require('@fastify/multipart');
const { thumbnail } = require('./lib/images');
const storage = require('./lib/storage');

const fastify = Fastify({ logger: true });
fastify.register(multipart, { limits: { fileSize: 50 * 1024 * 1024 } });

// expect: concurrency/no-daemonize
fs.writeFileSync(path.join(__dirname, 'media.pid'), String(process.pid));

fastify.post('/media', async (request, reply) => {
  const data = await request.file();
  const target = path.join(__dirname, 'public', 'uploads', data.filename);
  // expect: processes/no-local-uploads
  await pipeline(data.file, fs.createWriteStream(target));
  return reply.code(201).send({ url: `/uploads/${data.filename}` });
});

fastify.post('/media/thumbnail', async (request, reply) => {
  const data = await request.file();
  // expect-none: processes
  const tmp = path.join(os.tmpdir(), `upload-${Date.now()}-${data.filename}`);
  await pipeline(data.file, fs.createWriteStream(tmp));
  const thumb = await thumbnail(tmp);
  const key = await storage.put(`thumbs/${path.basename(thumb)}`, fs.createReadStream(thumb));
  fs.unlink(tmp, () => {});
  return { key };
});

// expect: port-binding/no-hardcoded-port
fastify.listen({ port: 3000, host: '0.0.0.0' }, (err) => {
  if (err) {
    fastify.log.error(err);
    process.exit(1);
  }
});

process.on('SIGTERM', () => fastify.close().then(() => process.exit(0)));
