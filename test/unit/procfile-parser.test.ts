/** The Procfile parser: ranges of every part, every malformed form, CRLF, and properties. */
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isDevProcfile, isMainProcfile, parseProcfile, type ProcfileLine, type Span } from '../../server/src/parsing/procfile';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);

function only(text: string): ProcfileLine {
  const p = parseProcfile(text);
  const lines = p.lines.filter((l) => l.kind !== 'blank');
  assert.equal(lines.length, 1, JSON.stringify(p.lines.map((l) => l.kind)));
  return lines[0];
}

describe('well-formed lines', () => {
  test('name, separator and command ranges', () => {
    const text = 'web: bundle exec puma -C config/puma.rb\n';
    const l = only(text);
    assert.equal(l.kind, 'process');
    assert.equal(l.valid, true);
    assert.deepEqual(l.problems, []);
    assert.equal(at(text, l.name), 'web');
    assert.deepEqual(l.name, { start: 0, end: 3, text: 'web' });
    assert.equal(at(text, l.separator), ': ');
    assert.equal(at(text, l.command), 'bundle exec puma -C config/puma.rb');
    assert.equal(l.command?.text, 'bundle exec puma -C config/puma.rb');
    assert.equal(l.span.text, 'web: bundle exec puma -C config/puma.rb');
    assert.equal(l.next, text.length);
  });

  test('trailing blanks are not part of the command; a tab may follow the colon', () => {
    const text = 'worker:\t bundle exec sidekiq  \t';
    const l = only(text);
    assert.equal(at(text, l.separator), ':\t ');
    assert.equal(l.command?.text, 'bundle exec sidekiq');
    assert.equal(l.valid, true);
  });

  test('a colon inside the command stays in the command', () => {
    const l = only('web: gunicorn app:app -b 0.0.0.0:$PORT');
    assert.equal(l.name?.text, 'web');
    assert.equal(l.command?.text, 'gunicorn app:app -b 0.0.0.0:$PORT');
  });

  test('comments, indented comments, `//` comments and blank lines', () => {
    const text = '# top\n\n   # indented\n// dokku\n \t \nweb: x\n';
    const p = parseProcfile(text);
    assert.deepEqual(p.lines.map((l) => l.kind), ['comment', 'blank', 'comment', 'comment', 'blank', 'process', 'blank']);
    assert.equal(at(text, p.lines[2].comment), '# indented');
    assert.equal(p.lines[2].comment?.marker, '#');
    assert.equal(p.lines[3].comment?.marker, '//');
    assert.equal(p.processes.length, 1);
    assert.equal(p.processes[0].line, 5);
    assert.equal(p.processes[0].index, 0);
  });

  test('annotation comments of the fixtures are comments', () => {
    const p = parseProcfile('# ruleid: concurrency/procfile-syntax\nweb: x\n# ok: port-binding/procfile-fixed-port\n');
    assert.deepEqual(p.lines.map((l) => l.kind), ['comment', 'process', 'comment', 'blank']);
  });

  test('process indexes count process lines only, and lines and processes share objects', () => {
    const p = parseProcfile('# c\nweb: a\n\nworker: b\nbad\nclock: c\n');
    assert.deepEqual(p.processes.map((x) => [x.name.text, x.index, x.line]), [['web', 0, 1], ['worker', 1, 3], ['clock', 2, 5]]);
    for (const x of p.processes) assert.equal(p.lines[x.line], x);
  });
});

describe('malformed lines', () => {
  test('no colon', () => {
    const text = 'web bundle exec puma';
    const l = only(text);
    assert.equal(l.kind, 'malformed');
    assert.deepEqual(l.problems, ['missing-colon']);
    assert.equal(at(text, l.firstWord), 'web');
    assert.equal(l.valid, false);
  });

  test('a colon only inside the command is still a missing name', () => {
    const text = 'bundle exec puma -b tcp://0.0.0.0:3000';
    const l = only(text);
    assert.deepEqual(l.problems, ['missing-colon']);
    assert.equal(l.firstWord?.text, 'bundle');
  });

  test('a line starting with a colon has no name', () => {
    const l = only(': bin/orphan');
    assert.equal(l.kind, 'malformed');
    assert.deepEqual(l.problems, ['missing-name']);
  });

  test('empty command, with and without blanks', () => {
    for (const text of ['release:', 'release:   ', 'release:\t']) {
      const l = only(text);
      assert.equal(l.kind, 'malformed', text);
      assert.deepEqual(l.problems, ['empty-command'], text);
      assert.equal(l.name?.text, 'release');
      assert.equal(l.command?.start, l.command?.end);
      assert.equal(l.valid, false);
    }
  });

  test('leading whitespace', () => {
    const text = '  worker: bundle exec sidekiq';
    const l = only(text);
    assert.equal(l.kind, 'process');
    assert.deepEqual(l.problems, ['leading-whitespace']);
    assert.equal(at(text, l.indent), '  ');
    assert.equal(at(text, l.name), 'worker');
    assert.equal(l.valid, false);
  });

  test('`name :cmd`', () => {
    const text = 'web :bundle exec puma';
    const l = only(text);
    assert.equal(l.kind, 'process');
    assert.deepEqual(l.problems, ['space-before-colon', 'no-space-after-colon']);
    assert.equal(at(text, l.gap), ' ');
    assert.equal(l.name?.text, 'web');
    assert.equal(l.command?.text, 'bundle exec puma');
    assert.equal(l.valid, false);
  });

  test('`name:cmd` without a space is valid for Heroku but noted (overmind skips it)', () => {
    const l = only('web:bundle exec puma');
    assert.deepEqual(l.problems, ['no-space-after-colon']);
    assert.equal(l.valid, true);
    assert.equal(l.command?.text, 'bundle exec puma');
  });

  test('names with characters outside [A-Za-z0-9_-]', () => {
    for (const [text, name] of [['my.proc: x', 'my.proc'], ['web/2: x', 'web/2'], ['café: x', 'café']]) {
      const l = only(text);
      assert.equal(l.kind, 'process', text);
      assert.deepEqual(l.problems, ['invalid-name'], text);
      assert.equal(l.name?.text, name);
      assert.equal(l.valid, false);
    }
  });

  test('upper case, `_` and `-` are valid name characters', () => {
    for (const text of ['Worker_1: x', 'urgent-worker: x', '0: x']) assert.equal(only(text).valid, true, text);
  });
});

describe('line breaks and encoding', () => {
  test('CRLF: ranges exclude the \\r, next skips both characters', () => {
    const text = 'web: a\r\n  worker: b\r\nclock c\r\n';
    const p = parseProcfile(text);
    assert.equal(p.eol, '\r\n');
    assert.deepEqual(p.lines.map((l) => l.kind), ['process', 'process', 'malformed', 'blank']);
    assert.equal(p.lines[0].command?.text, 'a');
    assert.equal(p.lines[0].next, 8);
    assert.equal(at(text, p.lines[1].name), 'worker');
    assert.equal(p.lines[1].span.text, '  worker: b');
    assert.equal(p.lines[1].command?.text, 'b');
    assert.deepEqual(p.lines[2].problems, ['missing-colon']);
    assert.ok(!p.lines.some((l) => l.span.text.includes('\r')));
  });

  test('a lone \\r breaks a line, as in the editor', () => {
    const p = parseProcfile('web: a\rworker: b');
    assert.deepEqual(p.processes.map((x) => [x.name.text, x.line]), [['web', 0], ['worker', 1]]);
    assert.equal(p.eol, '\n');
  });

  test('no final newline; empty text', () => {
    assert.equal(parseProcfile('web: a').lines.length, 1);
    const empty = parseProcfile('');
    assert.equal(empty.lines.length, 1);
    assert.equal(empty.lines[0].kind, 'blank');
    assert.equal(empty.processes.length, 0);
  });

  test('a byte order mark is reported and kept out of the name', () => {
    const text = '\uFEFFweb: a\n';
    const p = parseProcfile(text);
    assert.deepEqual(p.bom, { start: 0, end: 1 });
    assert.equal(p.processes[0].name.text, 'web');
    assert.equal(p.processes[0].name.start, 1);
    assert.equal(p.processes[0].valid, false, 'Heroku\'s regex does not match past a BOM');
  });

  test('UTF-16 offsets: characters outside the BMP count twice', () => {
    const text = '# 🚀\nweb: echo 🚀 $PORT\n';
    const p = parseProcfile(text);
    const web = p.processes[0];
    assert.equal(at(text, web.command), 'echo 🚀 $PORT');
    assert.equal(web.command.end - web.command.start, 'echo 🚀 $PORT'.length);
  });
});

describe('memoisation and file names', () => {
  test('the same text returns the same object', () => {
    const text = 'web: a\nworker: b\n';
    assert.equal(parseProcfile(text), parseProcfile(text));
    for (let i = 0; i < 20; i++) parseProcfile(`x${i}: y`);
    assert.deepEqual(parseProcfile(text).processes.map((p) => p.name.text), ['web', 'worker']);
  });

  test('development and variant Procfiles', () => {
    assert.ok(isDevProcfile('/app/Procfile.dev'));
    assert.ok(isDevProcfile('C:\\app\\Procfile.development'));
    assert.ok(!isDevProcfile('/app/Procfile'));
    assert.ok(isMainProcfile('/app/Procfile'));
    assert.ok(isMainProcfile('/app/basic.procfile'));
    assert.ok(!isMainProcfile('/app/Procfile.worker'));
  });
});

describe('properties (fast-check, fixed seed)', () => {
  const SEED = 0x12f;
  const pieces = fc.oneof(
    fc.constantFrom('web', 'worker', 'release', ':', ': ', ' ', '\t', '#', '//', '\n', '\r\n', '\r', '$PORT', '&', '&&', '"', "'", '\uFEFF', '🚀', 'é', '-', '_', '.'),
    fc.string({ maxLength: 8 }),
  );
  const procfileText = fc.array(pieces, { maxLength: 40 }).map((xs) => xs.join(''));

  test('never throws, and every range lies inside the text and inside its line', () => {
    fc.assert(fc.property(procfileText, (text) => {
      const p = parseProcfile(text);
      const inText = (s: Span | undefined) => !s || (0 <= s.start && s.start <= s.end && s.end <= text.length);
      let prevNext = 0;
      for (const l of p.lines) {
        assert.equal(l.span.start, prevNext, 'lines tile the text');
        assert.ok(l.span.end <= l.next && l.next <= text.length);
        prevNext = l.next;
        assert.equal(text.slice(l.span.start, l.span.end), l.span.text);
        for (const s of [l.span, l.indent, l.name, l.gap, l.separator, l.command, l.comment, l.firstWord]) {
          assert.ok(inText(s), JSON.stringify({ text, s }));
          if (s) assert.ok(s.start >= l.span.start && s.end <= l.span.end, 'inside its line');
        }
        if (l.name) assert.equal(text.slice(l.name.start, l.name.end), l.name.text);
        if (l.command) assert.equal(text.slice(l.command.start, l.command.end), l.command.text);
        assert.ok(!/[\r\n]/.test(l.span.text));
      }
      assert.equal(prevNext, text.length);
      for (const x of p.processes) {
        assert.ok(x.command.text.length > 0 && x.name.text.length > 0);
        assert.equal(x.command.text, x.command.text.trim());
      }
    }), { seed: SEED, numRuns: 500 });
  });

  test('agrees with Heroku\'s regex on which lines it accepts', () => {
    const heroku = /^([A-Za-z0-9_-]+):\s*(.+)$/;
    fc.assert(fc.property(procfileText, (text) => {
      for (const l of parseProcfile(text).lines) {
        if (l.kind === 'comment' || l.kind === 'blank' || (l.line === 0 && text.startsWith('\uFEFF'))) continue;
        const m = heroku.exec(l.span.text);
        // Heroku's `.+` also accepts a command of blanks only; we call that an empty command.
        const expected = !!m && m[2].trim() !== '';
        assert.equal(l.valid && l.kind === 'process', expected, JSON.stringify(l.span.text));
      }
    }), { seed: SEED, numRuns: 500 });
  });
});
