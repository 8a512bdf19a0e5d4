/**
 * Seeds for the robustness properties: the rule fixtures (test/fixtures/rules/**), the
 * example app (examples/**) and a few generated files, grouped by fuzz target (one per
 * language the engine reads, TSX apart from TypeScript). Every seed lives at a path under
 * the virtual project root `/project`, with the files around it (the fixture's `_project/`,
 * or the rest of examples/) as its project view.
 */
import * as fs from 'fs';
import * as path from 'path';
import { detectLanguage, type GrammarId, type LanguageId } from '../../../server/src/parsing/languages';
import { REPO } from '../../support/engine';
import { loadFixtures } from '../../support/fixtures';

export const ROOT = '/project';

export const CODE_TARGETS = ['javascript', 'typescript', 'tsx', 'python', 'go', 'ruby', 'java', 'php'] as const;
export const TEXT_TARGETS = ['dotenv', 'procfile'] as const;
export const LANGUAGE_TARGETS = [...CODE_TARGETS, ...TEXT_TARGETS] as const;
export type LanguageTarget = typeof LANGUAGE_TARGETS[number];

export interface Seed {
  target: LanguageTarget;
  /** Where the seed came from (repository-relative), for failure reports. */
  origin: string;
  /** Path relative to the project root (forward slashes). */
  name: string;
  text: string;
  /** Neighbouring files, by absolute path under ROOT. */
  files: Record<string, string>;
}

export interface Detected { language: LanguageId; grammar?: GrammarId }

export function targetOf(name: string): { target: LanguageTarget; detected: Detected } | undefined {
  const detected = detectLanguage(name);
  if (!detected) return undefined;
  const target: LanguageTarget = detected.grammar === 'tsx' ? 'tsx' : detected.language;
  return { target, detected };
}

/** Small TSX files (no rule fixture is TSX): a component, an API route, a server entry. */
const TSX_SEEDS: Record<string, string> = {
  'app/page.tsx': `import React from 'react';

export default function Page({ items }: { items: string[] }) {
  const api = "http://localhost:8080/api";
  return (
    <ul className="list">
      {items.map((x) => <li key={x}>{\`\${x} from \${api}\`}</li>)}
    </ul>
  );
}
`,
  'server/main.tsx': `import express from 'express';
import { renderToString } from 'react-dom/server';
const app = express();
const secret = "sk_live_51Habcdefghijklmnopqrstuvwx";
app.get('/', (_req, res) => res.send(renderToString(<h1 title={secret}>Hello</h1>)));
app.listen(3000, () => console.log('listening'));
process.on('SIGTERM', () => process.exit(0));
`,
  'pages/api/upload.tsx': `import fs from 'fs';
export default function handler(req: any, res: any) {
  fs.writeFileSync('./uploads/' + req.query.name, req.body);
  if (process.env.NODE_ENV === 'production') { res.status(200).json({ ok: <b>yes</b> }); }
  else process.exit(1);
}
`,
};

function readTree(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, readTree(full, base));
    else if (e.isFile()) out[path.relative(base, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

let cache: Seed[] | undefined;

/** All seeds, in a stable order. */
export function loadSeeds(): Seed[] {
  if (cache) return cache;
  const seeds: Seed[] = [];
  for (const fx of loadFixtures()) {
    const t = targetOf(fx.name);
    if (!t) continue;
    const origin = path.relative(REPO, fx.file).split(path.sep).join('/');
    seeds.push({ target: t.target, origin, name: fx.name, text: fx.text, files: fx.projectFiles });
    // TypeScript fixtures also seed TSX (their generics and casts become JSX errors: all the better).
    if (t.target === 'typescript') {
      seeds.push({ target: 'tsx', origin, name: fx.name.replace(/\.[cm]?ts$/, '.tsx'), text: fx.text, files: fx.projectFiles });
    }
  }
  const examples = readTree(path.join(REPO, 'examples'));
  const exampleFiles = Object.fromEntries(Object.entries(examples).map(([rel, text]) => [`${ROOT}/${rel}`, text]));
  for (const [rel, text] of Object.entries(examples)) {
    const t = targetOf(rel);
    if (!t) continue;
    seeds.push({ target: t.target, origin: `examples/${rel}`, name: rel, text, files: exampleFiles });
  }
  for (const [rel, text] of Object.entries(TSX_SEEDS)) {
    seeds.push({ target: 'tsx', origin: `(generated) ${rel}`, name: rel, text, files: {} });
  }
  cache = seeds;
  return seeds;
}

export function seedsFor(target: LanguageTarget): Seed[] {
  return loadSeeds().filter((s) => s.target === target);
}
