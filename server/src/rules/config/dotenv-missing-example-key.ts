/**
 * An env file and its template disagree on which variables exist: a key set in `.env` (or
 * `.env.local`, `prod.env`...) that the template next to it (`.env.example`, `.env.sample`,
 * `.env.template`, `prod.example.env`) does not list, and a key the template lists that
 * `.env` does not set.
 *
 * Nothing is reported when the folder has no template, or (for the template) no `.env`:
 * a fresh clone or a CI machine has only the template.
 */
import * as path from 'path';
import { defineRule } from '../../engine/rule';
import type { FileChange } from '../../engine/types';
import { LineIndex } from '../../parsing/document';
import { envFileOfTemplate, isTemplateEnvFile, parseEnvText, templateCandidates } from '../../analysis/env-files';
import { envDocumentOf, eolOf } from './_dotenv';

function append(file: string, text: string, line: string): FileChange {
  const end = new LineIndex(text).positionAt(text.length);
  const eol = eolOf(text || '\n');
  const prefix = text === '' || /[\r\n]$/.test(text) ? '' : eol;
  return { path: file, edits: [{ range: { start: end, end }, newText: `${prefix}${line}${eol}` }] };
}

function keysOf(text: string): Set<string> {
  return new Set(parseEnvText(text).entries.map((e) => e.key));
}

export default defineRule({
  id: 'config/dotenv-missing-example-key',
  meta: {
    description: 'A key in .env missing from .env.example, or the reverse',
    defaultSeverity: 'info',
    languages: ['dotenv'],
    fix: 'safe',
    messages: {
      missingInTemplate: '`{{key}}` is set here but `{{template}}` does not list it, so whoever sets up the app next will not know to set it; add `{{key}}=` there.',
      missingInEnv: '`{{key}}` is listed here but `{{env}}` does not set it; set it there, or remove it here if the app no longer reads it.',
    },
    docs: {
      why: 'The template is the list of what every deploy must set, so a variable missing from it is missed on the next deploy, and one missing from .env leaves local runs unlike the others.',
      bad: { dotenv: '# .env (.env.example lists DATABASE_URL only)\nDATABASE_URL=postgres://localhost/app\nSTRIPE_SECRET_KEY=sk_test_...\n' },
      good: { dotenv: '# .env (.env.example lists DATABASE_URL and STRIPE_SECRET_KEY)\nDATABASE_URL=postgres://localhost/app\nSTRIPE_SECRET_KEY=sk_test_...\n' },
      fix: 'Appends `KEY=` (no value) to the template (safe); from the template, appends `KEY=` to `.env` (a suggestion: the variable becomes set and empty).',
    },
  },
  check(context) {
    const doc = envDocumentOf(context);
    if (doc.entries.length === 0) return;
    const seen = new Set<string>();
    if (isTemplateEnvFile(context.path)) {
      const envFile = envFileOfTemplate(context.path);
      const envText = envFile ? context.project.readText(envFile) : undefined;
      if (!envFile || envText === undefined) return;
      const set = keysOf(envText);
      const env = path.basename(envFile);
      for (const e of doc.entries) {
        if (set.has(e.key) || seen.has(e.key)) continue;
        seen.add(e.key);
        context.report({
          range: context.rangeAt(e.keyRange.start, e.keyRange.end), messageId: 'missingInEnv', data: { key: e.key, env },
          fixes: [{ title: `Add ${e.key}= to ${env}`, safety: 'suggestion', preferred: true, edits: [], files: [append(envFile, envText, `${e.key}=`)] }],
        });
      }
      return;
    }
    if (path.basename(context.path) === '.flaskenv') return;
    let template: { path: string; text: string } | undefined;
    for (const p of templateCandidates(context.path)) {
      const text = context.project.readText(p);
      if (text !== undefined) { template = { path: p, text }; break; }
    }
    if (!template) return;
    const listed = keysOf(template.text);
    const name = path.basename(template.path);
    for (const e of doc.entries) {
      if (listed.has(e.key) || seen.has(e.key)) continue;
      seen.add(e.key);
      context.report({
        range: context.rangeAt(e.keyRange.start, e.keyRange.end), messageId: 'missingInTemplate', data: { key: e.key, template: name },
        fixes: [{ title: `Add ${e.key}= to ${name}`, safety: 'safe', preferred: true, edits: [], files: [append(template.path, template.text, `${e.key}=`)] }],
      });
    }
  },
});
