/**
 * logs/no-log-file: its fixes over the fixtures (parse, remove the finding, converge), and
 * the cases where a fix must not be offered or must clean up after itself.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/engine/edits';
import { checkText, ruleById } from '../support/engine';
import { fixProblems, syntaxErrors } from './fix-properties';

const RULE = 'logs/no-log-file';
const rule = ruleById(RULE);

async function run(name: string, text: string) {
  const r = await checkText(name, text, { rules: [rule] });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings;
}

test('every fix over the fixtures parses, removes its finding and converges', async () => {
  assert.deepEqual(await fixProblems(RULE), []);
});

test('fixes are suggestions: logs stop going to the file', async () => {
  const findings = await run('a.py', 'import logging\nh = logging.FileHandler("app.log")\n');
  assert.equal(findings.length, 1);
  assert.ok(findings[0].fixes.every((f) => f.safety === 'suggestion'));
});

test('Go: no fix when the file variable would be left unused; the unused import goes with lumberjack', async () => {
  const unused = 'package main\n\nimport (\n\t"log"\n\t"os"\n)\n\nfunc main() {\n\tf, _ := os.Create("app.log")\n\tlog.SetOutput(f)\n}\n';
  const [a] = await run('main.go', unused);
  assert.deepEqual(a.fixes, []);
  const lj = 'package main\n\nimport (\n\t"log"\n\n\t"gopkg.in/natefinch/lumberjack.v2"\n)\n\nfunc main() {\n\tlog.SetOutput(&lumberjack.Logger{Filename: "app.log"})\n}\n';
  const [b] = await run('main.go', lj);
  assert.equal(b.messageId, 'rotation');
  const fixed = applyEdits(lj, b.fixes[0].edits);
  assert.doesNotMatch(fixed, /lumberjack/);
  assert.match(fixed, /"os"/);
  assert.equal(await syntaxErrors('main.go', fixed), 0);
});

test('Java: no ConsoleHandler fix where `catch (IOException e)` would catch nothing', async () => {
  const text = 'import java.io.IOException;\nimport java.util.logging.*;\nclass A { void m(Logger l) { try { l.addHandler(new FileHandler("a.log")); } catch (IOException e) { } } }\n';
  const [f] = await run('A.java', text);
  assert.deepEqual(f.fixes, []);
  const plain = 'import java.util.logging.FileHandler;\nclass A { void m(java.util.logging.Logger l) throws Exception { l.addHandler(new FileHandler("a.log")); } }\n';
  const [g] = await run('A.java', plain);
  const fixed = applyEdits(plain, g.fixes[0].edits);
  assert.match(fixed, /import java\.util\.logging\.FileHandler;\nimport java\.util\.logging\.ConsoleHandler;/);
  assert.match(fixed, /new ConsoleHandler\(\)/);
});

test('rotation gets its own message; the target names the file, never more', async () => {
  const [r] = await run('b.py', 'from logging.handlers import RotatingFileHandler\nh = RotatingFileHandler("logs/app.log", maxBytes=1000, backupCount=3)\n');
  assert.equal(r.messageId, 'rotation');
  assert.match(r.message, /"logs\/app\.log"/);
  const [u] = await run('c.rb', 'LOG = Logger.new(File.open(path_for(:log), "a"))\n');
  assert.match(u.message, /Writes logs to a file;/);
});

test('never: stdout/stderr, syslog, env-chosen paths, non-log files, look-alike APIs', async () => {
  const cases: [string, string][] = [
    ['a.js', "const l = pino(pino.destination(1));"],
    ['b.js', "const s = fs.createWriteStream('data/export.csv');"],
    ['c.js', "new winston.transports.File({ filename: process.env.LOG_FILE })"],
    ['c2.js', "new winston.transports.File({ filename: process.env.LOG_FILE || 'app.log' })"],
    ['c3.py', 'import logging, os\nh = logging.FileHandler(os.environ.get("LOG_FILE") or "app.log")'],
    ['d.js', "const f = new File([blob], 'app.log');"],
    ['e.py', 'import logging\nlogging.basicConfig(stream=sys.stdout)'],
    ['f.py', 'import logging\nh = logging.FileHandler("/dev/stdout")'],
    ['g.py', 'import logging\nh = logging.FileHandler(os.getenv("LOG_PATH"))'],
    ['h.py', 'items = set()\nitems.add("x.log")'],
    ['i.go', 'package main\nfunc main() { log.SetOutput(os.Stderr) }'],
    ['j.rb', 'Logger.new(STDOUT)'],
    ['k.rb', 'Syslog::Logger.new("app")'],
    ['L.java', 'import java.util.logging.*;\nclass L { Handler h = new ConsoleHandler(); }'],
    ['m.php', "<?php $h = new Monolog\\Handler\\StreamHandler('php://stderr');"],
    ['n.php', "<?php error_log('boom');"],
    ['o.php', "<?php error_log('boom', 4);"],
  ];
  for (const [name, text] of cases) assert.deepEqual((await run(name, text)).map((f) => f.messageId), [], `${name}: ${text}`);
});
