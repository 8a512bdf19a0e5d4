/**
 * A real-looking secret in an env template (`.env.example`, `.env.sample`, `.env.template`,
 * `.env.dist`, `example.env`): templates are committed and copied around, so a live key in
 * one is leaked. Values are judged by `classifySecret` (vendor token formats, private keys,
 * passwords in URLs, and random-looking values under secret names); placeholders such as
 * `changeme`, `your-api-key`, `sk_test_xxx` or `<token>` are fine.
 *
 * Other scanners' pragmas on the line (`gitleaks:allow`, `pragma: allowlist secret`...) are
 * honoured. The message names the kind of secret, never the value.
 */
import * as path from 'path';
import { defineRule } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import { isTemplateEnvFile } from '../../analysis/env-files';
import { classifySecret } from '../../analysis/secrets';
import { edit, envDocumentOf } from './_dotenv';

export default defineRule({
  id: 'config/dotenv-example-secret',
  meta: {
    description: 'A real-looking secret in a committed env template (.env.example)',
    defaultSeverity: 'error',
    languages: ['dotenv'],
    fix: 'suggestion',
    secret: true,
    messages: {
      secret: 'The value of `{{key}}` in `{{file}}` looks like a real {{label}}; templates are committed, so leave it empty or use a placeholder, and rotate the secret.',
    },
    docs: {
      why: 'Env templates are committed and shared, so a real credential in one is leaked to everyone with the repository.',
      // The example key is split so that this file holds no key-shaped literal of its own.
      bad: { dotenv: '# .env.example\nSTRIPE_SECRET_KEY=' + 'sk_live_' + '51Hx8yQJrKf2Zb9TnW4pLmV7c\n' },
      good: { dotenv: '# .env.example\nSTRIPE_SECRET_KEY=\nSESSION_SECRET=changeme\n' },
      fix: 'Removes the password from a URL, or clears the value (the secret is still in the history: rotate it).',
    },
  },
  check(context) {
    if (!isTemplateEnvFile(context.path)) return;
    const file = path.basename(context.path);
    const doc = envDocumentOf(context);
    for (const e of doc.entries) {
      if (e.value === '') continue;
      const match = classifySecret(e.key, e.value);
      if (!match) continue;
      const start = e.quoteRanges?.open.start ?? e.valueRange.start;
      const end = e.quoteRanges?.close?.end ?? e.valueRange.end;
      const fixes: Fix[] = [];
      // A secret inside a larger value (the password of a URL): remove just that part when
      // the source text is the value itself (no escapes to map through).
      if (match.start !== undefined && match.end !== undefined && match.end > match.start && e.rawValue === e.value &&
          (match.start > 0 || match.end < e.value.length)) {
        const what = /password/.test(match.kind) ? 'password' : match.label.replace(/^hard-coded /, '');
        fixes.push({ title: `Remove the ${what} from ${e.key}`, safety: 'suggestion', preferred: true,
          edits: [edit(context, e.valueRange.start + match.start, e.valueRange.start + match.end, '')] });
      }
      fixes.push({ title: `Clear the value of ${e.key}`, safety: 'suggestion', preferred: fixes.length === 0, edits: [edit(context, start, end, '')] });
      context.report({
        range: context.rangeAt(e.keyRange.start, e.keyRange.end), messageId: 'secret',
        data: { key: e.key, file, label: match.label.replace(/^hard-coded /, '') }, fixes,
      });
    }
  },
});
