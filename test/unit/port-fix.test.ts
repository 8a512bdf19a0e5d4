/**
 * port-binding/no-hardcoded-port: its fixes over the fixtures (parse, remove the finding,
 * converge), and the edge cases of the fix builders: the Go idiom per go.mod version,
 * imports merged once, Go constants, several servers in one file.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/engine/edits';
import { pickSafeFixes } from '../../server/src/cli/run-check';
import { checkText, ruleById } from '../support/engine';
import { fixProblems, syntaxErrors } from './fix-properties';

const RULE = 'port-binding/no-hardcoded-port';
const rule = ruleById(RULE);

async function run(name: string, text: string, files: Record<string, string> = {}) {
  const r = await checkText(name, text, { rules: [rule], files });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings;
}

async function fixAll(name: string, text: string, files: Record<string, string> = {}): Promise<string> {
  const findings = await run(name, text, files);
  const { fixes } = pickSafeFixes(text, findings.map((f) => ({ ...f, fixes: f.fixes.map((x) => ({ ...x, safety: 'safe' as const })) })));
  return applyEdits(text, fixes.flatMap((f) => f.edits));
}

test('every fix over the fixtures parses, removes its finding and converges', async () => {
  assert.deepEqual(await fixProblems(RULE), []);
});

test('Go modules older than 1.22 get an inline fallback instead of cmp.Or', async () => {
  const text = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n';
  const fixed = await fixAll('main.go', text, { '/project/go.mod': 'module x\n\ngo 1.21\n' });
  assert.match(fixed, /import \(\n\t"net\/http"\n\t"os"\n\)/);
  assert.match(fixed, /":" \+ func\(\) string \{ if p := os\.Getenv\("PORT"\); p != "" \{ return p \}; return "8080" \}\(\)/);
  assert.doesNotMatch(fixed, /cmp/);
  assert.equal(await syntaxErrors('main.go', fixed), 0);
  assert.deepEqual(await run('main.go', fixed, { '/project/go.mod': 'module x\n\ngo 1.21\n' }), []);
});

test('Go: a lone constant becomes a variable; a grouped constant gets no fix', async () => {
  const lone = 'package main\n\nimport (\n\t"net/http"\n\t"os"\n)\n\nconst addr = ":8080"\n\nfunc main() { http.ListenAndServe(addr, nil) }\n';
  const fixed = await fixAll('main.go', lone);
  assert.match(fixed, /^var addr = ":" \+ cmp\.Or\(os\.Getenv\("PORT"\), "8080"\)$/m);
  assert.match(fixed, /import \(\n\t"cmp"\n\t"net\/http"\n\t"os"\n\)/);
  const grouped = 'package main\n\nimport "net/http"\n\nconst (\n\tname = "api"\n\taddr = ":8080"\n)\n\nfunc main() { http.ListenAndServe(addr, nil) }\n';
  const findings = await run('main.go', grouped);
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].fixes, []);
});

test('Python: two fixes needing `import os` add it once; fix all applies both', async () => {
  const text = '"""App."""\nimport uvicorn\nfrom aiohttp import web\n\n\ndef a(app):\n    uvicorn.run(app, port=8000)\n\n\ndef b(app):\n    web.run_app(app, port=8000)\n';
  const fixed = await fixAll('app.py', text);
  assert.equal(fixed.match(/^import os$/gm)?.length, 1);
  assert.match(fixed, /import os\nimport uvicorn/);
  assert.equal(fixed.match(/int\(os\.environ\.get\("PORT", "8000"\)\)/g)?.length, 2);
  assert.deepEqual(await run('app.py', fixed), []);
});

test('the same port twice is one server: the fix is safe; two ports make it a suggestion', async () => {
  const one = await run('a.js', 'const PORT = 3000;\napp.listen(PORT);\nserver.listen(PORT);\n');
  assert.equal(one.length, 2);
  assert.ok(one.every((f) => f.fixes[0]?.safety === 'safe'));
  const two = await run('b.js', 'app.listen(3000);\nadmin.listen(3001);\n');
  assert.equal(two.length, 1, 'the admin server is exempt');
  const three = await run('c.js', 'app.listen(3000);\nws.listen(3001);\n');
  assert.ok(three.every((f) => f.fixes[0]?.safety === 'suggestion'));
});

test('never: env reads with defaults, parameters, shadowed names, config objects, clients', async () => {
  const cases: [string, string][] = [
    ['a.js', 'app.listen(process.env.PORT || 3000);'],
    ['b.js', 'const port = process.env.PORT ?? 3000;\napp.listen(port);'],
    ['c.js', 'const port = 3000;\nfunction start(port) { app.listen(port); }'],
    ['d.js', 'const client = redis.createClient({ port: 6379 });'],
    ['e.py', 'import os\napp.run(port=int(os.environ.get("PORT", 5000)))'],
    ['f.py', 'PORT = 5000\nif os.environ.get("PORT"):\n    PORT = int(os.environ["PORT"])\napp.run(port=PORT)'],
    ['g.go', 'package main\nfunc main() { port := os.Getenv("PORT"); if port == "" { port = "8080" }; http.ListenAndServe(":"+port, nil) }'],
    ['h.rb', 'set :port, ENV.fetch("PORT", 4567)'],
    ['i.rb', 'port ENV.fetch("PORT") { 3000 }'],
    ['J.java', 'class J { void m() { new java.net.Socket("db", 5432); } }'],
    ['k.php', '<?php $r = new Redis(); $r->connect("cache", 6379);'],
    ['l.js', 'app.listen(0);'],
    ['m.py', 'app.run(debug=True)'],
    ['n.go', 'package main\nfunc main() { r := gin.Default(); r.Run() }'],
  ];
  for (const [name, text] of cases) assert.deepEqual((await run(name, text)).map((f) => f.messageId), [], `${name}: ${text}`);
});
