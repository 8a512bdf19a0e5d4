#!/usr/bin/env node
// Tests the TextMate grammars in syntaxes/ (source.dotenv and source.procfile).
//
// 1. Checks both grammars and both language configurations: valid JSON, every regex
//    compiles under Oniguruma (vscode-oniguruma, the engine VS Code uses), every
//    '#name' include points at a repository entry, every begin has an end or a while;
//    and, where package.json contributes the grammars, that it points at these files.
// 2. Runs vscode-tmgrammar-test over the caret-assertion files in test/grammars/:
//      - dotenv/ and procfile/ with source.shell loaded (the shellscript grammar from the
//        tm-grammars devDependency), as in VS Code, where the Procfile command embeds it;
//      - procfile-no-shell/ without source.shell, to test the fallback patterns.
//
// Usage: node scripts/test-grammars.mjs [--no-shell] [--compact] [TESTCASE ...]
//   TESTCASE: a file or a glob (quote globs). When given, only those run (with source.shell
//   loaded unless --no-shell); when none is given, the default suites above run.
// Exit status: 0 when every check and assertion passes, 1 otherwise, 2 for bad usage.

import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

const GRAMMARS = [
  { file: 'syntaxes/dotenv.tmLanguage.json', scopeName: 'source.dotenv' },
  { file: 'syntaxes/procfile.tmLanguage.json', scopeName: 'source.procfile' },
];
const LANGUAGE_CONFIGURATIONS = ['language-configuration/dotenv.json', 'language-configuration/procfile.json'];
// External scopes the grammars may include; anything else is reported as an error.
const KNOWN_EXTERNAL_SCOPES = new Set(['source.shell']);

const DEFAULT_SUITES = [
  {
    name: 'dotenv and Procfile, with source.shell',
    shell: true,
    testcases: ['test/grammars/dotenv/**/*.dotenv-test', 'test/grammars/procfile/**/*.procfile-test'],
  },
  {
    name: 'Procfile without source.shell (fallback patterns)',
    shell: false,
    testcases: ['test/grammars/procfile-no-shell/**/*.procfile-test'],
  },
];

function usage(message) {
  process.stderr.write(`test-grammars: ${message}\nusage: node scripts/test-grammars.mjs [--no-shell] [--compact] [TESTCASE ...]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { shell: true, compact: false, testcases: [] };
  for (const arg of argv) {
    if (arg === '--no-shell') options.shell = false;
    else if (arg === '--compact') options.compact = true;
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write('usage: node scripts/test-grammars.mjs [--no-shell] [--compact] [TESTCASE ...]\n');
      process.exit(0);
    } else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else options.testcases.push(arg);
  }
  return options;
}

// ---------------------------------------------------------------------------------------
// Static checks

async function loadOniguruma() {
  // vscode-oniguruma comes with vscode-tmgrammar-test; resolve it from there.
  const fromRunner = createRequire(require.resolve('vscode-tmgrammar-test/package.json'));
  const onig = fromRunner('vscode-oniguruma');
  const wasm = readFileSync(fromRunner.resolve('vscode-oniguruma/release/onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return onig;
}

// vscode-oniguruma does not throw on a pattern that fails to compile: the scanner then
// matches the empty string everywhere. A valid pattern followed by (?!) can never match,
// while a broken one stays broken when wrapped, so a match means the pattern is invalid.
function regexError(onig, source) {
  let scanner;
  try {
    scanner = new onig.OnigScanner([`(?:${source})(?!)`, `(?!)(?:${source})`]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  try {
    for (const sample of ['', 'KEY=value\n', 'web: x $PORT\n']) {
      for (let position = 0; position <= sample.length; position++) {
        if (scanner.findNextMatchSync(sample, position) !== null) return 'does not compile under Oniguruma';
      }
    }
    return null;
  } finally {
    scanner.dispose();
  }
}

function checkGrammar(onig, file, expectedScopeName) {
  const errors = [];
  let grammar;
  try {
    grammar = JSON.parse(readFileSync(path.join(root, file), 'utf8'));
  } catch (error) {
    return [`${file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`];
  }
  if (grammar.scopeName !== expectedScopeName) {
    errors.push(`${file}: scopeName is ${JSON.stringify(grammar.scopeName)}, expected ${expectedScopeName}`);
  }
  const repository = grammar.repository ?? {};
  let regexCount = 0;

  const visit = (rule, where) => {
    if (rule === null || typeof rule !== 'object') {
      errors.push(`${file}: ${where} is not an object`);
      return;
    }
    for (const key of ['match', 'begin', 'end', 'while']) {
      if (rule[key] === undefined) continue;
      if (typeof rule[key] !== 'string') {
        errors.push(`${file}: ${where}.${key} is not a string`);
        continue;
      }
      // end/while may refer back to begin's captures (\1); vscode-textmate substitutes
      // the captured text before compiling, so test them with a stand-in.
      const source = (key === 'end' || key === 'while') && rule.begin ? rule[key].replace(/\\(\d+)/g, 'x') : rule[key];
      regexCount++;
      const error = regexError(onig, source);
      if (error) errors.push(`${file}: ${where}.${key} ${JSON.stringify(rule[key])}: ${error}`);
    }
    if (rule.begin !== undefined && rule.end === undefined && rule.while === undefined) {
      errors.push(`${file}: ${where} has a begin but neither end nor while`);
    }
    if ((rule.end !== undefined || rule.while !== undefined) && rule.begin === undefined) {
      errors.push(`${file}: ${where} has an end or while but no begin`);
    }
    if (typeof rule.include === 'string') {
      const include = rule.include;
      if (include.startsWith('#')) {
        if (!Object.hasOwn(repository, include.slice(1))) errors.push(`${file}: ${where} includes ${include}, which is not in the repository`);
      } else if (include !== '$self' && include !== '$base') {
        const scope = include.split('#')[0];
        if (!KNOWN_EXTERNAL_SCOPES.has(scope)) errors.push(`${file}: ${where} includes unknown scope ${include}`);
      }
    }
    for (const capturesKey of ['captures', 'beginCaptures', 'endCaptures', 'whileCaptures']) {
      const captures = rule[capturesKey];
      if (captures === undefined) continue;
      for (const [index, capture] of Object.entries(captures)) {
        if (!/^\d+$/.test(index)) errors.push(`${file}: ${where}.${capturesKey} has a non-numeric key ${JSON.stringify(index)}`);
        visit(capture, `${where}.${capturesKey}[${index}]`);
      }
    }
    if (rule.patterns !== undefined) {
      if (!Array.isArray(rule.patterns)) errors.push(`${file}: ${where}.patterns is not an array`);
      else rule.patterns.forEach((child, i) => visit(child, `${where}.patterns[${i}]`));
    }
    if (rule.repository !== undefined) {
      for (const [name, child] of Object.entries(rule.repository)) visit(child, `${where}.repository.${name}`);
    }
  };

  visit({ patterns: grammar.patterns ?? [] }, 'grammar');
  for (const [name, rule] of Object.entries(repository)) visit(rule, `repository.${name}`);
  for (const [selector, rule] of Object.entries(grammar.injections ?? {})) visit(rule, `injections[${JSON.stringify(selector)}]`);
  if (regexCount === 0) errors.push(`${file}: no regex found`);
  return errors;
}

function checkLanguageConfiguration(file) {
  const errors = [];
  let config;
  try {
    config = JSON.parse(readFileSync(path.join(root, file), 'utf8'));
  } catch (error) {
    return [`${file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`];
  }
  if (config.comments?.lineComment !== '#') errors.push(`${file}: comments.lineComment should be "#"`);
  // VS Code compiles wordPattern as a JavaScript RegExp; it must not match the empty string.
  try {
    const wordPattern = new RegExp(config.wordPattern);
    if (wordPattern.test('')) errors.push(`${file}: wordPattern matches the empty string`);
  } catch (error) {
    errors.push(`${file}: wordPattern: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const pair of config.autoClosingPairs ?? []) {
    if (typeof pair?.open !== 'string' || typeof pair?.close !== 'string') errors.push(`${file}: bad autoClosingPairs entry ${JSON.stringify(pair)}`);
  }
  for (const key of ['surroundingPairs', 'brackets']) {
    for (const pair of config[key] ?? []) {
      const ok = Array.isArray(pair) ? pair.length === 2 && pair.every((s) => typeof s === 'string') : typeof pair?.open === 'string' && typeof pair?.close === 'string';
      if (!ok) errors.push(`${file}: bad ${key} entry ${JSON.stringify(pair)}`);
    }
  }
  return errors;
}

// When package.json contributes these grammars, the contribution must point at the files
// tested here (and the Procfile one must map its embedded shell); absence is only noted.
function checkManifest() {
  const errors = [];
  const notes = [];
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  } catch (error) {
    return { errors: [`package.json: ${error instanceof Error ? error.message : String(error)}`], notes };
  }
  const contributed = manifest.contributes?.grammars ?? [];
  const languages = manifest.contributes?.languages ?? [];
  for (const { file, scopeName } of GRAMMARS) {
    const entry = contributed.find((g) => g.scopeName === scopeName);
    if (!entry) {
      notes.push(`package.json does not contribute ${scopeName} (yet)`);
      continue;
    }
    if (path.resolve(root, entry.path ?? '') !== path.join(root, file)) errors.push(`package.json: grammar ${scopeName} has path ${entry.path}, expected ./${file}`);
    const language = languages.find((l) => l.id === entry.language);
    if (!language) errors.push(`package.json: grammar ${scopeName} names language ${JSON.stringify(entry.language)}, which contributes.languages does not declare`);
    else if (language.configuration && !LANGUAGE_CONFIGURATIONS.some((c) => path.resolve(root, language.configuration) === path.join(root, c))) {
      errors.push(`package.json: language ${language.id} has configuration ${language.configuration}, not one of ${LANGUAGE_CONFIGURATIONS.join(', ')}`);
    }
    if (scopeName === 'source.procfile' && entry.embeddedLanguages?.['meta.embedded.line.shell'] !== 'shellscript') {
      errors.push('package.json: the source.procfile grammar should map embeddedLanguages {"meta.embedded.line.shell": "shellscript"}');
    }
  }
  return { errors, notes };
}

// ---------------------------------------------------------------------------------------
// Assertion suites

function shellGrammarPath() {
  try {
    return require.resolve('tm-grammars/grammars/shellscript.json');
  } catch {
    return null;
  }
}

function runSuite(suite, { compact, configPath, shellGrammar }) {
  const runner = require.resolve('vscode-tmgrammar-test/dist/unit.js');
  const args = [runner, '--config', configPath];
  for (const grammar of GRAMMARS) args.push('-g', path.join(root, grammar.file));
  if (suite.shell) args.push('-g', shellGrammar);
  if (compact) args.push('--compact');
  // The runner expands globs itself; give it forward slashes.
  args.push(...suite.testcases.map((t) => t.split(path.sep).join('/')));
  process.stdout.write(`\n== ${suite.name}\n`);
  if (!suite.shell) process.stdout.write('   (source.shell is deliberately not loaded: a "grammar not found" warning is expected)\n');
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.error) {
    process.stderr.write(`test-grammars: could not run vscode-tmgrammar-test: ${result.error.message}\n`);
    return false;
  }
  return result.status === 0;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));

  process.stdout.write('== grammar and language configuration checks\n');
  const onig = await loadOniguruma();
  const manifest = checkManifest();
  const errors = [
    ...GRAMMARS.flatMap((g) => checkGrammar(onig, g.file, g.scopeName)),
    ...LANGUAGE_CONFIGURATIONS.flatMap((file) => checkLanguageConfiguration(file)),
    ...manifest.errors,
  ];
  for (const note of manifest.notes) process.stdout.write(`   note: ${note}\n`);
  for (const error of errors) process.stdout.write(`ERROR ${error}\n`);
  if (errors.length === 0) process.stdout.write(`   ${GRAMMARS.length} grammars and ${LANGUAGE_CONFIGURATIONS.length} language configurations are valid\n`);

  const suites =
    options.testcases.length > 0
      ? [{ name: 'given testcases', shell: options.shell, testcases: options.testcases.map((t) => path.resolve(process.cwd(), t)) }]
      : DEFAULT_SUITES;

  const shellGrammar = shellGrammarPath();
  if (suites.some((s) => s.shell) && shellGrammar === null) {
    process.stdout.write('ERROR the shellscript grammar (devDependency tm-grammars) is not installed: run npm ci\n');
    process.exitCode = 1;
    return;
  }

  // An empty configuration, so that the runner loads exactly the grammars given with -g
  // and not whatever package.json happens to contribute.
  const configDir = mkdtempSync(path.join(tmpdir(), 'test-grammars-'));
  const configPath = path.join(configDir, 'package.json');
  writeFileSync(configPath, '{}\n');
  let failedSuites = 0;
  try {
    for (const suite of suites) {
      if (!runSuite(suite, { compact: options.compact, configPath, shellGrammar })) failedSuites++;
    }
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }

  const passedSuites = suites.length - failedSuites;
  process.stdout.write(`\ngrammar checks: ${errors.length === 0 ? 'ok' : `${errors.length} error(s)`}; assertion suites: ${passedSuites} passed, ${failedSuites} failed\n`);
  process.exitCode = errors.length === 0 && failedSuites === 0 ? 0 : 1;
}

main().catch((error) => {
  process.stderr.write(`test-grammars: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
