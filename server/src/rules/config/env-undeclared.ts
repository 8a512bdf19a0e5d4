/**
 * An environment variable the code reads that no env file declares: not `.env`, `.env.local`,
 * the templates (`.env.example`, `.env.sample`, `.env.template`), the per-mode files
 * (`.env.production`...) or the files named in `twelveFactor.dotenv.files`, in the file's
 * folder, its package root or the project root.
 *
 * Only in projects that keep a template (at the package root or the project root): without
 * one there is no list to keep complete. Not flagged: variables the platform, the OS, npm
 * or the CI service set (`PORT`, `NODE_ENV`, `HOME`, `DYNO`, `npm_package_version`...), and
 * names computed at run time. A read with a default is still a variable the app reads, and
 * is reported too (with its own message).
 */
import * as path from 'path';
import { defineRule } from '../../engine/rule';
import type { FileChange } from '../../engine/types';
import { CODE_LANGUAGES } from '../../parsing/languages';
import { LineIndex } from '../../parsing/document';
import { findEnvReads } from '../../analysis/syntax';
import { envFileCandidatesIn, isProvidedVariable, readEnvFiles, TEMPLATE_ENV_FILES } from '../../analysis/env-files';
import { packageRootOf } from '../../fixes/move-to-env';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export default defineRule({
  id: 'config/env-undeclared',
  meta: {
    description: 'An environment variable read in code that no env file declares',
    defaultSeverity: 'info',
    languages: [...CODE_LANGUAGES],
    fix: 'safe',
    messages: {
      undeclared: '`{{name}}` is read from the environment, but no env file declares it; add `{{name}}=` to `{{template}}` so every deploy knows to set it.',
      undeclaredWithDefault: '`{{name}}` is read from the environment (with a default here), but no env file declares it; add `{{name}}=` to `{{template}}` so deploys know they can set it.',
    },
    docs: {
      why: 'The env template is the list of config every deploy must provide, so a variable only the code knows about is missed on the next deploy.',
      bad: {
        javascript: '// .env.example lists DATABASE_URL only\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\n',
        python: '# .env.example lists DATABASE_URL only\nstripe.api_key = os.environ["STRIPE_SECRET_KEY"]\n',
        go: '// .env.example lists DATABASE_URL only\nkey := os.Getenv("STRIPE_SECRET_KEY")\n',
      },
      good: {
        javascript: '// .env.example lists DATABASE_URL and STRIPE_SECRET_KEY\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\nconst port = process.env.PORT; // set by the platform\n',
        python: '# .env.example lists DATABASE_URL and STRIPE_SECRET_KEY\nstripe.api_key = os.environ["STRIPE_SECRET_KEY"]\n',
        go: '// .env.example lists DATABASE_URL and STRIPE_SECRET_KEY\nkey := os.Getenv("STRIPE_SECRET_KEY")\n',
      },
      fix: 'Appends `NAME=` (no value) to the env template.',
    },
  },
  triggers: ['env', 'Env', 'ENV', 'environ', '$_SERVER', 'config('],
  check(context) {
    const root = context.project.root;
    if (!root || path.resolve(root) === path.parse(path.resolve(root)).root) return;
    const packageRoot = packageRootOf(context.path, context.project);
    let template: { path: string; text: string } | undefined;
    for (const dir of [packageRoot, path.resolve(root)]) {
      for (const name of TEMPLATE_ENV_FILES) {
        const p = path.join(dir, name);
        const text = context.project.readText(p);
        if (text !== undefined) { template = { path: p, text }; break; }
      }
      if (template) break;
    }
    if (!template) return;
    const tree = context.tree;
    if (!tree) return;
    const reads = findEnvReads(tree.rootNode, context.language);
    if (reads.length === 0) return;
    const candidates = envFileCandidatesIn(context.settings, [path.dirname(path.resolve(context.path)), packageRoot, path.resolve(root)], true);
    const declared = readEnvFiles(context.project, candidates).declarations;
    const templateName = path.basename(template.path);
    const end = new LineIndex(template.text).positionAt(template.text.length);
    const eol = /\r\n/.test(template.text) ? '\r\n' : '\n';
    const prefix = template.text === '' || /[\r\n]$/.test(template.text) ? '' : eol;
    for (const r of reads) {
      const name = r.name;
      if (!name || !ENV_NAME.test(name) || isProvidedVariable(name) || declared.has(name)) continue;
      const change: FileChange = { path: template.path, edits: [{ range: { start: end, end }, newText: `${prefix}${name}=${eol}` }] };
      context.report({
        node: r.nameNode ?? r.node, messageId: r.hasDefault ? 'undeclaredWithDefault' : 'undeclared', data: { name, template: templateName },
        fixes: [{ title: `Declare ${name} in ${templateName}`, safety: 'safe', preferred: true, edits: [], files: [change] }],
      });
    }
  },
});
