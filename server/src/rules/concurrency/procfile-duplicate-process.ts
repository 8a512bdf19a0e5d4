/**
 * A process type declared twice: each runner resolves it differently (see
 * `parsing/procfile.ts`), so what runs depends on where the Procfile is read.
 */
import { defineRule } from '../../engine/rule';
import type { ProcfileTarget } from '../../engine/settings';
import { edit, lineRemovalSpan, procfileOf } from '../../analysis/procfile';
import type { ProcfileProcess } from '../../parsing/procfile';

const CONSEQUENCE: Record<ProcfileTarget, string> = {
  heroku: 'Heroku keeps only one of the commands',
  cnb: 'the CNB Procfile buildpack keeps the last one',
  dokku: 'dokku rejects the whole Procfile',
  foreman: 'foreman starts both',
  honcho: 'honcho refuses to start',
  overmind: 'overmind refuses to start',
};

/** How CNB's Procfile buildpack normalises a key (lower case, `_` -> `-`). */
function cnbKey(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

export default defineRule({
  id: 'concurrency/procfile-duplicate-process',
  meta: {
    description: 'A process type declared more than once in a Procfile',
    defaultSeverity: 'warning',
    languages: ['procfile'],
    fix: 'safe',
    messages: {
      duplicate: 'Process type `{{name}}` is already declared on line {{line}}, and {{consequence}}; keep one line per process type (give the other a name of its own to scale it separately).',
      sameAfterNormalising: '`{{name}}` and `{{other}}` (line {{line}}) become the same process type once CNB lower-cases names and turns `_` into `-`, and it keeps the last one; give them distinct names.',
    },
    docs: {
      why: 'The process model scales each process type on its own; a type declared twice runs one command, the other or both depending on the runner, so production and development diverge.',
      bad: { procfile: 'web: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq -q default\nworker: bundle exec sidekiq -q mailers\n' },
      good: { procfile: 'web: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq -q default\nmailer-worker: bundle exec sidekiq -q mailers\n' },
      fix: 'Removes the later line (a safe fix when both lines hold the same command, a suggestion otherwise).',
    },
  },
  check(context) {
    const procfile = procfileOf(context);
    const cnb = context.settings.procfile.target === 'cnb';
    const seen = new Map<string, ProcfileProcess>();
    for (const p of procfile.processes) {
      const key = cnb ? cnbKey(p.name.text) : p.name.text;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, p);
        continue;
      }
      const span = lineRemovalSpan(procfile, p.line);
      const same = first.command.text === p.command.text && first.name.text === p.name.text;
      const fixes = [{
        title: `Remove this duplicate '${p.name.text}' line`, safety: same ? 'safe' as const : 'suggestion' as const, preferred: true,
        edits: [edit(context, span.start, span.end, '')],
      }];
      if (first.name.text !== p.name.text) {
        context.report({
          range: context.rangeAt(p.name.start, p.name.end), messageId: 'sameAfterNormalising',
          data: { name: p.name.text, other: first.name.text, line: first.line + 1 }, fixes,
        });
      } else {
        context.report({
          range: context.rangeAt(p.name.start, p.name.end), messageId: 'duplicate',
          data: { name: p.name.text, line: first.line + 1, consequence: CONSEQUENCE[context.settings.procfile.target] }, fixes,
        });
      }
    }
  },
});
