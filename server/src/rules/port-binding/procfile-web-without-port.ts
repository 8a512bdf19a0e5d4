/**
 * A `web` process whose server ignores `$PORT` unless told: uvicorn, hypercorn, daphne,
 * waitress-serve, `flask run`, `manage.py runserver`, `python -m http.server` and
 * `streamlit run` listen on their own default port when given none.
 *
 * Servers that read `PORT` themselves are never flagged: gunicorn (binds `0.0.0.0:$PORT`
 * when PORT is set), rails server, puma, `next start`, and anything started through
 * `node`, `npm start` or a config file (`puma -C config/puma.rb`), which we cannot see into.
 */
import { defineRule } from '../../engine/rule';
import { findOption, mentionsVariable } from '../../parsing/procfile-command';
import { isDevProcfile } from '../../parsing/procfile';
import { edit, procfileOf, shellOf } from '../../analysis/procfile';
import { hasAnyPort, serverOf } from './_servers';

export default defineRule({
  id: 'port-binding/procfile-web-without-port',
  meta: {
    description: 'A Procfile web process whose server is not given $PORT',
    defaultSeverity: 'info',
    languages: ['procfile'],
    fix: 'suggestion',
    messages: {
      noPort: 'The web process starts {{server}} without a port, so it listens on {{default}} and not on the `$PORT` the platform routes traffic to; pass `$PORT`.',
    },
    docs: {
      why: 'The platform tells the web process which port to listen on through `$PORT`; a server left on its built-in default port is unreachable.',
      bad: { procfile: 'web: uvicorn main:app\n' },
      good: { procfile: 'web: uvicorn main:app --host 0.0.0.0 --port $PORT\n# gunicorn and rails read PORT themselves:\n# web: gunicorn app:app\n' },
      fix: 'Appends the server\'s port option with `${PORT:-<default>}` (and a host of 0.0.0.0 where the server would listen on localhost only).',
    },
  },
  triggers: ['web'],
  check(context) {
    if (isDevProcfile(context.path)) return;
    const procfile = procfileOf(context);
    for (const proc of procfile.processes) {
      if (proc.name.text !== 'web') continue;
      const sh = shellOf(proc);
      if (!sh) continue;
      const { model, base } = sh;
      for (const cmd of model.commands) {
        const server = serverOf(cmd);
        if (!server || server.spec.noPort === 'env') continue;
        const { spec, inv } = server;
        if (hasAnyPort(server) || mentionsVariable(model, cmd, 'PORT')) continue;
        if (spec.portVariables?.some((v) => inv.envAssignments.some((a) => a.name === v) || model.assigned.has(v))) continue;
        if (spec.config && findOption(server.args, spec.config)) continue;
        const last = [cmd.name, ...cmd.args].filter((w) => w !== undefined).pop();
        const fixes = [];
        // Not into a command the shell cannot parse: its words' ends are guesses there, and the
        // fix, not recognised afterwards, would be offered (and appended) again and again.
        if (spec.append && last && !model.hasError) {
          let text = spec.append.replace('{{port}}', `\${PORT:-${spec.noPort}}`);
          if (spec.host && findOption(server.args, spec.host)) text = text.replace(/ --?[\w.]+ 0\.0\.0\.0/, '');
          const at = base + last.end;
          fixes.push({ title: `Pass $PORT to ${spec.label}`, safety: 'suggestion' as const, preferred: true, edits: [edit(context, at, at, text)] });
        }
        context.report({
          range: context.rangeAt(base + inv.programWord.start, base + inv.programWord.end), messageId: 'noPort',
          data: { server: spec.label, default: `port ${spec.noPort}` }, fixes,
        });
      }
    }
  },
});
