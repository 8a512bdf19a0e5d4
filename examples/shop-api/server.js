// twelve-factor: package.json here has no lock file, so builds are not repeatable (Factor II)
const express = require('express');
const winston = require('winston');
const { Pool } = require('pg');

const app = express();

// twelve-factor: a live Stripe key in code (Factor III)
const stripe = require('stripe')('sk_live_51HxR2eKq9ZTyq0vXbW3cPf7A');

// twelve-factor: the database is wired to one machine (Factor IV)
const pool = new Pool({ connectionString: 'postgres://shop:hunter2@db.internal.example-corp.net:5432/shop' });

// Reading config from the environment with a local default is fine.
const sessionTtl = Number(process.env.SESSION_TTL_SECONDS) || 3600;
const apiBase = process.env.API_BASE_URL ?? 'http://localhost:8080';

const logger = winston.createLogger({
  level: 'info',
  // twelve-factor: logs written to a file instead of stdout (Factor XI)
  transports: [new winston.transports.File({ filename: 'logs/shop.log' })],
});

app.get('/health', (req, res) => {
  console.log('health check'); // stdout is where logs belong
  res.json({ ok: true, docs: 'https://12factor.net/config', ttl: sessionTtl, apiBase });
});

app.get('/orders', async (req, res) => {
  const { rows } = await pool.query('select id from orders limit 10');
  logger.info(`listed ${rows.length} orders`);
  res.json(rows);
});

app.post('/charge', async (req, res) => {
  const charge = await stripe.charges.create({ amount: 500, currency: 'eur' });
  res.json(charge);
});

// twelve-factor: a fixed port instead of $PORT (Factor VII), and no SIGTERM handling (Factor IX)
app.listen(3000, '0.0.0.0');
