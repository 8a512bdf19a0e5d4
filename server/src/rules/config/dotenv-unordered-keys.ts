/**
 * Keys out of alphabetical order within a group of a `.env` file (groups are separated by
 * blank lines; comments do not break a group). Off by default: many teams order keys by
 * meaning. Turn it on with `"config/dotenv-unordered-keys": "info"`.
 *
 * No quick fix: moving a line would put its value in the edit, and no output of the server
 * may hold a value from an env file.
 */
import { defineRule } from '../../engine/rule';
import { envDocumentOf } from './_dotenv';

export default defineRule({
  id: 'config/dotenv-unordered-keys',
  meta: {
    description: 'Keys out of alphabetical order in a group of a .env file (off by default)',
    defaultSeverity: 'off',
    languages: ['dotenv'],
    fix: 'none',
    messages: {
      unordered: '`{{key}}` should come before `{{before}}` to keep this group of keys in alphabetical order.',
    },
    docs: {
      why: 'Keys kept in alphabetical order are easy to find and make duplicates and merge conflicts obvious.',
      bad: { dotenv: 'REDIS_URL=redis://localhost:6379\nDATABASE_URL=postgres://localhost/app\n' },
      good: { dotenv: 'DATABASE_URL=postgres://localhost/app\nREDIS_URL=redis://localhost:6379\n\n# a new group starts after a blank line\nLOG_LEVEL=info\n' },
    },
  },
  check(context) {
    const doc = envDocumentOf(context);
    // The greatest key of the group so far: a key below it is out of order.
    let greatest: { key: string; sortKey: string } | undefined;
    for (const line of doc.lines) {
      if (line.kind === 'blank') {
        greatest = undefined;
        continue;
      }
      if (line.kind !== 'entry' || !line.entry) continue;
      const e = line.entry;
      const sortKey = e.key.toUpperCase();
      if (greatest && greatest.sortKey > sortKey) {
        context.report({ range: context.rangeAt(e.keyRange.start, e.keyRange.end), messageId: 'unordered', data: { key: e.key, before: greatest.key } });
      } else {
        greatest = { key: e.key, sortKey };
      }
    }
  },
});
