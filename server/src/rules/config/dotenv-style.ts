/**
 * `.env` housekeeping, as dotenv-linter checks it: lower-case keys, trailing blanks, runs of
 * blank lines, blank lines at the end, a missing final line break, and quotes around values
 * that need none.
 *
 * An extra blank line has nothing to point at, so the finding sits on the line that follows
 * the run; blank lines at the very end are reported on the first of them.
 */
import { defineRule } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import { BARE_VALUE, edit, envDocumentOf, eolOf } from './_dotenv';

export default defineRule({
  id: 'config/dotenv-style',
  meta: {
    description: 'Lower-case keys, stray blanks and blank lines, and needless quotes in .env files',
    defaultSeverity: 'info',
    languages: ['dotenv'],
    fix: 'safe',
    messages: {
      lowercaseKey: '`{{key}}` has lower-case letters: environment variables are upper case by convention and case-sensitive, so code reading `{{upper}}` would not see it.',
      trailingWhitespace: 'Trailing blanks: foreman keeps them in an unquoted value, and they make diffs noisy; remove them.',
      extraBlankLine: '{{count}} blank lines before this line; one is enough to separate groups.',
      blankLinesAtEnd: 'Blank lines at the end of the file; end it with a single line break.',
      missingFinalNewline: 'The file does not end with a line break, so a line appended later (`echo KEY=v >> .env`) joins this one.',
      unneededQuotes: 'The value of `{{key}}` needs no quotes; without them it reads the same in every runner.',
    },
    docs: {
      why: 'A tidy, conventional .env file is one whose keys match what the code reads and whose diffs show only real changes.',
      bad: { dotenv: 'log_level=info   \n\n\nPORT="3000"\n' },
      good: { dotenv: 'LOG_LEVEL=info\n\nPORT=3000\n' },
      fix: 'Removes trailing blanks, extra blank lines and needless quotes, adds the final line break (safe), or upper-cases a key (a suggestion: code reading the old name must change too).',
    },
  },
  check(context) {
    const doc = envDocumentOf(context);
    const text = context.text;
    const lines = doc.lines;
    if (lines.length === 0) return;
    const keys = new Set(doc.entries.map((e) => e.key));

    for (const e of doc.entries) {
      if (/[a-z]/.test(e.key)) {
        const upper = e.key.toUpperCase();
        const fixes: Fix[] = keys.has(upper) ? [] : [{ title: `Rename to ${upper}`, safety: 'suggestion', preferred: true, edits: [edit(context, e.keyRange.start, e.keyRange.end, upper)] }];
        context.report({ range: context.rangeAt(e.keyRange.start, e.keyRange.end), messageId: 'lowercaseKey', data: { key: e.key, upper }, fixes });
      }
      const close = e.quoteRanges?.close;
      if (close && e.quoteRanges && e.quote !== '`' && BARE_VALUE.test(e.rawValue)) {
        const after = text[close.end];
        if (after === undefined || /\s/.test(after)) {
          context.report({
            range: context.rangeAt(e.quoteRanges.open.start, close.end), messageId: 'unneededQuotes', data: { key: e.key },
            fixes: [{ title: 'Remove the quotes', safety: 'safe', preferred: true, edits: [edit(context, e.quoteRanges.open.start, e.quoteRanges.open.end, ''), edit(context, close.start, close.end, '')] }],
          });
        }
      }
    }

    // Blanks at a line end inside a multi-line quoted value belong to the value. Lines and
    // values are both in text order: one cursor walks the values.
    const multiLine = doc.entries
      .filter((e) => e.quoteRanges?.close && /[\r\n]/.test(e.rawValue))
      .map((e) => e.valueRange);
    let next = 0;
    const insideValue = (start: number, end: number) => {
      while (next < multiLine.length && multiLine[next].end <= start) next++;
      return next < multiLine.length && start < multiLine[next].end && multiLine[next].start < end;
    };

    for (const line of lines) {
      if (line.trailingWhitespace === 0 || line.kind === 'invalid') continue;
      const end = line.range.end;
      const start = end - line.trailingWhitespace;
      if (line.kind === 'blank' || insideValue(start, end)) continue;
      context.report({
        range: context.rangeAt(start, end), messageId: 'trailingWhitespace',
        fixes: [{ title: 'Remove the trailing blanks', safety: 'safe', preferred: true, edits: [edit(context, start, end, '')] }],
      });
    }

    const endsWithBreak = /[\r\n]$/.test(text);
    const effective = endsWithBreak ? lines.length - 1 : lines.length;
    if (!lines.slice(0, effective).some((l) => l.kind !== 'blank')) return;
    for (let i = 0; i < effective; i++) {
      if (lines[i].kind !== 'blank') continue;
      let j = i;
      while (j + 1 < effective && lines[j + 1].kind === 'blank') j++;
      if (j + 1 >= effective) {
        const start = lines[i].range.start;
        context.report({
          range: context.rangeAt(start, lines[i].range.end), messageId: 'blankLinesAtEnd',
          fixes: [{ title: 'Remove the blank lines at the end', safety: 'safe', preferred: true, edits: [edit(context, start, text.length, '')] }],
        });
        return;
      }
      if (j > i) {
        const next = lines[j + 1];
        context.report({
          range: context.rangeAt(next.range.start + next.leadingWhitespace, next.range.end), messageId: 'extraBlankLine', data: { count: j - i + 1 },
          fixes: [{ title: 'Remove the extra blank lines', safety: 'safe', preferred: true, edits: [edit(context, lines[i + 1].range.start, next.range.start, '')] }],
        });
      }
      i = j;
    }

    const last = lines[lines.length - 1];
    if (!endsWithBreak && last.kind !== 'blank') {
      context.report({
        range: context.rangeAt(last.range.start + last.leadingWhitespace, last.range.end), messageId: 'missingFinalNewline',
        fixes: [{ title: 'Add a line break at the end', safety: 'safe', preferred: true, edits: [edit(context, text.length, text.length, eolOf(text))] }],
      });
    }
  },
});
