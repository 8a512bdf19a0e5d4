/**
 * Must not flag: every rule's documented good example (the code its docs, hover and README
 * hold up as the twelve-factor way: environment reads with local defaults, declared tools,
 * handlers that shut down) is checked by that rule, in an application source file, and gets
 * no finding of it. An example whose first line names a project file (`# Aptfile: ffmpeg`,
 * `// Dockerfile: RUN apk add ...`, `# .gitignore lists .env`) is checked with that file
 * beside it, as the example says.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { RULES } from '../../server/src/rules/index';
import { checkDocument, prepare } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { memoryProject } from '../../server/src/engine/project';
import { LANGUAGES, type GrammarId, type LanguageId } from '../../server/src/parsing/languages';
import { setWasmDirectory } from '../../server/src/parsing/tree-sitter';
import { asSourceFile } from '../../server/src/handlers/analysis';

setWasmDirectory(path.resolve('node_modules/@vscode/tree-sitter-wasm/wasm'));

const CODE: readonly string[] = ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'];
const ROOT = '/app';

/** The project file a first-line comment names, as `{ path: text }` (`# Aptfile: ffmpeg`, `# .gitignore lists .env; ...`). */
function namedFile(example: string): Record<string, string> {
  const first = example.split('\n')[0];
  const m = /^(?:#|\/\/)\s*(Aptfile|Dockerfile|Brewfile|apt\.txt|packages\.txt):\s*(.+)$/.exec(first)
    ?? /^(?:#|\/\/)\s*(\.gitignore) lists ([^;]+)/.exec(first);
  return m ? { [path.join(ROOT, m[1])]: `${m[2].trim()}\n` } : {};
}

for (const rule of RULES) {
  for (const [lang, example] of Object.entries(rule.meta.docs.good ?? {}) as [LanguageId, string][]) {
    if (!example || !LANGUAGES[lang]) continue;
    test(`${rule.id}: its ${lang} good example is not flagged`, async () => {
      const grammar = CODE.includes(lang) ? (lang as GrammarId) : undefined;
      if (grammar) await prepare(grammar, lang);
      const name = lang === 'dotenv' ? '.env' : lang === 'procfile' ? 'Procfile' : `server${LANGUAGES[lang].extensions[0] ?? ''}`;
      const file = lang === 'dotenv' || lang === 'procfile' ? path.join(ROOT, name) : path.join(ROOT, 'src', name);
      const result = checkDocument({
        path: file, relativePath: path.relative(ROOT, file), text: asSourceFile(example, lang), language: lang, grammar,
        settings: DEFAULT_SETTINGS, project: memoryProject(ROOT, namedFile(example)), rules: [rule],
      });
      assert.deepEqual(result.ruleErrors, []);
      assert.deepEqual(result.findings.filter((f) => f.ruleId === rule.id).map((f) => f.message), []);
    });
  }
}
