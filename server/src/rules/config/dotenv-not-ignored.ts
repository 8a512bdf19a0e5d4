/**
 * A local env file that git does not ignore: `.env`, `.env.local`, `.env.*.local` always,
 * and any other env file that holds a secret-looking value (`.env.production` with a real
 * API key). Templates (`.env.example`...) and `.flaskenv` are meant to be committed.
 *
 * "Ignored" is decided from the `.gitignore` files between the repository's top and the
 * file, and `.git/info/exclude`, with the `ignore` package (git's own matching rules).
 * Whether the file is already tracked, and the user's global excludes file, cannot be known
 * without running git; the engine runs nothing, so neither is looked at.
 */
import * as path from 'path';
import { defineRule } from '../../engine/rule';
import type { Fix, FileChange } from '../../engine/types';
import { LineIndex } from '../../parsing/document';
import { gitIgnoreVerdict, isLocalEnvFile, isTemplateEnvFile } from '../../analysis/env-files';
import { classifySecret, isSecretName } from '../../analysis/secrets';
import { envDocumentOf, eolOf } from './_dotenv';

/** The `.gitignore` line for a file: `.env`, `.env*.local`, or its own name. */
function patternFor(name: string): string {
  if (/^\.env(\..+)?\.local$/.test(name)) return '.env*.local';
  return name;
}

function appendLine(file: string, text: string | undefined, line: string): FileChange {
  const current = text ?? '';
  const eol = eolOf(current || '\n');
  const end = new LineIndex(current).positionAt(current.length);
  const prefix = current === '' || /[\r\n]$/.test(current) ? '' : eol;
  const change: FileChange = { path: file, edits: [{ range: { start: end, end }, newText: `${prefix}${line}${eol}` }] };
  if (text === undefined) change.create = true;
  return change;
}

export default defineRule({
  id: 'config/dotenv-not-ignored',
  meta: {
    description: 'A .env file with local settings or secrets that git does not ignore',
    defaultSeverity: 'warning',
    languages: ['dotenv'],
    fix: 'safe',
    messages: {
      notIgnored: '`{{file}}` is not git-ignored, so its values (secrets included) can be committed; add it to `.gitignore` and commit `.env.example` instead.',
      secretsNotIgnored: '`{{file}}` holds secret-looking values and is not git-ignored, so they can be committed; add it to `.gitignore` and commit a template without values.',
    },
    docs: {
      why: 'A committed .env puts every developer\'s and deploy\'s secrets in the repository history, where removing them later does not un-leak them.',
      bad: { dotenv: '# .gitignore does not list .env\nSTRIPE_SECRET_KEY=sk_live_...\n' },
      good: { dotenv: '# .gitignore lists .env; .env.example is committed with empty values\nSTRIPE_SECRET_KEY=sk_live_...\n' },
      fix: 'Appends the file (`.env`, `.env*.local`, or its name) to the `.gitignore` at the project root, creating it when missing, or to the nearest one when a deeper `.gitignore` un-ignores it.',
    },
  },
  check(context) {
    const root = context.project.root;
    if (!root || path.resolve(root) === path.parse(path.resolve(root)).root) return;
    const name = path.basename(context.path);
    if (isTemplateEnvFile(context.path) || name === '.flaskenv') return;
    const doc = envDocumentOf(context);
    const first = doc.entries[0];
    if (!first) return;
    const local = isLocalEnvFile(context.path);
    if (!local && !doc.entries.some((e) => e.value !== '' && (classifySecret(e.key, e.value) || (isSecretName(e.key) && e.value.trim().length >= 8)))) return;
    const verdict = gitIgnoreVerdict(context.project, context.path);
    if (verdict.ignored) return;

    const pattern = patternFor(name);
    const fixes: Fix[] = [];
    const candidates = [path.join(path.resolve(root), '.gitignore')];
    const nearest = verdict.gitignores[verdict.gitignores.length - 1];
    if (nearest && !candidates.includes(nearest.path)) candidates.push(nearest.path);
    for (const target of candidates) {
      const current = context.project.readText(target);
      const change = appendLine(target, current, pattern);
      const after = (current ?? '') + change.edits[0].newText;
      if (!gitIgnoreVerdict(context.project, context.path, { path: target, text: after }).ignored) continue;
      const shown = path.relative(path.resolve(root), target).split(path.sep).join('/') || '.gitignore';
      fixes.push({ title: `Add ${pattern} to ${shown}`, safety: 'safe', preferred: true, edits: [], files: [change] });
      break;
    }
    context.report({
      range: context.rangeAt(first.keyRange.start, first.keyRange.end),
      messageId: local ? 'notIgnored' : 'secretsNotIgnored', data: { file: name }, fixes,
    });
  },
});
