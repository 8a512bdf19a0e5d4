/**
 * An app's main Procfile declares processes but no `web`, while its manifests show it serves
 * HTTP: a web framework among the runtime dependencies of package.json, the Gemfile,
 * requirements.txt / pyproject.toml, go.mod, pom.xml / build.gradle or composer.json, read
 * from the Procfile's folder. Conservative: development dependencies do not count, and
 * variant Procfiles (`Procfile.dev`, `Procfile.worker`...) are never checked.
 *
 * Informational only: on Heroku's classic stack a buildpack's default `web` command may
 * fill in for a missing one; every other runner starts nothing that listens on `$PORT`.
 */
import * as path from 'path';
import { defineRule } from '../../engine/rule';
import { isMainProcfile } from '../../parsing/procfile';
import { edit, procfileOf } from '../../analysis/procfile';
import { detectStack, webEvidence } from '../../analysis/project-stack';

export default defineRule({
  id: 'port-binding/procfile-missing-web',
  meta: {
    description: 'A Procfile with no web process for an app that serves HTTP',
    defaultSeverity: 'info',
    languages: ['procfile'],
    fix: 'suggestion',
    messages: {
      missingWeb: 'No `web` process, yet {{evidence}} says this app serves HTTP: only the process named `web` receives traffic on `$PORT`; add `web: {{command}}`.',
      missingWebNoCommand: 'No `web` process, yet {{evidence}} says this app serves HTTP: only the process named `web` receives traffic on `$PORT`; declare its server as `web: <command>`.',
    },
    docs: {
      why: 'An app exports HTTP by binding the port the platform gives its `web` process; with no `web` process nothing receives the traffic routed to the app.',
      bad: { procfile: '# package.json depends on express\nworker: node jobs/worker.js\n' },
      good: { procfile: 'web: npm start\nworker: node jobs/worker.js\n' },
      fix: 'Adds a `web:` line with the stack\'s usual command (`npm start`, `bin/rails server`, ...) before the first process.',
    },
  },
  check(context) {
    if (!isMainProcfile(context.path)) return;
    const procfile = procfileOf(context);
    const first = procfile.processes[0];
    if (!first || procfile.processes.some((p) => p.name.text === 'web')) return;
    // A `web` line that is malformed still shows the intent; the syntax rule reports it.
    if (procfile.lines.some((l) => l.name?.text === 'web' || l.firstWord?.text === 'web')) return;
    const stack = detectStack(context.project, path.dirname(context.path));
    const web = webEvidence(stack);
    if (!web) return;
    const at = first.span.start + (first.line === 0 && procfile.bom ? 1 : 0);
    context.report({
      range: context.rangeAt(first.name.start, first.name.end),
      messageId: web.command ? 'missingWeb' : 'missingWebNoCommand',
      data: { evidence: web.evidence, command: web.command ?? '' },
      fixes: web.command ? [{
        title: `Add 'web: ${web.command}'`, safety: 'suggestion', preferred: true,
        edits: [edit(context, at, at, `web: ${web.command}${procfile.eol}`)],
      }] : [],
    });
  },
});
