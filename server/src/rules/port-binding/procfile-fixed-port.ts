/**
 * A `web` process told to listen on a fixed port (`-p 3000`, `--port=8000`, `-b 0.0.0.0:8000`,
 * `--bind :5000`, `PORT=3000 node ...`, `php -S 0.0.0.0:8000`, `runserver 0.0.0.0:8000`,
 * `-Dserver.port=8080`) instead of the port the platform assigns in `$PORT`.
 *
 * Development Procfiles (`Procfile.dev`...) are skipped: only a local runner reads them.
 */
import { defineRule, type RuleContext } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';
import { invocation, type Word } from '../../parsing/procfile-command';
import { isDevProcfile } from '../../parsing/procfile';
import { edit, procfileOf, removalSpan, shellOf } from '../../analysis/procfile';
import { fixedPorts, serverOf } from './_servers';

/** An edit replacing `length` characters at `index` of a word's value, keeping the word's quoting. */
function replaceInWord(context: RuleContext, base: number, word: Word, index: number, length: number, replacement: string): TextEdit | undefined {
  const v = word.value;
  if (v === undefined) return undefined;
  const at = (i: number) => base + word.start + i;
  if (word.text === v) return edit(context, at(index), at(index + length), replacement);
  if (word.type === 'string' && word.text === `"${v}"`) return edit(context, at(1 + index), at(1 + index + length), replacement);
  if (word.type === 'raw_string') {
    const esc = (s: string) => s.replace(/[\\"$`]/g, '\\$&');
    return edit(context, at(0), at(word.text.length), `"${esc(v.slice(0, index))}${replacement}${esc(v.slice(index + length))}"`);
  }
  return undefined;
}

function portFixes(context: RuleContext, base: number, word: Word, index: number, port: string): Fix[] {
  const fixes: Fix[] = [];
  const withDefault = replaceInWord(context, base, word, index, port.length, `\${PORT:-${port}}`);
  if (withDefault) fixes.push({ title: `Use \${PORT:-${port}} (the platform's port, ${port} when unset)`, safety: 'safe', preferred: true, edits: [withDefault] });
  const bare = replaceInWord(context, base, word, index, port.length, '$PORT');
  if (bare) fixes.push({ title: 'Use $PORT', safety: 'suggestion', edits: [bare] });
  return fixes;
}

export default defineRule({
  id: 'port-binding/procfile-fixed-port',
  meta: {
    description: 'A Procfile web process bound to a fixed port instead of $PORT',
    defaultSeverity: 'warning',
    languages: ['procfile'],
    fix: 'safe',
    messages: {
      fixedPort: 'The web process listens on fixed port {{port}}, but the platform sends traffic to the port it puts in `$PORT` (foreman, honcho and overmind set one per process too); use `$PORT`.',
      fixedPortVariable: 'The web process sets PORT={{port}} itself, overriding the port the platform assigns; drop the assignment or keep {{port}} only as a default (`${PORT:-{{port}}}`).',
    },
    docs: {
      why: 'The platform picks the port a web process must listen on and routes traffic there; a process that binds its own port is unreachable and fails its health check.',
      bad: {
        procfile: 'web: bundle exec rails server -p 3000\n# or: web: gunicorn app:app --bind 0.0.0.0:8000\n# or: web: PORT=3000 node server.js\n',
      },
      good: {
        procfile: 'web: bundle exec rails server -p $PORT\n# or: web: gunicorn app:app --bind 0.0.0.0:$PORT\n# or: web: node server.js   (server.js reads process.env.PORT)\n',
      },
      fix: 'Replaces the fixed port with `${PORT:-<port>}`, the platform\'s port with the old one as the local default (or with plain `$PORT`); for `PORT=3000` prefixes it can also drop the assignment.',
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
        // PORT=3000 cmd, env PORT=3000 cmd
        const inv = invocation(cmd);
        const assignments: { word: Word; index: number; span: { start: number; end: number } }[] = [];
        for (const a of cmd.assignments) {
          if (a.name === 'PORT' && a.value?.value !== undefined && /^\d{2,5}$/.test(a.value.value)) assignments.push({ word: a.value, index: 0, span: a });
        }
        if (inv) {
          for (const w of [cmd.name, ...cmd.args]) {
            if (!w || w.start >= inv.programWord.start) break;
            if (/^PORT=\d{2,5}$/.test(w.value ?? '')) assignments.push({ word: w, index: 5, span: w });
          }
        }
        for (const a of assignments) {
          const port = (a.word.value ?? '').slice(a.index);
          const fixes = portFixes(context, base, a.word, a.index, port);
          const removal = removalSpan(model.text, a.span.start, a.span.end);
          fixes.push({ title: 'Remove the PORT assignment', safety: 'suggestion', edits: [edit(context, base + removal.start, base + removal.end, '')] });
          context.report({ range: context.rangeAt(base + a.span.start, base + a.span.end), messageId: 'fixedPortVariable', data: { port }, fixes });
        }
        const server = serverOf(cmd);
        if (!server) continue;
        for (const m of fixedPorts(server)) {
          context.report({
            range: context.rangeAt(base + m.start, base + m.end), messageId: 'fixedPort', data: { port: m.port },
            fixes: portFixes(context, base, m.word, m.index, m.port),
          });
        }
      }
    }
  },
});
