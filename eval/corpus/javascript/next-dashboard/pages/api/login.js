import crypto from 'crypto';
import bcrypt from 'bcryptjs';
import { pool } from '../../lib/db';

// expect: processes/no-module-level-cache
const sessions = {};

export default async function handler(req, res) {
  // expect-none: *
  if (req.method !== 'POST') return res.status(405).end();
  const { email, password } = req.body;
  const { rows } = await pool.query('select id, password_hash from users where email = $1', [email]);
  if (!rows[0] || !(await bcrypt.compare(password, rows[0].password_hash))) {
    return res.status(401).json({ error: 'invalid credentials' });
  }
  const token = crypto.randomBytes(24).toString('hex');
  sessions[token] = { userId: rows[0].id, at: Date.now() };
  res.setHeader('Set-Cookie', `dash_session=${token}; HttpOnly; Path=/; SameSite=Lax`);
  res.status(204).end();
}

export function lookup(token) {
  return sessions[token];
}
