/**
 * Run by `npm run bench` under `node --trace-gc-nvp`: types 300 characters into a generated
 * file through the engine in this process (the server's path: an edited `SyntaxDocument`,
 * an `IncrementalState`, every rule), printing KEYSTROKES before the first. The bench adds up
 * the young-generation collections V8 reports after it: how often typing pauses for garbage
 * collection, for how long, and how much survives into the old generation (megabytes mean
 * something keeps each keystroke's text alive). Usage: typing-gc.js <typescript|python> <lines> [keystrokes]
 */
import * as path from 'path';
import { setWasmDirectory, loadGrammar } from '../server/src/parsing/tree-sitter';
import { SyntaxDocument } from '../server/src/parsing/document';
import { checkDocument, IncrementalState } from '../server/src/engine/run';
import { DEFAULT_SETTINGS } from '../server/src/engine/settings';
import { memoryProject } from '../server/src/engine/project';
import { RULES } from '../server/src/rules/index';
import { generatePy, generateTs, typedLine } from './generated-sources';

async function main(): Promise<void> {
  const [lang, linesArg, countArg] = process.argv.slice(2);
  if (lang !== 'typescript' && lang !== 'python') throw new Error('usage: typing-gc.js <typescript|python> <lines> [keystrokes]');
  const lines = Number(linesArg), count = Number(countArg ?? 300);
  setWasmDirectory(path.resolve(__dirname, '..', '..', 'dist'));
  await loadGrammar(lang);
  const doc = new SyntaxDocument(lang, lang === 'typescript' ? generateTs(lines) : generatePy(lines));
  const state = new IncrementalState();
  const settings = DEFAULT_SETTINGS;
  const project = memoryProject('/project', {});
  const file = `/project/app.${lang === 'typescript' ? 'ts' : 'py'}`;
  const checkNow = () => checkDocument({ path: file, relativePath: path.basename(file), text: doc.text, language: lang, grammar: lang, settings, project, rules: RULES, document: doc, incremental: state, deferFixChecks: true });
  checkNow();
  // Ten keystrokes to warm up, as the bench's latency run skips its first five.
  const type = (v: number) => {
    const line = typedLine(v, lines);
    doc.update([{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }]);
    checkNow();
  };
  for (let v = 0; v < 10; v++) type(v);
  console.log('KEYSTROKES');
  for (let v = 10; v < 10 + count; v++) type(v);
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
