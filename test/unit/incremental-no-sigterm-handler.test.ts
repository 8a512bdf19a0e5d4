/**
 * disposability/no-sigterm-handler re-checked incrementally must find exactly what a full check
 * finds, on files where what decides a finding sits in other statements: a receiver's
 * declaration, an import, a handler, the names a fix would take, the lines around the
 * statement a fix rewrites, Go's `main`, a Java method's `start()`... Random edits insert and
 * delete exactly those pieces (and plain typing), in files large enough for partial re-checks.
 * Fixes are compared as the rule made them (`deferFixChecks`): checking them against the
 * parse runs on a clock, and under load it withholds different fixes from run to run.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import '../support/engine';
import { EditSession } from '../support/incremental';
import { RULES } from '../../server/src/rules/index';

const rule = RULES.find((r) => r.id === 'disposability/no-sigterm-handler')!;
/** One array for every check (the engine carries findings over only for the same rules). */
const rules = [rule];


/** Filler statements, so that an edit's region is a small part of the file. */
const filler = (make: (i: number) => string, n: number) => Array.from({ length: n }, (_, i) => make(i)).join('');

interface Case { name: string; text: string; pieces: string[]; hot: string[] }

const CASES: Case[] = [
  {
    name: 'server.ts',
    text: "import express from 'express';\nimport { createServer } from 'node:http';\n\nconst app = express();\n"
      + filler((i) => `function f${i}(x: number): number {\n  return x * ${i} + 1;\n}\n`, 30)
      + 'app.listen(3000);\n' + filler((i) => `const v${i} = f${i}(${i});\n`, 20)
      + 'if (require.main === module) {\n' + filler((i) => `  console.log('starting ${i}');\n`, 70) + '  const x = 1;  app.listen(4000);  // main\n  app.listen(5000);\n}\n'
      + 'const srv = createServer(handler);\nsrv.listen(8080);\n'
      + 'async function worker(): Promise<void> {\n  while (true) {\n    const job = await queue.reserve();\n    handle(job);\n  }\n}\n'
      + filler((i) => `export const w${i} = ${i};\n`, 20),
    hot: ['listen', 'app', 'import', 'server', 'while', 'SIGTERM', 'main', 'const x', '//', '\n}'],
    pieces: [
      'const app = express();\n', 'const app = koa();\n', 'let app = 1;\n', "import app from './app';\n", "const app = require('./app');\n",
      "import http from 'http';\n", 'const srv = http.createServer();\n', 'let server = 0;\n', 'const httpServer = 1;\n', 'let stopping = false;\n',
      "process.on('SIGTERM', () => process.exit(0));\n", '// SIGTERM\n', 'x; ', '  ', '\r\n', 'this.server = createServer();\n', 'server.listen(1);\n',
      'app.listen(3000);\n', 'while (true) { q.poll(); }\n', '/*', '*/', '}', '{',
    ],
  },
  {
    name: 'worker.py',
    text: '"""Worker."""\nimport os\nimport redis\n\n'
      + filler((i) => `def f${i}(x):\n    return x * ${i}\n\n\n`, 25)
      + 'def run():\n    while True:\n        job = r.blpop("jobs")\n        handle(job)\n\n\n'
      + filler((i) => `V${i} = f${i}(${i})\n`, 20)
      + 'if __name__ == "__main__":\n' + filler((i) => `    print("starting ${i}")\n`, 70)
      + '    httpd = HTTPServer(("", 8000), Handler)\n    httpd.serve_forever()  # main\n'
      + 'consumer = KafkaConsumer("orders")\n' + filler((i) => `U${i} = ${i}\n`, 10)
      + 'for message in consumer:\n    handle(message)\n'
      + filler((i) => `W${i} = ${i}\n`, 20),
    hot: ['consumer', 'KafkaConsumer', 'import', 'serve_forever', 'while', 'run', 'httpd', '#', 'def '],
    pieces: [
      'import signal\n', 'import threading\n', 'from x import y\n', 'consumer = KafkaConsumer("t")\n', 't = Thread(target=run)\n', 'stop_requested = 1\n',
      'signal.signal(signal.SIGTERM, h)\n', 'app = Flask(__name__)\n', '# SIGTERM\n', 'x = 1; ', '    ', '\n\n', '', '', 'for m in p.listen():\n    pass\n', 'def ', ':', '"""',
    ],
  },
  {
    name: 'main.go',
    text: 'package main\n\nimport (\n\t"log"\n\t"net/http"\n)\n\nvar r = gin.Default()\n\n'
      + filler((i) => `func f${i}(x int) int {\n\treturn x * ${i}\n}\n\n`, 15)
      + 'func serve() {\n\tr.Run(":9000")\n}\n\n'
      + 'func consume() {\n\tmsgs, _ := ch.Consume("q")\n' + filler((i) => `\tlog.Println(${i})\n`, 60) + '\tfor d := range msgs {\n\t\thandle(d)\n\t}\n}\n\n'
      + 'func main() {\n' + filler((i) => `\tlog.Println("step ${i}", ${i})\n`, 80)
      + '\thttp.HandleFunc("/", index)\n\tlog.Fatal(http.ListenAndServe(":8080", nil))\n}\n\n'
      + filler((i) => `var v${i} = f${i}(${i})\n`, 15),
    hot: ['ListenAndServe', 'Run', 'gin', 'main', 'msgs', 'Consume', 'import', 'log.Println', '\n}'],
    pieces: [
      '\tr.Run()\n', 'var r = gin.New()\n', 'r := echo.New()\n', 'e := echo.New()\n\te.Start(":1")\n', 'import "os"\n', '\t"os/signal"\n', '\tsrv := 1\n', '\tx := 2\n',
      'signal.Notify(c, syscall.SIGTERM)\n', '// SIGTERM\n', '    ', '\t', '\n\n', 'package main\n', 'func main() {\n}\n', '}', '{',
      '\tfor d := range msgs {\n\t}\n', '\tmsgs, _ := ch.Consume("q")\n', '\tmsgs := 1\n', '\tlog.Println(1)\n',
    ],
  },
  {
    name: 'server.rb',
    text: "require 'webrick'\n\n" + filler((i) => `def f${i}(x)\n  x * ${i}\nend\n\n`, 25)
      + 'server = WEBrick::HTTPServer.new(Port: 8000)\n' + filler((i) => `V${i} = f${i}(${i})\n`, 20) + 'server.start\n'
      + 'loop do\n  _q, job = redis.blpop("jobs")\n  process(job)\nend\n' + filler((i) => `W${i} = ${i}\n`, 20),
    hot: ['HTTPServer', 'start', 'server', 'loop', 'accept', '#'],
    pieces: ['server.start\n', 'other.start\n', 'trap("TERM") { exit }\n', 'sock.accept\n', 's = TCPServer.new(1)\n', '# SIGTERM\n', 'x = 1; ', '  ', 'end\n', 'do\n'],
  },
  {
    name: 'Server.java',
    text: 'import com.sun.net.httpserver.HttpServer;\n\npublic class Server {\n'
      + filler((i) => `  static int f${i}(int x) {\n    return x * ${i};\n  }\n`, 25)
      + '  public static void main(String[] args) throws Exception {\n    HttpServer server = HttpServer.create(new InetSocketAddress(8000), 0);\n'
      + filler((i) => `    System.out.println("step ${i}");\n`, 70) + '    server.start();\n  }\n'
      + filler((i) => `  static int v${i} = f${i}(${i});\n`, 20) + '}\n',
    hot: ['HttpServer', 'server', 'start', 'main', 'println', '//', '\n  }'],
    pieces: ['server = null;\n', '    server.start();\n', '    System.out.println(1);\n', 'x();', 'Runtime.getRuntime().addShutdownHook(t);\n', 'ss.accept();\n', 'new ServerSocket(1);\n', '// SIGTERM\n', 'x(); ', '    ', '}', '{'],
  },
  {
    name: 'worker.php',
    text: '<?php\n' + filler((i) => `function f${i}($x) {\n    return $x * ${i};\n}\n`, 25)
      + "while (true) {\n    $job = $redis->blPop(['jobs'], 5);\n    handle($job);\n}\n" + filler((i) => `$v${i} = f${i}(${i});\n`, 20),
    hot: ['while', 'blPop', 'stopRequested', '//'],
    pieces: ['$stopRequested = 1;\n', 'pcntl_signal(SIGTERM, $h);\n', 'while ($ch->is_consuming()) {}\n', '// SIGTERM\n', 'x(); ', '    ', '}', '{'],
  },
];

test('no-sigterm-handler: incremental re-checks equal full checks when other statements change', async () => {
  assert.ok(rule.meta.incremental);
  const basic = ['', ' ', 'x', '\n', '(', ')', ';', '"', "'"];
  EditSession.partialRuns = 0;
  EditSession.fullWithFindings = 0;
  for (const c of CASES) {
    await EditSession.prepare(c.name);
    // Half the edits land within a few characters of a word the rule or its fixes look at.
    const edit = fc.record({
      at: fc.nat(), near: fc.option(fc.constantFrom(...c.hot), { nil: undefined }),
      del: fc.oneof(fc.nat({ max: 8 }), fc.nat({ max: 60 })), text: fc.constantFrom(...basic, ...c.pieces),
    });
    await fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
      const session = new EditSession({ name: c.name, text: c.text, rules, deferFixChecks: true });
      for (const e of edits) {
        const text = session.text;
        let start = e.at % (text.length + 1);
        const hot = e.near === undefined ? -1 : text.indexOf(e.near, e.at % (text.length + 1));
        const hit = hot >= 0 ? hot : e.near === undefined ? -1 : text.indexOf(e.near);
        if (hit >= 0) start = Math.max(0, Math.min(text.length, hit + (e.at % 41) - 20));
        session.edit(start, Math.min(text.length, start + e.del), e.text, `after ${JSON.stringify(edits)}`);
      }
      session.dispose();
    }), { seed: 9107, numRuns: 60 });
  }
  assert.ok(EditSession.partialRuns > 200, `the partial path ran (${EditSession.partialRuns} times)`);
  assert.ok(EditSession.fullWithFindings > 200, `checks with findings (${EditSession.fullWithFindings})`);
});

/**
 * Edits that change what a finding's fix reads outside its statement without touching it (the
 * code before it on its line, a comment after it, a name the fix would declare, a later
 * `start()`), inside blocks large enough that the engine re-checks only the edited statement.
 */
const TARGETED: { name: string; edits: [find: string, del: number, insert: string][] }[] = [
  { name: 'server.ts', edits: [['  app.listen(5000)', 0, 'x; '], ['const x = 1;', 12, ''], ['// main', 2, ''], ['// main', 7, 'y'], ["  console.log('starting 3')", 0, 'let server = 1;\n'], ['const app = express();', 0, '// ']] },
  { name: 'worker.py', edits: [['    httpd.serve_forever()', 0, 'x = 1; '], ['# main', 1, ''], ['    print("starting 2")', 0, '    import signal\n'], ['consumer = KafkaConsumer', 1, '']] },
  { name: 'main.go', edits: [['\tlog.Println("step 3"', 0, '\tsrv := 1\n'], ['\thttp.HandleFunc', 0, '\tx := 0\n'], ['var r = gin', 5, 'q'], ['\tmsgs, _ :=', 5, '\tq']] },
  { name: 'server.rb', edits: [['server.start', 0, 'x = 1; '], ['server.start', 6, 'other']] },
  { name: 'Server.java', edits: [['    server.start();', 19, '    server.start(); x();'], ['    System.out.println("step 4")', 0, '    server = null;\n']] },
];

test('no-sigterm-handler: edits around a fix site give what a full check gives', async () => {
  let compared = 0;
  for (const t of TARGETED) {
    const c = CASES.find((x) => x.name === t.name)!;
    await EditSession.prepare(c.name);
    // Each edit alone, then all of them in turn.
    for (const edits of [...t.edits.map((e) => [e]), t.edits]) {
      const session = new EditSession({ name: c.name, text: c.text, rules, deferFixChecks: true });
      for (const [find, del, insert] of edits) {
        const start = session.text.indexOf(find);
        // (In the run of all edits, an earlier one may have removed what a later one looks for.)
        if (start < 0 && edits.length > 1) continue;
        assert.ok(start >= 0, `${c.name}: ${find}`);
        session.edit(start, start + del, insert, `after ${JSON.stringify(edits)}`);
        compared++;
      }
      session.dispose();
    }
  }
  assert.ok(compared > 20);
});
