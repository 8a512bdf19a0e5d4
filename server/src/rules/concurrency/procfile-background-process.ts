/**
 * A Procfile command that sends work to the background: a trailing `&` (the shell exits at
 * once, and the platform sees the process end), `a & b` (a runs unsupervised next to b),
 * `nohup`, daemonising flags (`gunicorn -D`, `puma -d`, `rails s -d`, `unicorn -D`, `thin -d`,
 * `sidekiq -d`, `celery worker --detach`, `redis-server --daemonize yes`, `uwsgi --daemonize`,
 * `mongod --fork`, `memcached -d`, `php-fpm -D`, `docker run -d`...) and detaching tools
 * (`screen -dm`, `tmux new -d`, `celery multi`, `start-stop-daemon --background`, `daemonize`).
 *
 * Read from the bash syntax tree: `&&`, `&>` and `>&` are not backgrounds, and `&` inside
 * quotes is text, but `sh -c '... &'` scripts are read too.
 */
import { defineRule } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import { invocation, type Invocation, type Word } from '../../parsing/procfile-command';
import { edit, freshName, procfileOf, removalSpan, shellOf, shortCommand } from '../../analysis/procfile';

interface DaemonFlag {
  /** Program names (after wrappers) and an optional required subcommand. */
  programs: string[];
  sub?: RegExp;
  flags: string[];
  /** The flag takes a value (`--daemonize yes`, `--daemonize /var/log/uwsgi.log`). */
  value?: RegExp;
}

const DAEMON_FLAGS: DaemonFlag[] = [
  { programs: ['gunicorn'], flags: ['-D', '--daemon'] },
  { programs: ['unicorn', 'unicorn_rails'], flags: ['-D', '--daemonize'] },
  { programs: ['puma'], flags: ['-d', '--daemon'] },
  { programs: ['rails'], sub: /^(s|server)$/, flags: ['-d', '--daemon'] },
  { programs: ['thin'], flags: ['-d', '--daemonize'] },
  { programs: ['sidekiq'], flags: ['-d', '--daemon'] },
  { programs: ['celery'], flags: ['-D', '--detach'] },
  { programs: ['redis-server', 'keydb-server', 'valkey-server'], flags: ['--daemonize'], value: /^yes$/i },
  { programs: ['uwsgi'], flags: ['-d', '--daemonize', '--daemonize2'], value: /./ },
  { programs: ['mongod', 'mongos'], flags: ['--fork'] },
  { programs: ['memcached'], flags: ['-d', '--daemon'] },
  { programs: ['php-fpm', 'php-fpm7', 'php-fpm8'], flags: ['-D', '--daemonize'] },
  { programs: ['haproxy'], flags: ['-D'] },
  { programs: ['docker', 'podman'], sub: /^(run|start|compose|up)$/, flags: ['-d', '--detach'] },
  { programs: ['docker-compose'], sub: /^up$/, flags: ['-d', '--detach'] },
];

function daemonFlag(inv: Invocation): { flag: Word; value?: Word } | undefined {
  for (const spec of DAEMON_FLAGS) {
    if (!spec.programs.includes(inv.program)) continue;
    if (spec.sub && !inv.args.some((a) => spec.sub?.test(a.value ?? ''))) continue;
    for (let i = 0; i < inv.args.length; i++) {
      const a = inv.args[i];
      const v = a.value ?? '';
      const eq = v.indexOf('=');
      const name = v.startsWith('--') && eq > 0 ? v.slice(0, eq) : v;
      if (!spec.flags.includes(name)) continue;
      if (spec.value) {
        const value = eq > 0 ? v.slice(eq + 1) : inv.args[i + 1]?.value;
        if (value === undefined || !spec.value.test(value)) continue;
        return { flag: a, value: eq > 0 ? undefined : inv.args[i + 1] };
      }
      return { flag: a };
    }
  }
  return undefined;
}

function detachingTool(inv: Invocation): string | undefined {
  const a = inv.args.map((w) => w.value ?? '');
  if (inv.program === 'screen' && a.some((x) => /^-[a-zA-Z]*d[a-zA-Z]*m|^-[a-zA-Z]*m[a-zA-Z]*d/.test(x))) return 'screen -dm';
  if (inv.program === 'tmux' && /^new(-session)?$/.test(a[0] ?? '') && a.includes('-d')) return 'tmux new -d';
  if (inv.program === 'celery' && a.includes('multi')) return 'celery multi';
  if (inv.program === 'start-stop-daemon' && a.some((x) => x === '--background' || x === '-b')) return 'start-stop-daemon --background';
  if (inv.program === 'daemonize' || inv.program === 'daemon') return inv.program;
  if (inv.program === 'setsid' && a.some((x) => x === '-f' || x === '--fork')) return 'setsid --fork';
  return undefined;
}

export default defineRule({
  id: 'concurrency/procfile-background-process',
  meta: {
    description: 'Procfile commands that background or daemonise their process',
    defaultSeverity: 'warning',
    languages: ['procfile'],
    fix: 'suggestion',
    messages: {
      trailingAmpersand: '`&` sends the command to the background, so the shell exits at once and the platform sees `{{name}}` end (and restarts it in a loop); run it in the foreground.',
      backgroundedStep: '`&` runs `{{step}}` in the background beside the rest of `{{name}}`, where the process manager cannot see, restart or scale it; give it a process type of its own.',
      ampersand: '`&` runs part of `{{name}}` in the background, where the process manager cannot see, restart or scale it; run each program as its own process type.',
      nohup: '`nohup` detaches `{{name}}` from the process manager, which already keeps it running and collects its output; drop `nohup`.',
      daemonFlag: '`{{flag}}` makes {{program}} daemonise: it forks into the background and the process manager loses track of it; run it in the foreground.',
      detachTool: '`{{tool}}` starts its programs detached from the process manager; declare each of them as a process type instead.',
    },
    docs: {
      why: 'The process manager (the platform, or foreman locally) starts, watches, restarts and scales each process; a process that daemonises or backgrounds itself escapes it, and its exit looks like a crash.',
      bad: { procfile: 'web: nohup bundle exec puma -C config/puma.rb &\nworker: bundle exec sidekiq & bundle exec clockwork clock.rb\ncache: redis-server --daemonize yes\n' },
      good: { procfile: 'web: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq\nclock: bundle exec clockwork clock.rb\n' },
      fix: 'Removes the trailing `&`, `nohup` or the daemonising flag; for `a & b`, moves `a` to a process type of its own.',
    },
  },
  check(context) {
    const procfile = procfileOf(context);
    for (const proc of procfile.processes) {
      const sh = shellOf(proc);
      if (!sh) continue;
      const { model, base } = sh;
      const name = proc.name.text;
      for (const bg of model.backgrounds) {
        const range = context.rangeAt(base + bg.start, base + bg.end);
        if (bg.trailing) {
          const span = removalSpan(model.text, bg.start, bg.end);
          context.report({
            range, messageId: 'trailingAmpersand', data: { name },
            fixes: [{ title: 'Run it in the foreground (remove `&`)', safety: 'suggestion', preferred: true, edits: [edit(context, base + span.start, base + span.end, '')] }],
          });
          continue;
        }
        const step = bg.step;
        const next = step ? model.steps[model.steps.indexOf(step) + 1] : undefined;
        if (step && next) {
          const stepText = model.text.slice(step.start, step.end);
          const first = step.commands.map(invocation).find((x) => x !== undefined);
          const newName = freshName(procfile, first?.program.replace(/\.[a-z]+$/, '') ?? '', `${name}-2`);
          const lineEnd = proc.span.end;
          const fixes: Fix[] = [{
            title: `Move '${shortCommand(stepText)}' to a new process type '${newName}'`, safety: 'suggestion', preferred: true,
            edits: [
              edit(context, base + step.start, base + next.start, ''),
              edit(context, lineEnd, lineEnd, `${procfile.eol}${newName}: ${stepText}`),
            ],
          }];
          context.report({ range, messageId: 'backgroundedStep', data: { name, step: shortCommand(stepText) }, fixes });
          continue;
        }
        context.report({ range, messageId: 'ampersand', data: { name } });
      }
      for (const cmd of model.commands) {
        const inv = invocation(cmd);
        if (!inv) continue;
        const nohup = inv.wrappers.find((x) => x.value === 'nohup');
        if (nohup) {
          let end = nohup.end;
          while (end < model.text.length && /[ \t]/.test(model.text[end])) end++;
          context.report({
            range: context.rangeAt(base + nohup.start, base + nohup.end), messageId: 'nohup', data: { name },
            fixes: [{ title: 'Remove `nohup`', safety: 'suggestion', preferred: true, edits: [edit(context, base + nohup.start, base + end, '')] }],
          });
        }
        const d = daemonFlag(inv);
        if (d) {
          const end = d.value ? d.value.end : d.flag.end;
          const span = removalSpan(model.text, d.flag.start, end);
          context.report({
            range: context.rangeAt(base + d.flag.start, base + end), messageId: 'daemonFlag',
            data: { flag: model.text.slice(d.flag.start, end), program: inv.program },
            fixes: [{ title: `Remove '${model.text.slice(d.flag.start, end)}'`, safety: 'suggestion', preferred: true, edits: [edit(context, base + span.start, base + span.end, '')] }],
          });
        }
        const tool = detachingTool(inv);
        if (tool) context.report({ range: context.rangeAt(base + inv.programWord.start, base + inv.programWord.end), messageId: 'detachTool', data: { tool } });
      }
    }
  },
});
