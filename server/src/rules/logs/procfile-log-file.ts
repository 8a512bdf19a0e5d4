/**
 * A Procfile command that sends its output to a file: `> log/x.log`, `>> app.log`,
 * `2> err.log`, `&> out.log`, `| tee app.log`, or a server's own log-file option
 * (`gunicorn --log-file app.log`, `--access-logfile`, `--error-logfile`, `celery --logfile`,
 * `sidekiq -L`, `uwsgi --logto`, `puma --redirect-stdout`, `mongod --logpath`,
 * `redis-server --logfile`, `-Dlogging.file.name=`).
 *
 * Not flagged: `> /dev/null` and other `/dev/` targets, `2>&1`, `>&2`, and log options set
 * to `-` (stdout).
 */
import { defineRule } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import { findOption, invocation, type Invocation, type Word } from '../../parsing/procfile-command';
import { edit, procfileOf, removalSpan, shellOf, stepAt } from '../../analysis/procfile';

const LOG_OPTIONS: Record<string, string[]> = {
  gunicorn: ['--log-file', '--access-logfile', '--error-logfile'],
  celery: ['--logfile', '-f'],
  sidekiq: ['-L', '--logfile'],
  uwsgi: ['--logto', '--logto2'],
  puma: ['--redirect-stdout', '--redirect-stderr'],
  mongod: ['--logpath'],
  'redis-server': ['--logfile'],
  hypercorn: ['--access-logfile', '--error-logfile', '--log-file'],
  daphne: ['--access-log'],
  rq: ['--log-file'],
};

/** A redirection or tee target that is a file (a variable counts: it names a file too). */
function isFileTarget(value: string | undefined): boolean {
  if (value === undefined) return true;
  if (value === '' || value === '-' || /^\d+$/.test(value)) return false;
  return !/^\/(dev|proc\/self\/fd)\//.test(value);
}

function logOption(inv: Invocation): { flag: Word; value?: Word; file: string } | undefined {
  const names = LOG_OPTIONS[inv.program];
  const found = names ? findOption(inv.args, names) : undefined;
  if (found) {
    const file = found.inline !== undefined ? found.flag.value?.slice(found.inline) : found.value?.value;
    if (file !== undefined && file !== '-' && file !== '' && !/^\/dev\//.test(file)) return { flag: found.flag, value: found.inline !== undefined ? undefined : found.value, file };
  }
  for (const w of inv.args) {
    const m = /^-Dlogging\.file(?:\.name)?=(.+)$/.exec(w.value ?? '');
    if (m) return { flag: w, file: m[1] };
  }
  return undefined;
}

export default defineRule({
  id: 'logs/procfile-log-file',
  meta: {
    description: 'Procfile commands that write their logs to a file',
    defaultSeverity: 'warning',
    languages: ['procfile'],
    fix: 'suggestion',
    messages: {
      redirect: '`{{name}}` sends its output to `{{file}}`, which the platform never collects (and which is lost with the container); leave it on stdout/stderr.',
      tee: '`tee {{file}}` keeps a copy of `{{name}}`\'s output in a file on the container\'s disk, where it grows until the container is replaced; the platform already collects stdout.',
      logOption: '`{{option}}` makes {{program}} write its log to `{{file}}` instead of stdout/stderr, where the platform collects it; drop the option.',
    },
    docs: {
      why: 'An app should write its logs as an unbuffered event stream to stdout and let the platform route and store them; files on a container\'s disk are invisible to the platform and vanish with it.',
      bad: { procfile: 'web: bundle exec puma -C config/puma.rb >> log/puma.log 2>&1\nworker: celery -A tasks worker --logfile=celery.log\n' },
      good: { procfile: 'web: bundle exec puma -C config/puma.rb\nworker: celery -A tasks worker --loglevel=info\nsilent: ./bin/poll > /dev/null 2>&1\n' },
      fix: 'Removes the redirection, the `| tee file` stage or the log-file option, so the output stays on stdout/stderr.',
    },
  },
  check(context) {
    const procfile = procfileOf(context);
    for (const proc of procfile.processes) {
      const sh = shellOf(proc);
      if (!sh) continue;
      const { model, base } = sh;
      const name = proc.name.text;
      for (const cmd of model.commands) {
        for (const r of cmd.redirects) {
          if (!/^(>|>>|&>|&>>|>\||>&)$/.test(r.op) || r.fd === '0') continue;
          if (!r.target || !isFileTarget(r.target.value)) continue;
          if (r.op === '>&' && (r.target.value === undefined || /^\d+$|^-$/.test(r.target.value))) continue;
          const span = removalSpan(model.text, r.start, r.end);
          // A redirection that is the whole command: removing it would leave the process without one.
          const rest = model.text.slice(0, span.start) + model.text.slice(span.end);
          context.report({
            range: context.rangeAt(base + r.start, base + r.end), messageId: 'redirect', data: { name, file: r.target.text },
            fixes: rest.trim() ? [{ title: `Remove '${model.text.slice(r.start, r.end)}'`, safety: 'suggestion', preferred: true, edits: [edit(context, base + span.start, base + span.end, '')] }] : [],
          });
        }
        const inv = invocation(cmd);
        if (!inv) continue;
        if (inv.program === 'tee') {
          const files = inv.args.filter((w) => !(w.value ?? '').startsWith('-') && isFileTarget(w.value));
          if (files.length === 0) continue;
          const step = cmd.nested ? undefined : stepAt(model, cmd.start);
          const fixes: Fix[] = [];
          if (step && step.pipeline && step.commands[step.commands.length - 1] === cmd && step.commands.length > 1) {
            const prev = step.commands[step.commands.length - 2];
            const between = model.text.slice(prev.end, cmd.start);
            if (/^\s*\|\s*$/.test(between)) {
              fixes.push({ title: `Remove '| ${model.text.slice(cmd.start, cmd.end)}'`, safety: 'suggestion', preferred: true, edits: [edit(context, base + prev.end, base + cmd.end, '')] });
            }
          }
          context.report({
            range: context.rangeAt(base + cmd.start, base + cmd.end), messageId: 'tee', data: { name, file: files.map((f) => f.text).join(' ') }, fixes,
          });
          continue;
        }
        const opt = logOption(inv);
        if (opt) {
          const end = opt.value ? opt.value.end : opt.flag.end;
          const span = removalSpan(model.text, opt.flag.start, end);
          const option = model.text.slice(opt.flag.start, end);
          context.report({
            range: context.rangeAt(base + opt.flag.start, base + end), messageId: 'logOption', data: { option, program: inv.program, file: opt.file },
            fixes: [{ title: `Remove '${option}'`, safety: 'suggestion', preferred: true, edits: [edit(context, base + span.start, base + span.end, '')] }],
          });
        }
      }
    }
  },
});
