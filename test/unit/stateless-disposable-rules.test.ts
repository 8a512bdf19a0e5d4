/**
 * The Factor VI, VIII and IX code rules beyond their fixtures: every fix they offer keeps the
 * file parsing, removes its finding, and converges; inline edge cases by messageId.
 */
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkText, ruleById } from '../support/engine';
import { loadFixtures } from '../support/fixtures';
import { applyEdits } from '../../server/src/engine/edits';
import { detectLanguage } from '../../server/src/parsing/languages';
import { parse } from '../../server/src/parsing/tree-sitter';
import type { Finding } from '../../server/src/engine/types';

const MY_RULES = [
  'processes/no-memory-session-store', 'processes/no-local-uploads', 'processes/no-module-level-cache',
  'concurrency/no-daemonize', 'disposability/no-sigterm-handler', 'disposability/no-exit-in-request',
];

async function run(ruleId: string, name: string, text: string): Promise<Finding[]> {
  const r = await checkText(name, text, { rules: [ruleById(ruleId)] });
  assert.deepEqual(r.ruleErrors, [], `${ruleId} threw on ${name}`);
  return r.findings;
}

function errorCount(name: string, text: string): number {
  const grammar = detectLanguage(name)?.grammar;
  if (!grammar) return 0;
  const tree = parse(grammar, text);
  let n = 0;
  const walk = (node: NonNullable<typeof tree>['rootNode']) => {
    if (node.type === 'ERROR' || node.isMissing) n++;
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      if (c) walk(c);
    }
  };
  if (tree) walk(tree.rootNode);
  tree?.delete();
  return n;
}

describe('fixes of the Factor VI/VIII/IX rules', () => {
  const fixtures = loadFixtures().filter((f) => MY_RULES.includes(f.ruleId));
  for (const fx of fixtures) {
    test(`${fx.ruleId}: ${fx.name}: each fix parses, removes its finding, and is idempotent`, async () => {
      const before = await run(fx.ruleId, fx.name, fx.text);
      const baseErrors = errorCount(fx.name, fx.text);
      for (const f of before) {
        for (const fix of f.fixes) {
          assert.ok(fix.safety === 'suggestion' || fix.safety === 'safe');
          const fixed = applyEdits(fx.text, fix.edits);
          assert.ok(errorCount(fx.name, fixed) <= baseErrors, `${fx.name}: '${fix.title}' introduces a syntax error:\n${fixed}`);
          const after = await run(fx.ruleId, fx.name, fixed);
          assert.ok(after.length < before.length, `${fx.name}: '${fix.title}' does not remove its finding`);
          const again = after.flatMap((x) => x.fixes).filter((x) => x.title === fix.title);
          // Applying it twice changes nothing more: the finding it fixed is gone, so is its fix.
          assert.ok(again.length < before.flatMap((x) => x.fixes).filter((x) => x.title === fix.title).length, `${fx.name}: '${fix.title}' is offered again`);
        }
      }
    });
  }
});

describe('disposability/no-sigterm-handler edge cases', () => {
  const id = 'disposability/no-sigterm-handler';

  test('a SIGINT-only handler counts as handling termination (no false alarm)', async () => {
    const text = "const app = require('express')();\nconst server = app.listen(3000);\nprocess.on('SIGINT', () => server.close());\n";
    assert.deepEqual(await run(id, 'index.js', text), []);
  });

  test('an imported app named app is a server; an unknown receiver is not', async () => {
    const flagged = await run(id, 'server.js', "const app = require('./app');\napp.listen(process.env.PORT || 3000);\n");
    assert.deepEqual(flagged.map((f) => f.messageId), ['server']);
    assert.equal(flagged[0].fixes.length, 0, 'no fix when the kind of app is unknown');
    assert.deepEqual(await run(id, 'server.js', "const x = require('./thing');\nx.listen(3000);\n"), []);
  });

  test('the Node fix picks another name when `server` is taken', async () => {
    const text = "const express = require('express');\nconst server = 'api';\nconst app = express();\napp.listen(3000);\n";
    const [f] = await run(id, 'index.js', text);
    const fixed = applyEdits(text, f.fixes[0].edits);
    assert.match(fixed, /const httpServer = app\.listen\(3000\);\nprocess\.on\('SIGTERM', \(\) => httpServer\.close/);
  });

  test('a Go file outside package main, or without func main, is not checked', async () => {
    assert.deepEqual(await run(id, 'srv.go', 'package main\n\nimport "net/http"\n\nfunc Serve() { http.ListenAndServe(":8080", nil) }\n'), []);
  });

  test('no Go fix when main already uses the names the fix needs', async () => {
    const text = 'package main\n\nimport "net/http"\n\nfunc main() {\n\tctx := 1\n\t_ = ctx\n\thttp.ListenAndServe(":8080", nil)\n}\n';
    const [f] = await run(id, 'main.go', text);
    assert.equal(f.messageId, 'server');
    assert.equal(f.fixes.length, 0);
  });

  test('the Python import is added when the file has no imports', async () => {
    const text = 'from http.server import HTTPServer, SimpleHTTPRequestHandler\n\nhttpd = HTTPServer(("", 8000), SimpleHTTPRequestHandler)\nhttpd.serve_forever()\n';
    const [f] = await run(id, 'serve.py', text);
    const fixed = applyEdits(text, f.fixes[0].edits);
    assert.equal(fixed, 'import signal\nimport threading\nfrom http.server import HTTPServer, SimpleHTTPRequestHandler\n\nhttpd = HTTPServer(("", 8000), SimpleHTTPRequestHandler)\nsignal.signal(signal.SIGTERM, lambda signum, frame: threading.Thread(target=httpd.shutdown).start())\nhttpd.serve_forever()\n');
  });

  test('a mention of SIGTERM in a comment is not a handler', async () => {
    const text = "const app = require('express')();\n// TODO: handle SIGTERM\napp.listen(3000);\n";
    assert.deepEqual((await run(id, 'index.js', text)).map((f) => f.messageId), ['server']);
  });

  test('CRLF files get CRLF lines', async () => {
    const text = "const express = require('express');\r\nconst app = express();\r\napp.listen(3000);\r\n";
    const [f] = await run(id, 'index.js', text);
    const fixed = applyEdits(text, f.fixes[0].edits);
    assert.ok(!/[^\r]\n/.test(fixed), 'only CRLF line breaks');
  });
});

describe('disposability/no-exit-in-request edge cases', () => {
  const id = 'disposability/no-exit-in-request';
  test('an exit in a callback nested in a route handler is flagged', async () => {
    const text = "app.get('/x', (req, res) => {\n  db.query('select 1', (err) => {\n    if (err) process.exit(1);\n  });\n});\n";
    assert.deepEqual((await run(id, 'routes.js', text)).map((f) => f.range.start.line), [2]);
  });
  test('`map.get(key, fn)` is not a route', async () => {
    assert.deepEqual(await run(id, 'x.js', "cache.get('key', () => process.exit(1));\n"), []);
  });
});

describe('processes rules edge cases', () => {
  test('express-session options built elsewhere are not guessed at', async () => {
    const text = "const session = require('express-session');\napp.use(session(buildOptions()));\n";
    assert.deepEqual(await run('processes/no-memory-session-store', 'app.js', text), []);
  });
  test('a module-level cache in a file with no request handling is not flagged', async () => {
    const text = 'cache = {}\n\ndef get(k, f):\n    cache[k] = f()\n    return cache[k]\n';
    assert.deepEqual(await run('processes/no-module-level-cache', 'memo.py', text), []);
  });
  test('session_start() is fine when the project php.ini sets a shared handler', async () => {
    const text = '<?php\nsession_start();\n';
    const id = 'processes/no-memory-session-store';
    const flagged = await checkText('index.php', text, { rules: [ruleById(id)] });
    assert.deepEqual(flagged.findings.map((f) => f.messageId), ['defaultFiles']);
    const shared = await checkText('index.php', text, { rules: [ruleById(id)], files: { '/project/php.ini': 'session.save_handler = redis\nsession.save_path = "tcp://redis:6379"\n' } });
    assert.deepEqual(shared.findings, []);
  });
  test('HttpSession is fine when the build has Spring Session, and unknown without a build file', async () => {
    const text = 'class C {\n  @PostMapping("/x")\n  void x(HttpSession session) {\n    session.setAttribute("cart", 1);\n  }\n}\n';
    const id = 'processes/no-memory-session-store';
    const pom = (dep: string) => `<project><dependencies><dependency><artifactId>${dep}</artifactId></dependency></dependencies></project>`;
    const bare = await checkText('C.java', text, { rules: [ruleById(id)], files: { '/project/pom.xml': pom('spring-boot-starter-web') } });
    assert.deepEqual(bare.findings.map((f) => f.messageId), ['containerSession']);
    const redis = await checkText('C.java', text, { rules: [ruleById(id)], files: { '/project/pom.xml': pom('spring-session-data-redis') } });
    assert.deepEqual(redis.findings, []);
    assert.deepEqual((await checkText('C.java', text, { rules: [ruleById(id)] })).findings, []);
  });
  test('Active Storage: the service is checked against config/storage.yml when there is one', async () => {
    const text = 'Rails.application.configure do\n  config.active_storage.service = :primary\nend\n';
    const id = 'processes/no-local-uploads';
    const disk = await checkText('production.rb', text, { rules: [ruleById(id)], files: { '/project/config/storage.yml': 'primary:\n  service: Disk\n  root: <%= Rails.root.join("storage") %>\n' } });
    assert.deepEqual(disk.findings.map((f) => f.messageId), ['storageConfig']);
    const s3 = await checkText('production.rb', text, { rules: [ruleById(id)], files: { '/project/config/storage.yml': 'primary:\n  service: S3\n  bucket: x\n' } });
    assert.deepEqual(s3.findings, []);
  });
  test('a local upload path resolved through a variable is found; a tmp one is not', async () => {
    const text = "const fs = require('fs');\napp.post('/a', (req, res) => {\n  const target = 'public/uploads/' + req.file.originalname;\n  fs.writeFileSync(target, req.file.buffer);\n  const scratch = require('os').tmpdir() + '/uploads-x';\n  fs.writeFileSync(scratch, req.file.buffer);\n});\n";
    assert.deepEqual((await run('processes/no-local-uploads', 'up.js', text)).map((f) => f.range.start.line), [3]);
  });
});
