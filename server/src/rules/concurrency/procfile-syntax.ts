/**
 * A Procfile line that a runner skips or chokes on declares a process that never runs.
 *
 * Checks the shape of each line against the Heroku/CNB format `name: command` and the
 * runner chosen in `twelveFactor.procfile.target` (see `parsing/procfile.ts` for the table):
 * a line without `name:`, an empty command, blanks before the name or before the colon,
 * `name:cmd` (overmind only), a byte order mark, and `//` comments (dokku only).
 */
import { defineRule } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import { edit, lineRemovalSpan, procfileOf } from '../../analysis/procfile';

/** Names that are process types far more often than programs, for the missing-colon fix. */
const TYPICAL_TYPES = /^(web|worker|release|clock|scheduler|beat|cron|jobs|queue|urgentworker|[a-z0-9]+[-_](worker|web|queue|jobs))$/;

export default defineRule({
  id: 'concurrency/procfile-syntax',
  meta: {
    description: 'Procfile lines that runners skip or reject',
    defaultSeverity: 'warning',
    languages: ['procfile'],
    fix: 'safe',
    messages: {
      missingColon: 'This line is not `name: command`, so no runner starts it (dokku rejects the whole Procfile); put the process type and a colon first, or comment the line out.',
      missingName: 'This command has no process type before its colon; name it (`worker: ...`).',
      emptyCommand: 'Process type `{{name}}` has no command: Heroku and foreman skip the line and CNB builds fail; give it a command or remove the line.',
      leadingWhitespace: 'Blanks before `{{name}}` make Heroku, foreman, honcho and overmind skip this line (CNB strips them with a warning); start the line with the process type.',
      spaceBeforeColon: 'The blank between `{{name}}` and its colon makes every runner skip this line (dokku rejects the Procfile); write `{{name}}:`.',
      noSpaceAfterColon: 'overmind only reads `{{name}}: command` with a blank after the colon and skips `{{name}}:command`; add a space.',
      byteOrderMark: 'The Procfile starts with a byte order mark, so Heroku does not recognise the first process type; save it as UTF-8 without BOM.',
      slashComment: 'Only dokku reads `//` lines as comments; use `#`, which every runner understands.',
    },
    docs: {
      why: 'A process type whose line the platform cannot read never starts, and nothing in the deploy says so: the app silently runs without it.',
      bad: {
        procfile: 'web : bundle exec puma -C config/puma.rb\n  worker: bundle exec sidekiq\nclock bundle exec clockwork clock.rb\nrelease:\n',
      },
      good: {
        procfile: 'web: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq\nclock: bundle exec clockwork clock.rb\nrelease: bundle exec rails db:migrate\n',
      },
      fix: 'Inserts the missing colon after a typical process type name (otherwise comments the line out), removes blanks before the name or the colon, adds the space overmind needs after the colon, removes a byte order mark, turns `//` comments into `#`, or removes a line with no command.',
    },
  },
  check(context) {
    const procfile = procfileOf(context);
    const target = context.settings.procfile.target;
    if (procfile.bom && procfile.lines[0]?.kind !== 'blank') {
      context.report({
        range: context.rangeAt(0, 1), messageId: 'byteOrderMark',
        fixes: [{ title: 'Remove the byte order mark', safety: 'safe', preferred: true, edits: [edit(context, 0, 1, '')] }],
      });
    }
    for (const line of procfile.lines) {
      if (line.kind === 'comment' && line.comment?.marker === '//' && target !== 'dokku') {
        const c = line.comment;
        context.report({
          range: context.rangeAt(c.start, c.end), messageId: 'slashComment',
          fixes: [{ title: 'Use `#` for the comment', safety: 'safe', preferred: true, edits: [edit(context, c.start, c.start + 2, '#')] }],
        });
        continue;
      }
      if (line.kind !== 'process' && line.kind !== 'malformed') continue;
      const contentStart = line.indent?.end ?? line.span.start + (line.line === 0 && procfile.bom ? 1 : 0);
      const whole = context.rangeAt(contentStart, line.span.end);
      const commentOut: Fix = { title: 'Comment out the line', safety: 'suggestion', edits: [edit(context, contentStart, contentStart, '# ')] };

      if (line.problems.includes('missing-colon')) {
        const fixes: Fix[] = [];
        const w = line.firstWord;
        if (w && TYPICAL_TYPES.test(w.text) && w.end < line.span.end) {
          const rest = procfile.text.slice(w.end, line.span.end);
          fixes.push({ title: `Insert ':' after '${w.text}'`, safety: 'suggestion', preferred: true, edits: [edit(context, w.end, w.end, /^[ \t]/.test(rest) ? ':' : ': ')] });
        }
        fixes.push(commentOut);
        context.report({ range: whole, messageId: 'missingColon', fixes });
        continue;
      }
      if (line.problems.includes('missing-name')) {
        context.report({ range: whole, messageId: 'missingName', fixes: [commentOut] });
        continue;
      }
      const name = line.name;
      if (!name) continue;
      const data = { name: name.text };
      if (line.problems.includes('empty-command')) {
        const span = lineRemovalSpan(procfile, line.line);
        context.report({
          range: context.rangeAt(name.start, line.span.end), messageId: 'emptyCommand', data,
          fixes: [{ title: `Remove the empty '${name.text}' line`, safety: 'suggestion', preferred: true, edits: [edit(context, span.start, span.end, '')] }],
        });
        continue;
      }
      if (line.indent && target !== 'dokku') {
        context.report({
          range: context.rangeAt(line.indent.start, name.end), messageId: 'leadingWhitespace', data,
          fixes: [{ title: 'Remove the leading blanks', safety: 'suggestion', preferred: true, edits: [edit(context, line.indent.start, line.indent.end, '')] }],
        });
      }
      if (line.gap) {
        context.report({
          range: context.rangeAt(name.start, line.gap.end + 1), messageId: 'spaceBeforeColon', data,
          fixes: [{ title: `Remove the blank before ':'`, safety: 'suggestion', preferred: true, edits: [edit(context, line.gap.start, line.gap.end, '')] }],
        });
      }
      if (line.problems.includes('no-space-after-colon') && target === 'overmind' && line.separator) {
        const at = line.separator.start + 1;
        context.report({
          range: context.rangeAt(name.start, at), messageId: 'noSpaceAfterColon', data,
          fixes: [{ title: `Add a space after '${name.text}:'`, safety: 'safe', preferred: true, edits: [edit(context, at, at, ' ')] }],
        });
      }
    }
  },
});
