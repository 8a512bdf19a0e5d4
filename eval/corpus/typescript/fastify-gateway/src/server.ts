import Fastify from 'fastify';
import jwt from '@fastify/jwt';
import { Pool, request } from 'undici';
import { config } from './config';
import { audit } from './audit';

const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' } });
app.register(jwt, { secret: config.jwtSecret });

app.addHook('onRequest', async (req) => {
  if (req.url.startsWith('/public')) return;
  await req.jwtVerify();
});

// expect: backing-services/no-fixed-host | config/no-hardcoded-url
const pricing = new Pool('http://localhost:4000', { connections: 16 });

app.get('/prices/:sku', async (req) => {
  const { sku } = req.params as { sku: string };
  const res = await pricing.request({ path: `/v1/prices/${sku}`, method: 'GET' });
  return res.body.json();
});

app.get('/users/:id', async (req, reply) => {
  const { id } = req.params as { id: string };
  const res = await request(`${config.usersService}/users/${id}`, { headersTimeout: config.requestTimeoutMs });
  audit(`GET /users/${id} -> ${res.statusCode}`);
  return reply.code(res.statusCode).send(await res.body.json());
});

// expect-none: *
app.get('/public/health', async () => ({ status: 'ok' }));

// expect-none: port-binding
// expect: disposability/no-sigterm-handler
app.listen({ port: Number(process.env.PORT ?? 8080), host: '0.0.0.0' }).catch((err) => {
  app.log.error(err);
  process.exit(1);
});
