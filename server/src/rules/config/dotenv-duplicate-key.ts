/**
 * A key set twice in one `.env` file. dotenv, docker compose and python-dotenv all keep the
 * last value, so the earlier line is dead: whoever edits it changes nothing, and the file
 * says two things about one setting.
 *
 * The finding sits on each earlier (ignored) occurrence; its fix deletes that line, which
 * keeps what the runners load.
 */
import { defineRule } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import type { DotenvEntry } from '../../parsing/dotenv';
import { edit, entryLines, envDocumentOf, lineRemovalSpan, ownsLines } from './_dotenv';

export default defineRule({
  id: 'config/dotenv-duplicate-key',
  meta: {
    description: 'A key set more than once in a .env file',
    defaultSeverity: 'warning',
    languages: ['dotenv'],
    fix: 'safe',
    messages: {
      overridden: '`{{key}}` is set again on line {{line}}, and the last one wins (in dotenv, compose and python-dotenv alike): this line is ignored; remove it.',
    },
    docs: {
      why: 'Only the last of two lines setting a key takes effect, so the earlier one misleads whoever reads or edits it.',
      bad: { dotenv: 'DATABASE_URL=postgres://localhost/dev\nLOG_LEVEL=info\nDATABASE_URL=postgres://localhost/test\n' },
      good: { dotenv: 'LOG_LEVEL=info\nDATABASE_URL=postgres://localhost/test\n' },
      fix: 'Deletes the ignored earlier line, which keeps the value every runner loads.',
    },
  },
  check(context) {
    const doc = envDocumentOf(context);
    const byKey = new Map<string, DotenvEntry[]>();
    for (const e of doc.entries) {
      const list = byKey.get(e.key) ?? [];
      list.push(e);
      byKey.set(e.key, list);
    }
    for (const [key, list] of byKey) {
      if (list.length < 2) continue;
      const winner = list[list.length - 1];
      for (const e of list.slice(0, -1)) {
        const { first, last } = entryLines(doc, context, e);
        const fixes: Fix[] = [];
        if (ownsLines(doc, context, e, first, last)) {
          const span = lineRemovalSpan(doc, context.text, first, last);
          fixes.push({ title: `Remove the ignored ${key} line`, safety: 'safe', preferred: true, edits: [edit(context, span.start, span.end, '')] });
        }
        context.report({ range: context.rangeAt(e.keyRange.start, e.keyRange.end), messageId: 'overridden', data: { key, line: winner.line + 1 }, fixes });
      }
    }
  },
});
