/**
 * A workspace with known secrets planted in every kind of file the extension reads, built
 * programmatically from a fixed seed (nothing secret-looking is committed): Stripe live
 * keys, AWS key pairs, GitHub tokens, passwords in postgres URLs, private key blocks and
 * distinctive `.env` values, each one different per file so that a leak names its source.
 */
import * as fs from 'fs';
import * as path from 'path';
import { prng } from '../support/prng';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = `${ALNUM}+/`;
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

export interface Secret {
  /** Where it was planted and what it is. */
  label: string;
  /** The whole value as written in the file. */
  value: string;
  /** The part that must never appear (the value without its public format marker). */
  secret: string;
}

export interface PlantedFile { name: string; languageId: string; text: string; secrets: Secret[]; envReads: string[] }

export interface Planted { files: PlantedFile[]; secrets: Secret[] }

function makeSecrets(kind: string, seed: number) {
  const r = prng(seed);
  const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
  const stripeTail = pick(ALNUM, 24);
  const awsIdTail = pick(UPPER, 16);
  const awsSecret = pick(B64, 40);
  const ghTail = pick(ALNUM, 36);
  const pgPassword = `Pg${pick(ALNUM, 18)}`;
  const keyLines = [pick(B64, 64), pick(B64, 64), pick(B64, 64), pick(B64, 40)];
  const session = pick(ALNUM, 32);
  const motto = `zebra-${pick(LOWER, 14)}`;
  const s = (what: string, value: string, secret = value): Secret => ({ label: `${kind}: ${what}`, value, secret });
  return {
    stripe: s('Stripe live key', `sk_live_${stripeTail}`, stripeTail),
    awsId: s('AWS access key id', `AKIA${awsIdTail}`, awsIdTail),
    awsSecret: s('AWS secret access key', awsSecret),
    github: s('GitHub token', `ghp_${ghTail}`, ghTail),
    pgUrl: s('postgres password', `postgres://shop:${pgPassword}@db.internal:5432/shop`, pgPassword),
    privateKey: s('private key', `-----BEGIN RSA PRIVATE KEY-----\n${keyLines.join('\n')}\n-----END RSA PRIVATE KEY-----`, keyLines.join('')),
    keyLines,
    session: s('.env session secret', session),
    motto: s('.env plain value', motto),
  };
}

type Kit = ReturnType<typeof makeSecrets>;

const CODE: Record<string, { name: string; languageId: string; build(k: Kit): { text: string; envReads: string[] } }> = {
  js: {
    name: 'src/server.js', languageId: 'javascript', build: (k) => ({
      envReads: ['process.env.SESSION_SECRET', 'process.env.APP_MOTTO'],
      text: `const express = require('express');
const stripe = require('stripe')('${k.stripe.value}');
const aws = { accessKeyId: '${k.awsId.value}', secretAccessKey: '${k.awsSecret.value}' };
const githubToken = '${k.github.value}';
const databaseUrl = '${k.pgUrl.value}';
const privateKey = \`${k.privateKey.value}\`;
const session = process.env.SESSION_SECRET;
const motto = process.env.APP_MOTTO;
const app = express();
app.listen(3000);
`,
    }),
  },
  ts: {
    name: 'src/config.ts', languageId: 'typescript', build: (k) => ({
      envReads: ['process.env.SESSION_SECRET', 'process.env.APP_MOTTO'],
      text: `import Stripe from 'stripe';
export const stripe = new Stripe('${k.stripe.value}', { apiVersion: '2024-06-20' });
export const aws = { accessKeyId: '${k.awsId.value}', secretAccessKey: '${k.awsSecret.value}' };
export const githubToken: string = '${k.github.value}';
export const databaseUrl = '${k.pgUrl.value}';
export const privateKey = \`${k.privateKey.value}\`;
export const session = process.env.SESSION_SECRET ?? '';
export const motto = process.env.APP_MOTTO;
`,
    }),
  },
  py: {
    name: 'app/settings.py', languageId: 'python', build: (k) => ({
      envReads: ['os.environ["SESSION_SECRET"]', 'os.environ.get("APP_MOTTO")'],
      text: `import os
STRIPE_SECRET_KEY = "${k.stripe.value}"
AWS_ACCESS_KEY_ID = "${k.awsId.value}"
AWS_SECRET_ACCESS_KEY = "${k.awsSecret.value}"
GITHUB_TOKEN = "${k.github.value}"
DATABASE_URL = "${k.pgUrl.value}"
PRIVATE_KEY = """${k.privateKey.value}"""
SESSION = os.environ["SESSION_SECRET"]
MOTTO = os.environ.get("APP_MOTTO")
`,
    }),
  },
  go: {
    name: 'cmd/api/main.go', languageId: 'go', build: (k) => ({
      envReads: ['os.Getenv("SESSION_SECRET")', 'os.Getenv("APP_MOTTO")'],
      text: `package main

import (
\t"net/http"
\t"os"
)

const stripeKey = "${k.stripe.value}"
const awsKeyID = "${k.awsId.value}"
const awsSecret = "${k.awsSecret.value}"
const githubToken = "${k.github.value}"
const databaseURL = "${k.pgUrl.value}"
const privateKey = \`${k.privateKey.value}\`

func main() {
\tsession := os.Getenv("SESSION_SECRET")
\tmotto := os.Getenv("APP_MOTTO")
\t_, _ = session, motto
\thttp.ListenAndServe(":8080", nil)
}
`,
    }),
  },
  rb: {
    name: 'config/initializers/keys.rb', languageId: 'ruby', build: (k) => ({
      envReads: ['ENV.fetch("SESSION_SECRET")', 'ENV["APP_MOTTO"]'],
      text: `Stripe.api_key = "${k.stripe.value}"
AWS_ACCESS_KEY_ID = "${k.awsId.value}"
AWS_SECRET_ACCESS_KEY = "${k.awsSecret.value}"
GITHUB_TOKEN = "${k.github.value}"
DATABASE_URL = "${k.pgUrl.value}"
PRIVATE_KEY = <<~PEM
  ${k.privateKey.value.split('\n').join('\n  ')}
PEM
SESSION = ENV.fetch("SESSION_SECRET")
MOTTO = ENV["APP_MOTTO"]
`,
    }),
  },
  java: {
    name: 'src/main/java/shop/Keys.java', languageId: 'java', build: (k) => ({
      envReads: ['System.getenv("SESSION_SECRET")', 'System.getenv("APP_MOTTO")'],
      text: `package shop;

public class Keys {
    static final String STRIPE_KEY = "${k.stripe.value}";
    static final String AWS_KEY_ID = "${k.awsId.value}";
    static final String AWS_SECRET = "${k.awsSecret.value}";
    static final String GITHUB_TOKEN = "${k.github.value}";
    static final String DATABASE_URL = "${k.pgUrl.value}";
    static final String PRIVATE_KEY = "${k.privateKey.value.split('\n').join('\\n')}";
    static final String SESSION = System.getenv("SESSION_SECRET");
    static final String MOTTO = System.getenv("APP_MOTTO");
}
`,
    }),
  },
  php: {
    name: 'public/index.php', languageId: 'php', build: (k) => ({
      envReads: ["getenv('SESSION_SECRET')", "getenv('APP_MOTTO')"],
      text: `<?php
\\Stripe\\Stripe::setApiKey('${k.stripe.value}');
$aws = ['key' => '${k.awsId.value}', 'secret' => '${k.awsSecret.value}'];
$githubToken = '${k.github.value}';
$databaseUrl = '${k.pgUrl.value}';
$privateKey = "${k.privateKey.value}";
$session = getenv('SESSION_SECRET');
$motto = getenv('APP_MOTTO');
`,
    }),
  },
};

function envText(k: Kit): string {
  return `# Local configuration
STRIPE_SECRET_KEY=${k.stripe.value}
AWS_ACCESS_KEY_ID=${k.awsId.value}
AWS_SECRET_ACCESS_KEY=${k.awsSecret.value}
GITHUB_TOKEN=${k.github.value}
DATABASE_URL=${k.pgUrl.value}
PRIVATE_KEY="${k.privateKey.value}"
SESSION_SECRET=${k.session.value}
APP_MOTTO=${k.motto.value}
`;
}

/** Every planted secret of a kit that its file holds. */
function secretsOf(k: Kit, env = false): Secret[] {
  return [k.stripe, k.awsId, k.awsSecret, k.github, k.pgUrl, k.privateKey, ...(env ? [k.session, k.motto] : [])];
}

/** Builds the files (and writes them under `dir` when given). */
export function plantSecrets(dir?: string): Planted {
  const files: PlantedFile[] = [];
  let seed = 0x12f4;
  for (const [kind, spec] of Object.entries(CODE)) {
    const k = makeSecrets(kind, seed++);
    const { text, envReads } = spec.build(k);
    files.push({ name: spec.name, languageId: spec.languageId, text, secrets: secretsOf(k), envReads });
  }
  const env = makeSecrets('.env', seed++);
  files.push({ name: '.env', languageId: 'dotenv', text: envText(env), secrets: secretsOf(env, true), envReads: [] });
  const example = makeSecrets('.env.example', seed++);
  files.push({ name: '.env.example', languageId: 'dotenv', text: envText(example), secrets: secretsOf(example, true), envReads: [] });
  const proc = makeSecrets('Procfile', seed++);
  files.push({
    name: 'Procfile', languageId: 'procfile', envReads: [], secrets: [proc.stripe, proc.github, proc.pgUrl],
    text: `web: STRIPE_SECRET_KEY=${proc.stripe.value} node src/server.js --db ${proc.pgUrl.value}
worker: GITHUB_TOKEN=${proc.github.value} bundle exec sidekiq
release: DATABASE_URL=${proc.pgUrl.value} npm run migrate
`,
  });
  if (dir) {
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dir, f.name)), { recursive: true });
      fs.writeFileSync(path.join(dir, f.name), f.text);
    }
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'shop', dependencies: { express: '4', stripe: '14' } }, null, 2));
  }
  return { files, secrets: files.flatMap((f) => f.secrets) };
}

/** Every 8-character window of each secret (a leak of any part of one is a leak). */
export function secretWindows(secrets: readonly Secret[], width = 8): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of secrets) {
    const compact = s.secret;
    for (let i = 0; i + width <= compact.length; i++) out.set(compact.slice(i, i + width), s.label);
  }
  return out;
}

/** The planted secrets (or parts of them) that occur in a text, by label. */
export function leaksIn(text: string, windows: Map<string, string>): string[] {
  const found = new Set<string>();
  for (const [w, label] of windows) if (text.includes(w)) found.add(`${label} (${JSON.stringify(w)})`);
  return [...found];
}
