/**
 * `.env` lines that the runners read differently: `export` (foreman skips the line), an
 * inline ` # comment` after an unquoted value (foreman keeps it in the value), blanks around
 * `=` (foreman keeps the one after it; shells cannot source the line), `KEY: value` (foreman
 * and python-dotenv skip it), backtick quotes (only dotenv strips them), and unquoted values
 * with blanks (every loader reads them whole, a shell sourcing the file does not).
 *
 * Hints only: the file works with dotenv. The safe subset that reads the same everywhere is
 * `KEY=value` with upper-case keys, full-line comments, and values bare or in quotes.
 * See the table of runner differences in parsing/dotenv.ts.
 */
import { defineRule } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import { edit, envDocumentOf, wrappingQuote } from './_dotenv';

export default defineRule({
  id: 'config/dotenv-portability',
  meta: {
    description: '.env lines that dotenv, compose, foreman, python-dotenv and shells read differently',
    defaultSeverity: 'hint',
    languages: ['dotenv'],
    fix: 'safe',
    messages: {
      exported: '`export {{key}}=…` works with dotenv, compose and python-dotenv, but foreman skips the line; drop `export` unless a shell sources this file.',
      inlineComment: 'dotenv, compose and python-dotenv read this ` #` as the start of a comment, but foreman keeps it in the value of `{{key}}`; put the comment on a line of its own.',
      spaceAroundDelimiter: 'Blanks around the `=` of `{{key}}`: dotenv trims them, but foreman keeps the one after it in the value and a shell cannot source the line; write `{{key}}=value`.',
      colonDelimiter: '`{{key}}: value` is read by dotenv and compose only: foreman and python-dotenv skip the line; write `{{key}}=value`.',
      backtickQuote: 'Only dotenv strips backticks: compose, foreman and python-dotenv keep them in the value of `{{key}}`; use single quotes.',
      unquotedSpaces: 'The value of `{{key}}` has blanks but no quotes: dotenv and compose read it whole, but a shell sourcing the file (`set -a; . ./.env`) does not; quote it.',
    },
    docs: {
      why: 'The same .env file is read by dotenv, docker compose, foreman, python-dotenv and shells, and lines they disagree on give each environment a different config.',
      bad: { dotenv: 'export NODE_OPTIONS=--max-old-space-size=512\nLOG_LEVEL = info\nWORKERS=4 # per dyno\nGREETING=hello world\nREGION: eu\n' },
      good: { dotenv: 'NODE_OPTIONS=--max-old-space-size=512\nLOG_LEVEL=info\n# per dyno\nWORKERS=4\nGREETING=\'hello world\'\nREGION=eu\n' },
      fix: 'Removes the blanks around `=`, writes `=` for `:`, turns backticks into single quotes and quotes values with blanks (safe: dotenv reads the same value), or drops `export` (a suggestion).',
    },
  },
  check(context) {
    const doc = envDocumentOf(context);
    const text = context.text;
    for (const e of doc.entries) {
      const key = e.key;
      const keyRange = context.rangeAt(e.keyRange.start, e.keyRange.end);
      const vr = e.valueRange;
      const valueStart = e.quoteRanges?.open.start ?? vr.start;

      if (e.exported && e.exportRange) {
        let end = e.exportRange.end;
        while (end < e.keyRange.start && /[ \t]/.test(text[end])) end++;
        const fixes: Fix[] = end === e.keyRange.start
          ? [{ title: 'Remove `export`', safety: 'suggestion', preferred: true, edits: [edit(context, e.exportRange.start, end, '')] }]
          : [];
        context.report({ range: context.rangeAt(e.exportRange.start, e.exportRange.end), messageId: 'exported', data: { key }, fixes });
      }

      if (e.delimiter === ':') {
        const end = vr.end > vr.start || e.quote ? valueStart : e.delimiterRange.end;
        const gap = text.slice(e.delimiterRange.end, end);
        const fixes: Fix[] = /^[ \t]*$/.test(gap) ? [{ title: `Write ${key}=`, safety: 'safe', preferred: true, edits: [edit(context, e.delimiterRange.start, end, '=')] }] : [];
        context.report({ range: keyRange, messageId: 'colonDelimiter', data: { key }, fixes });
      } else {
        const before = text.slice(e.keyRange.end, e.delimiterRange.start);
        const hasValue = vr.end > vr.start || e.quote !== null;
        const after = hasValue ? text.slice(e.delimiterRange.end, valueStart) : '';
        if (before.length > 0 || after.length > 0) {
          const fixes: Fix[] = [];
          if (/^[ \t]*$/.test(before) && /^[ \t]*$/.test(after)) {
            const edits = [];
            if (before) edits.push(edit(context, e.keyRange.end, e.delimiterRange.start, ''));
            if (after) edits.push(edit(context, e.delimiterRange.end, valueStart, ''));
            fixes.push({ title: 'Remove the blanks around =', safety: 'safe', preferred: true, edits });
          }
          context.report({ range: context.rangeAt(e.keyRange.start, e.delimiterRange.end), messageId: 'spaceAroundDelimiter', data: { key }, fixes });
        }
      }

      const close = e.quoteRanges?.close;
      if (e.quote === '`' && close && e.quoteRanges) {
        const fixes: Fix[] = !/'/.test(e.rawValue) && !/[\r\n]/.test(e.rawValue)
          ? [{ title: 'Use single quotes', safety: 'safe', preferred: true, edits: [edit(context, e.quoteRanges.open.start, e.quoteRanges.open.end, "'"), edit(context, close.start, close.end, "'")] }]
          : [];
        context.report({ range: context.rangeAt(e.quoteRanges.open.start, close.end), messageId: 'backtickQuote', data: { key }, fixes });
      }

      if (e.quote === null && vr.end > vr.start) {
        if (/[ \t]/.test(e.rawValue)) {
          const q = wrappingQuote(e.rawValue);
          const fixes: Fix[] = q ? [{ title: 'Quote the value', safety: 'safe', preferred: true, edits: [edit(context, vr.start, vr.start, q), edit(context, vr.end, vr.end, q)] }] : [];
          context.report({ range: context.rangeAt(vr.start, vr.end), messageId: 'unquotedSpaces', data: { key }, fixes });
        }
        if (e.comment && e.comment.range.start > vr.end) {
          context.report({ range: context.rangeAt(e.comment.range.start, e.comment.range.start + 1), messageId: 'inlineComment', data: { key } });
        }
      }
    }
  },
});
