/**
 * A variable a Procfile command expands (`$FOO`, `${FOO}`) that no env file declares:
 * `.env`, `.env.example`, `.env.sample`, `.env.template` (and the files named in
 * `twelveFactor.dotenv.files`), in the Procfile's folder or at the project root.
 *
 * Not flagged: variables the platforms or buildpacks set (`PORT`, `DYNO`, `WEB_CONCURRENCY`,
 * `HOME`, `PATH`, `JAVA_OPTS`, `RAILS_ENV`...), expansions with a default (`${FOO:-x}`),
 * variables the command assigns itself, lower-case (shell-local) names, and every variable
 * when the project has no env file at all.
 */
import * as path from 'path';
import { defineRule } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import { LineIndex } from '../../parsing/document';
import { procfileOf, shellOf } from '../../analysis/procfile';
import { envFileCandidates, PLATFORM_VARIABLES, readEnvFiles, TEMPLATE_ENV_FILES } from '../../analysis/env-files';

export default defineRule({
  id: 'config/procfile-undeclared-variable',
  meta: {
    description: 'A variable used in a Procfile that no env file declares',
    defaultSeverity: 'info',
    languages: ['procfile'],
    fix: 'safe',
    messages: {
      undeclared: '`{{name}}` is read from the environment here, but no env file declares it ({{files}}); list it in `{{template}}` so every deploy knows to set it.',
    },
    docs: {
      why: 'Config lives in the environment, and `.env.example` is the list of what each deploy must set; a variable only the Procfile knows about is missed on the next deploy.',
      bad: { procfile: '# .env.example declares DATABASE_URL only\nworker: bundle exec sidekiq -c $SIDEKIQ_CONCURRENCY\n' },
      good: { procfile: '# .env.example declares SIDEKIQ_CONCURRENCY\nworker: bundle exec sidekiq -c $SIDEKIQ_CONCURRENCY\nweb: bundle exec puma -p $PORT -t ${MAX_THREADS:-5}\n' },
      fix: 'Adds `NAME=` to the env template (`.env.example`, or the `.env.sample`/`.env.template` the project uses; `.env.example` is created next to the Procfile when there is none).',
    },
  },
  triggers: ['$'],
  check(context) {
    const procfile = procfileOf(context);
    const candidates = envFileCandidates(context.settings, context.path, context.project.root);
    const env = readEnvFiles(context.project, candidates);
    if (env.files.length === 0) return;
    const dir = path.dirname(context.path);
    const template = env.files.find((f) => TEMPLATE_ENV_FILES.includes(path.basename(f)));
    const templatePath = template ?? path.join(dir, '.env.example');
    const templateText = template ? context.project.readText(template) ?? '' : '';
    const shown = env.files.map((f) => path.relative(dir, f).split(path.sep).join('/') || path.basename(f)).join(', ');
    const end = new LineIndex(templateText).positionAt(templateText.length);
    const prefix = templateText === '' || /[\r\n]$/.test(templateText) ? '' : '\n';
    const reported = new Set<string>();
    for (const proc of procfile.processes) {
      const sh = shellOf(proc);
      if (!sh) continue;
      const { model, base } = sh;
      for (const v of model.variables) {
        if (v.hasDefault || !/^[A-Z_][A-Z0-9_]*$/.test(v.name) || !/[A-Z]/.test(v.name)) continue;
        if (PLATFORM_VARIABLES.has(v.name) || model.assigned.has(v.name) || env.declarations.has(v.name)) continue;
        const fixes: Fix[] = reported.has(v.name) ? [] : [{
          title: `Declare ${v.name} in ${path.basename(templatePath)}`, safety: 'safe', preferred: true, edits: [],
          files: [{ path: templatePath, create: !template, edits: [{ range: { start: end, end }, newText: `${prefix}${v.name}=\n` }] }],
        }];
        reported.add(v.name);
        context.report({
          range: context.rangeAt(base + v.start, base + v.end), messageId: 'undeclared',
          data: { name: v.name, files: shown, template: path.basename(templatePath) }, fixes,
        });
      }
    }
  },
});
