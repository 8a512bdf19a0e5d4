#!/usr/bin/env node
/**
 * twelve-factor check [PATH ...] [--format text|json|sarif] [--output FILE] [--fix] [--config FILE]
 * Exit status: 0 when nothing of severity error was found, 1 when something was, 2 for bad
 * usage or an unreadable config (one line on stderr).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import { RULES } from './rules/index';
import { ConfigError, DEFAULT_SETTINGS, mergeProjectConfig, parseProjectConfig, type ProjectConfig } from './engine/settings';
import { formatJson, formatSarif, formatText, type FileFindings } from './cli/format';
import { runCheck } from './cli/run-check';

const VERSION: string = (() => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

const USAGE = `Usage: twelve-factor check [PATH ...] [options]

Checks code, .env files and Procfiles against the Twelve-Factor App methodology.

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE instead of stdout
  --fix                      apply the safe fixes and report what changed
  --config FILE              project config (default: .twelve-factor.json in the current folder)
  --include-tests            also check tests, fixtures, examples and docs
  --no-color                 plain text output
  --stats                    print files, bytes, time and peak memory on stderr
  --threads N                worker threads (default: the available cores)
  -h, --help                 show this help
  -v, --version              show the version
`;

class UsageError extends Error {}

interface Options { paths: string[]; format: 'text' | 'json' | 'sarif'; output?: string; fix: boolean; config?: string; includeTests: boolean; color: boolean; stats: boolean; threads?: number }

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const args = [...argv];
  if (args[0] === '-h' || args[0] === '--help') return 'help';
  if (args[0] === '-v' || args[0] === '--version') return 'version';
  const command = args.shift();
  if (command !== 'check') throw new UsageError(command ? `unknown command "${command}" (expected "check")` : 'missing command: try "twelve-factor check ."');
  const o: Options = { paths: [], format: 'text', fix: false, includeTests: false, color: !!process.stdout.isTTY && !process.env.NO_COLOR, stats: false };
  const value = (flag: string, inline: string | undefined): string => {
    const v = inline ?? args.shift();
    if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
    return v;
  };
  while (args.length) {
    const a = args.shift() as string;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    switch (flag) {
      case '--format': {
        const f = value(flag, inline);
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif (got "${f}")`);
        o.format = f;
        break;
      }
      case '--output': case '-o': o.output = value(flag, inline); break;
      case '--config': case '-c': o.config = value(flag, inline); break;
      case '--fix': o.fix = true; break;
      case '--include-tests': o.includeTests = true; break;
      case '--no-color': o.color = false; break;
      case '--stats': o.stats = true; break;
      case '--threads': {
        const n = Number(value(flag, inline));
        if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('--threads must be a whole number from 1 to 64');
        o.threads = n;
        break;
      }
      case '--color': o.color = true; break;
      case '-h': case '--help': return 'help';
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        o.paths.push(a);
    }
  }
  if (o.paths.length === 0) o.paths.push('.');
  return o;
}

function loadConfig(file: string | undefined): ProjectConfig | undefined {
  const explicit = file !== undefined;
  const p = path.resolve(file ?? '.twelve-factor.json');
  let text: string;
  try {
    text = fs.readFileSync(p, 'utf8');
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read ${path.relative(process.cwd(), p) || p}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return parseProjectConfig(text);
  } catch (e) {
    throw new ConfigError(`${path.relative(process.cwd(), p) || p}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  let opts: Options | 'help' | 'version';
  let config: ProjectConfig | undefined;
  try {
    opts = parseArgs(argv);
    if (opts === 'help') { process.stdout.write(USAGE); return 0; }
    if (opts === 'version') { process.stdout.write(`${VERSION}\n`); return 0; }
    config = loadConfig(opts.config);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`twelve-factor: ${e.message}\n`);
      if (e instanceof UsageError) process.stderr.write('Run "twelve-factor --help" for usage.\n');
      return 2;
    }
    throw e;
  }
  for (const p of opts.paths) {
    if (!fs.existsSync(p)) {
      process.stderr.write(`twelve-factor: no such file or folder: ${p}\n`);
      return 2;
    }
  }
  let settings = { ...DEFAULT_SETTINGS, includeTests: opts.includeTests };
  if (config) settings = mergeProjectConfig(settings, config);

  const cwd = process.cwd();
  const started = process.hrtime.bigint();
  const results = await runCheck({
    paths: opts.paths.map((p) => path.resolve(p)), cwd, settings, rules: RULES, fix: opts.fix, threads: opts.threads,
    onProblem: (file, message) => process.stderr.write(`twelve-factor: ${path.relative(cwd, file) || file}: ${message}\n`),
  });

  const files: FileFindings[] = results.files.map((r) => ({ relativePath: r.displayPath, findings: r.findings }));
  const report = opts.format === 'json' ? formatJson(files, VERSION)
    : opts.format === 'sarif' ? formatSarif(files, RULES, VERSION)
      : formatText(files, opts.color && !opts.output);
  if (opts.stats) {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const rssMb = process.resourceUsage().maxRSS / 1024;
    process.stderr.write(`stats: ${results.checked} files, ${(results.bytes / 1e6).toFixed(1)} MB, ${(ms / 1000).toFixed(2)} s, ` +
      `${Math.round(results.checked / (ms / 1000))} files/s, ${(results.bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s, peak RSS ${rssMb.toFixed(0)} MB\n`);
  }
  if (opts.fix && results.fixed.length) {
    for (const f of results.fixed) process.stderr.write(`fixed ${f.count} problem${f.count === 1 ? '' : 's'} in ${f.displayPath}\n`);
  }
  if (opts.output) {
    try {
      fs.writeFileSync(opts.output, report);
    } catch (e) {
      process.stderr.write(`twelve-factor: cannot write ${opts.output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
      return 2;
    }
  } else {
    process.stdout.write(report);
  }
  return files.some((f) => f.findings.some((x) => x.severity === 'error')) ? 1 : 0;
}

/**
 * Work a function must do before V8 considers optimizing it (bytecode bytes run; V8's default
 * is 66 KB in Node 20). A check is a short run: with the default, V8 optimizes every function
 * that has run a little, on compiler threads that share the two cores with the scan, and a
 * small run pays for most of that work without living long enough to profit. With a budget of
 * 1 MB only the hot loops are optimized: over the small bench corpus, 2.50 s instead of 2.85
 * (medians of five, alternating), 3.7 s instead of 4.2 on one 26 MB package, and no change
 * beyond the noise on the full corpus. Only the CLI's process sets it
 * (workers start with the flags of their process); the language server keeps V8's default,
 * since a keystroke wants its functions optimized early.
 */
const CLI_INTERRUPT_BUDGET = 1_000_000;

if (require.main === module) {
  v8.setFlagsFromString(`--interrupt-budget=${CLI_INTERRUPT_BUDGET}`);
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => {
      process.stderr.write(`twelve-factor: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
