import { Router } from 'express';
import { z } from 'zod';
// expect: dependencies/no-undeclared-import
import dayjs from 'dayjs';
import { redis } from '../redis';

interface User { id: string; email: string; createdAt: string }

export const users = Router();

// expect: processes/no-module-level-cache
const userCache: Record<string, User> = {};
// expect-none: processes
const ROLE_NAMES: Record<string, string> = { admin: 'Administrator', member: 'Member', viewer: 'Viewer' };

const NewUser = z.object({ email: z.string().email(), role: z.enum(['admin', 'member', 'viewer']) });

users.get('/:id', async (req, res) => {
  const cached = userCache[req.params.id];
  if (cached) return res.json(cached);
  const raw = await redis.get(`user:${req.params.id}`);
  // expect-none: *
  if (!raw) return res.status(404).json({ error: 'no such user' });
  const user = JSON.parse(raw) as User;
  userCache[req.params.id] = user;
  res.json({ ...user, since: dayjs(user.createdAt).format('MMM YYYY') });
});

users.post('/', async (req, res) => {
  const parsed = NewUser.safeParse(req.body);
  if (!parsed.success) return res.status(400).json(parsed.error.flatten());
  const id = crypto.randomUUID();
  await redis.set(`user:${id}`, JSON.stringify({ id, ...parsed.data, createdAt: new Date().toISOString() }));
  res.status(201).json({ id, role: ROLE_NAMES[parsed.data.role] });
});
