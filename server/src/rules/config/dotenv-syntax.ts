/**
 * `.env` lines that do not load the way they read: lines dotenv silently skips (a bare
 * `KEY`, `KEY : value`, a key with characters no runner accepts), keys that start with a
 * character shells and most runners reject, keys with `-` or `.`, a quote that is never
 * closed or has text after it, a `#` that ends the value in dotenv but not in compose or
 * python-dotenv, and `${...}` references that are not closed or name no variable.
 *
 * Keys and values come from `parseDotenv`, which loads exactly what `dotenv.parse` does.
 * Messages never repeat a value; fixes only insert or delete quotes, `=`, `}` or blanks,
 * or rewrite a key.
 */
import { defineRule } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import type { DotenvEntry, DotenvLine } from '../../parsing/dotenv';
import { edit, envDocumentOf, wrappingQuote } from './_dotenv';

const BARE_KEY = /^(?:export[ \t]+)?([A-Za-z0-9_.-]+)[ \t]*$/;
const COLON_KEY = /^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)([ \t]*):(?!\/\/)([ \t]*)/;

/** `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`, `${NAME+alt}`, `${NAME:?err}`, `${NAME?err}`. */
const REFERENCE_BODY = /^[A-Za-z_][A-Za-z0-9_]*(?::?[-+?=][\s\S]*)?$/;

interface Substitution { start: number; end: number; kind: 'unclosed' | 'invalid'; nameEnd: number }

/** Malformed `${...}` in a value's source text (offsets relative to it); `\$` and `$$` are escapes. */
function badSubstitutions(raw: string): Substitution[] {
  const out: Substitution[] = [];
  for (let i = raw.indexOf('$'); i !== -1; i = raw.indexOf('$', i + 1)) {
    if (i > 0 && raw[i - 1] === '\\') continue;
    if (raw[i + 1] === '$') { i++; continue; }
    if (raw[i + 1] !== '{') continue;
    let nameEnd = i + 2;
    while (nameEnd < raw.length && /[A-Za-z0-9_]/.test(raw[nameEnd])) nameEnd++;
    // Nested `${A:-${B}}` is legal: find the matching brace.
    let depth = 1;
    let j = i + 2;
    for (; j < raw.length && depth > 0; j++) {
      if (raw[j] === '{' && raw[j - 1] === '$') depth++;
      else if (raw[j] === '}') depth--;
    }
    if (depth > 0) {
      out.push({ start: i, end: nameEnd, kind: 'unclosed', nameEnd });
      break;
    }
    const body = raw.slice(i + 2, j - 1);
    if (!REFERENCE_BODY.test(body)) out.push({ start: i, end: j, kind: 'invalid', nameEnd });
    i = j - 1;
  }
  return out;
}

export default defineRule({
  id: 'config/dotenv-syntax',
  meta: {
    description: '.env lines that dotenv skips or reads differently than they look',
    defaultSeverity: 'warning',
    languages: ['dotenv'],
    fix: 'suggestion',
    messages: {
      keyWithoutValue: '`{{key}}` has no `=`, so dotenv skips the line (compose copies it from the environment instead); write `{{key}}=` to declare it empty.',
      colonSyntax: 'dotenv skips this line: `KEY: value` needs the colon right after the key and a blank after it, and compose, foreman and python-dotenv want `=`; write `{{key}}=value`.',
      invalidLine: 'dotenv skips this line: it is not `KEY=value` (keys are letters, digits and `_`); fix it or make it a `#` comment.',
      leadingCharacter: '`{{key}}` starts with `{{char}}`: shells, foreman and many libraries only accept names that start with a letter or `_`; rename it.',
      incorrectDelimiter: '`{{key}}` contains `{{char}}`: shells cannot read it as a variable and foreman skips it; separate words with `_`.',
      unclosedQuote: 'The {{quote}} opening the value of `{{key}}` is never closed: dotenv keeps it as part of the value, compose rejects the file and python-dotenv skips the line; close it.',
      textAfterQuote: '`{{key}}` has text after its closing quote, so dotenv reads everything, quotes included; move the text inside the quotes or after a ` #`.',
      hashInValue: 'dotenv ends the value of `{{key}}` at this `#` (the rest is a comment), but compose and python-dotenv keep it in the value; quote the value if the `#` belongs to it, or put a blank before the comment.',
      unclosedSubstitution: 'A `${` in the value of `{{key}}` is never closed: dotenv-expand leaves it as written and compose rejects the file; close it with `}` or write `\\$` for a literal dollar.',
      invalidSubstitution: 'A `${...}` in the value of `{{key}}` does not name a variable (`${NAME}`, `${NAME:-default}`): dotenv-expand and compose read it differently; fix the name or write `\\$` for a literal dollar.',
    },
    docs: {
      why: 'A line that dotenv skips, or reads differently from compose or python-dotenv, leaves a setting silently unset or wrong in some environments.',
      bad: { dotenv: 'DEBUG\nLOG_LEVEL : info\n2FA_ISSUER=shop\nredis-url=redis://cache:6379\nGREETING="hello\nSMTP_PASSWORD=abc#123\nCALLBACK_URL=${BASE_URL/callback\n' },
      good: { dotenv: 'DEBUG=\nLOG_LEVEL=info\nTWO_FA_ISSUER=shop\nREDIS_URL=redis://cache:6379\nGREETING="hello"\nSMTP_PASSWORD=\'abc#123\'\nCALLBACK_URL=${BASE_URL}/callback\n' },
      fix: 'Adds the missing `=`, turns `KEY : value` into `KEY=value`, closes the quote or the `${`, quotes a value holding `#`, or renames the key with `_` (each a suggestion: what the runners load changes).',
    },
  },
  check(context) {
    const doc = envDocumentOf(context);
    const keys = new Set(doc.entries.map((e) => e.key));
    const report = (start: number, end: number, messageId: string, data: Record<string, string>, fixes: Fix[] = []) =>
      context.report({ range: context.rangeAt(start, end), messageId, data, fixes });

    for (const line of doc.lines) {
      if (line.kind === 'invalid') checkInvalidLine(line);
    }
    for (const e of doc.entries) checkEntry(e);

    function checkInvalidLine(line: DotenvLine): void {
      const lead = line.text.length - line.text.replace(/^[\s\uFEFF]+/, '').length;
      const body = line.text.slice(lead).replace(/\s+$/, '');
      const start = line.range.start + lead;
      const end = start + body.length;
      const bare = BARE_KEY.exec(body);
      if (bare) {
        const keyEnd = start + body.length;
        report(start, end, 'keyWithoutValue', { key: bare[1] }, [
          { title: `Declare ${bare[1]} empty (add =)`, safety: 'suggestion', preferred: true, edits: [edit(context, keyEnd, keyEnd, '=')] },
        ]);
        return;
      }
      const colon = COLON_KEY.exec(body);
      if (colon) {
        const delimStart = start + body.indexOf(colon[1]) + colon[1].length;
        const delimEnd = start + colon[0].length;
        report(start, end, 'colonSyntax', { key: colon[1] }, [
          { title: `Write ${colon[1]}=…`, safety: 'suggestion', preferred: true, edits: [edit(context, delimStart, delimEnd, '=')] },
        ]);
        return;
      }
      report(start, end, 'invalidLine', {}, [{ title: 'Comment out the line', safety: 'suggestion', edits: [edit(context, start, start, '# ')] }]);
    }

    function checkEntry(e: DotenvEntry): void {
      const key = e.key;
      const keyRange = e.keyRange;
      if (/^[0-9.-]/.test(key)) {
        const rest = key.replace(/^[0-9.-]+/, '');
        const fixes: Fix[] = [];
        if (/^[A-Za-z_]/.test(rest)) {
          fixes.push({ title: `Rename to ${rest}`, safety: 'suggestion', preferred: true, edits: [edit(context, keyRange.start, keyRange.end, rest)] });
        }
        report(keyRange.start, keyRange.end, 'leadingCharacter', { key, char: key[0] }, fixes);
      } else if (/[.-]/.test(key)) {
        const renamed = key.replace(/[.-]/g, '_');
        const taken = keys.has(renamed);
        report(keyRange.start, keyRange.end, 'incorrectDelimiter', { key, char: /[.-]/.exec(key)?.[0] ?? '-' },
          taken ? [] : [{ title: `Rename to ${renamed}`, safety: 'suggestion', preferred: true, edits: [edit(context, keyRange.start, keyRange.end, renamed)] }]);
      }

      const vr = e.valueRange;
      if (e.quote && !e.quoteRanges?.close) {
        const open = e.quoteRanges?.open ?? { start: vr.start, end: vr.start + 1 };
        const closedLater = e.rawValue.indexOf(e.quote, 1) > 0;
        if (closedLater) {
          report(open.start, vr.end, 'textAfterQuote', { key });
        } else {
          report(open.start, vr.end, 'unclosedQuote', { key, quote: e.quote === '"' ? 'double quote' : e.quote === "'" ? 'single quote' : 'backtick' }, [
            { title: 'Close the quote', safety: 'suggestion', preferred: true, edits: [edit(context, vr.end, vr.end, e.quote)] },
          ]);
        }
        return;
      }

      // `KEY=abc#def`: dotenv stops at the `#`; compose and python-dotenv need a blank before a comment.
      if (e.quote === null && e.comment && e.comment.range.start === (vr.end > vr.start ? vr.end : e.delimiterRange.end)) {
        const lineEnd = context.lines.offsetAt({ line: context.lines.positionAt(e.comment.range.start).line, character: Number.MAX_SAFE_INTEGER });
        const tail = context.text.slice(e.comment.range.start, lineEnd);
        // The value as compose reads it runs to the first ` #` (or the end of the line).
        const cut = /[ \t]#/.exec(tail);
        let end = e.comment.range.start + (cut ? cut.index : tail.length);
        while (end > e.comment.range.start && /\s/.test(context.text[end - 1])) end--;
        const start = vr.end > vr.start ? vr.start : e.comment.range.start;
        const q = wrappingQuote(context.text.slice(start, end));
        const fixes: Fix[] = [];
        if (q) fixes.push({ title: 'Quote the value (the # is part of it)', safety: 'suggestion', preferred: true, edits: [edit(context, start, start, q), edit(context, end, end, q)] });
        if (vr.end > vr.start) fixes.push({ title: 'Put a blank before the comment', safety: 'suggestion', edits: [edit(context, e.comment.range.start, e.comment.range.start, ' ')] });
        report(e.comment.range.start, e.comment.range.start + 1, 'hashInValue', { key }, fixes);
      }

      if (e.quote === null || (e.quote === '"' && e.quoteRanges?.close)) {
        for (const s of badSubstitutions(e.rawValue)) {
          const fixes: Fix[] = [];
          if (s.kind === 'unclosed' && s.nameEnd > s.start + 2) {
            const at = vr.start + s.nameEnd;
            fixes.push({ title: 'Close the ${…}', safety: 'suggestion', preferred: true, edits: [edit(context, at, at, '}')] });
          }
          report(vr.start + s.start, vr.start + s.end, s.kind === 'unclosed' ? 'unclosedSubstitution' : 'invalidSubstitution', { key }, fixes);
        }
      }
    }
  },
});
