/**
 * Process type names the chosen runner rejects or rewrites.
 *
 * The portable set is a DNS label: lowercase letters, digits and inner `-`, at most 63
 * characters (what the CNB Procfile buildpack, Heroku's Fir generation and Kubernetes-based
 * schedulers require). What each `twelveFactor.procfile.target` accepts:
 *
 * | target | accepts | flagged here |
 * |---|---|---|
 * | heroku | letters (either case), digits, `_`, `-` | other characters (`.`, `/`, ...) |
 * | cnb | the portable set; rewrites `_` to `-` and upper to lower case with a build warning | `_`, upper case, a leading or trailing `-`, more than 63 characters, other characters |
 * | dokku | letters, digits, `_`, `-`, at most 63 characters | other characters, more than 63 characters |
 * | foreman, honcho, overmind | letters, digits, `_`, `-` | other characters |
 */
import { defineRule } from '../../engine/rule';
import { MAX_NAME_LENGTH, NAME_CHARS } from '../../parsing/procfile';
import { edit, portableName, procfileOf } from '../../analysis/procfile';

export default defineRule({
  id: 'concurrency/procfile-process-name',
  meta: {
    description: 'Procfile process type names the target runner rejects or rewrites',
    defaultSeverity: 'warning',
    languages: ['procfile'],
    fix: 'suggestion',
    messages: {
      dot: '`{{name}}` contains `.`, which no runner accepts in a process type (Heroku and foreman skip the line, CNB fails the build); rename it `{{fixed}}`.',
      invalidCharacters: '`{{name}}` contains characters other than letters, digits, `_` and `-`, so runners skip the line (CNB fails the build); rename it `{{fixed}}`.',
      tooLong: '`{{name}}` has {{length}} characters and {{target}} accepts at most 63 (process types become Kubernetes-style names); shorten it.',
      underscore: 'CNB rewrites `{{name}}` to `{{fixed}}` (process types are DNS labels there: lowercase letters, digits and `-`), so anything that scales or runs `{{name}}` misses it; rename it `{{fixed}}`.',
      upperCase: 'CNB lower-cases `{{name}}` to `{{fixed}}` (process types are DNS labels there: lowercase letters, digits and `-`), so anything that scales or runs `{{name}}` misses it; rename it `{{fixed}}`.',
      edgeDash: '`{{name}}` starts or ends with `-`, which CNB rejects (a process type must start and end with a letter or digit); rename it `{{fixed}}`.',
    },
    docs: {
      why: 'Process types are the names the platform scales and restarts; a name the runner skips, rejects or silently rewrites leaves that process unscaled or not running at all.',
      bad: { procfile: 'web: bundle exec puma -C config/puma.rb\nsidekiq.default: bundle exec sidekiq -q default\n' },
      good: { procfile: 'web: bundle exec puma -C config/puma.rb\nsidekiq-default: bundle exec sidekiq -q default\n' },
      fix: 'Renames the process type to its portable form (lower case, other characters turned into `-`, at most 63 characters), unless another process already has that name.',
    },
  },
  check(context) {
    const procfile = procfileOf(context);
    const target = context.settings.procfile.target;
    const taken = new Set(procfile.processes.map((p) => p.name.text));
    for (const p of procfile.processes) {
      const name = p.name.text;
      const fixed = portableName(name);
      let messageId: string | undefined;
      if (!NAME_CHARS.test(name)) messageId = name.includes('.') ? 'dot' : 'invalidCharacters';
      else if (name.length > MAX_NAME_LENGTH && (target === 'cnb' || target === 'dokku')) messageId = 'tooLong';
      else if (target === 'cnb') {
        if (/[A-Z]/.test(name)) messageId = 'upperCase';
        else if (name.includes('_')) messageId = 'underscore';
        else if (/^-|-$/.test(name)) messageId = 'edgeDash';
      }
      if (!messageId) continue;
      const canFix = fixed !== '' && fixed !== name && !taken.has(fixed);
      context.report({
        range: context.rangeAt(p.name.start, p.name.end), messageId,
        data: { name, fixed: fixed || 'a name of letters, digits and -', length: name.length, target },
        fixes: canFix ? [{ title: `Rename '${name}' to '${fixed}'`, safety: 'suggestion', preferred: true, edits: [edit(context, p.name.start, p.name.end, fixed)] }] : [],
      });
    }
  },
});
