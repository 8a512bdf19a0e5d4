/**
 * A long-running server or worker that never handles SIGTERM, the signal the platform sends
 * before it stops a process (deploys, restarts, scale-down). Without a handler the process
 * dies at once: requests in flight are cut and a worker's current job is lost.
 *
 * Flagged, per file: a Node server started with `listen` (Express, Koa, `http.createServer`,
 * Fastify, NestJS, a Next.js custom server), a Go `main` serving HTTP (`http.ListenAndServe`,
 * `srv.ListenAndServe()`, gin `Run`, echo `Start`, fiber `Listen`, gRPC `Serve`), Python
 * `serve_forever()` and queue-consuming `while True:` loops, Ruby `TCPServer`/WEBrick
 * servers and queue-consuming loops, Java `ServerSocket`/`HttpServer` servers and polling
 * loops in `main`, PHP queue-consuming `while (true)` loops; when nothing in the file
 * handles a termination signal.
 *
 * Not flagged: frameworks and servers that handle SIGTERM themselves (gunicorn, uvicorn,
 * Django, Flask's `app.run`, Rails/Puma, Sinatra's `run!`, Spring Boot, Laravel queue
 * workers, Celery, Sidekiq), files that install any signal handler or use a graceful-shutdown
 * library (terminus, http-terminator, stoppable, lightship, close-with-grace), Nest apps
 * that call `enableShutdownHooks()`, Go code that calls `Shutdown`.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck, type RuleContext } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import type { LanguageId } from '../../parsing/languages';
import {
  ANCHORED_LOOKUPS, callInfo, enclosingFunction, findImports, inTreeOrder, matchesRootedAt, spansOf, type TextSpan,
} from '../../analysis/syntax';
import { query as compileQuery } from '../../parsing/tree-sitter';
import {
  eolOf, goListenAndServeFix, javaShutdownHookFix, nameTaken, nodeShutdownFix, phpStopFlagFix, pythonServeForeverFix,
  pythonStopFlagFix, rubyTrapFix, type NodeServerKind,
} from '../../fixes/graceful-shutdown';
import { field, namedChildren } from './_request-handler';
import { escapeRegExp } from '../../engine/regexp';
import { execMatches, matchesIn } from '../../engine/text-matches';

/** Whatever in a file already deals with termination (any signal handler, a graceful-shutdown library). */
const HANDLED: Record<string, RegExp> = {
  javascript: /\bSIG(TERM|INT|HUP|QUIT)\b|enableShutdownHooks|@godaddy\/terminus|createTerminus|[Tt]erminator|stoppable|lightship|close-with-grace|closeWithGrace|[Gg]raceful|exit-hook|exitHook|beforeShutdown|[Ss]hutdown/,
  python: /\bSIG(TERM|INT|QUIT)\b|add_signal_handler|[Gg]raceful[A-Z_]|def\s+\w*shutdown/,
  go: /\bsignal\.(Notify|NotifyContext)\b|\.Shutdown\(|\.GracefulStop\(|\bendless\.|\bgracehttp\.|\bgraceful\.|\bgrace\.|\bmanners\.|SIGTERM/,
  ruby: /\b(trap|Signal\.trap)\b|SignalException|\bSIGTERM\b/,
  java: /addShutdownHook|Signal\.handle|@PreDestroy|SpringApplication|DisposableBean|SmartLifecycle|\bSIGTERM\b/,
  php: /pcntl_signal|addSignal|\bSIGTERM\b|\bSIGINT\b/,
};

/**
 * Text every match of the JavaScript `HANDLED` holds, found faster (a pass over a large file
 * with the full alternation costs a good part of a keystroke's budget): without it, nothing
 * is handled.
 */
const JS_HANDLED_HINT = /SIG(?:TERM|INT|HUP|QUIT)|utdown|ermin(?:us|ator)|toppable|ightship|ith-?[gG]race|raceful|xit-?[hH]ook/;

/** Calls that block for the next job or message from a queue, by language (method names, lower case). */
const CONSUMERS: Record<string, Set<string>> = {
  python: new Set(['blpop', 'brpop', 'brpoplpush', 'blmove', 'bzpopmin', 'bzpopmax', 'xread', 'xreadgroup', 'receive_messages', 'receive_message', 'poll', 'consume', 'basic_get', 'get_message', 'dequeue', 'reserve', 'pull']),
  ruby: new Set(['blpop', 'brpop', 'brpoplpush', 'blmove', 'xread', 'xreadgroup', 'receive_message', 'receive_messages', 'poll', 'reserve', 'basic_get', 'dequeue']),
  java: new Set(['poll', 'receive', 'receivemessage', 'take', 'blpop', 'brpop', 'basicget', 'xread', 'xreadgroup', 'consume']),
  php: new Set(['blpop', 'brpop', 'brpoplpush', 'blmove', 'reserve', 'receivemessage', 'consume', 'basic_get', 'socket_accept', 'stream_socket_accept', 'xread', 'xreadgroup', 'pop']),
  javascript: new Set(['brpop', 'blpop', 'brpoplpush', 'blmove', 'bzpopmin', 'bzpopmax', 'xread', 'xreadgroup', 'receivemessage', 'receivemessages',
    'receivemessagecommand', 'dequeue', 'reserve', 'pull', 'poll']),
  go: new Set(['readmessage', 'fetchmessage', 'receivemessage', 'blpop', 'brpop', 'blmove', 'xread', 'xreadgroup', 'poll', 'nextmsg', 'receive']),
};

/** Text every call `consumesQueue` accepts contains (its method name as a word, in any case), per language. */
const CONSUMER_TEXT: Record<string, RegExp> = Object.fromEntries(Object.entries(CONSUMERS).map(([lang, names]) => [lang, new RegExp(`\\b(?:${[...names].join('|')})\\b`, 'i')]));

/** A trigger pattern for `word` in any case (triggers take no flags). */
function anyCase(word: string): RegExp {
  return new RegExp([...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : escapeRegExp(c))).join(''));
}

/** The consumer names in any language, without those that contain a shorter one (`brpoplpush` has `brpop`). */
const CONSUMER_WORDS = ((all: string[]) => all.filter((w) => !all.some((o) => o !== w && w.includes(o))))([...new Set(Object.values(CONSUMERS).flatMap((s) => [...s]))]);

const CALL_TYPES: Record<string, string[]> = {
  python: ['call'], ruby: ['call'], java: ['method_invocation'], javascript: ['call_expression', 'new_expression'], go: ['call_expression'],
  php: ['member_call_expression', 'function_call_expression', 'scoped_call_expression', 'nullsafe_member_call_expression'],
};

/** Does the loop body call something that waits for the next job? (Walks only the loop's subtree.) */
function consumesQueue(body: Node | undefined, lang: string): boolean {
  if (!body) return false;
  const names = CONSUMERS[lang];
  for (const c of body.descendantsOfType(CALL_TYPES[lang])) {
    if (!c) continue;
    const info = callInfo(c, lang === 'javascript' ? 'typescript' : lang as 'python');
    if (info && names.has(info.method.toLowerCase())) return true;
  }
  return false;
}

/** The first line of a loop or statement, for a compact report range. */
function headRange(context: RuleContext, node: Node, end?: Node) {
  const stop = end ? end.endIndex : Math.min(node.endIndex, node.startIndex + Math.max(1, node.text.indexOf('\n') >= 0 ? node.text.indexOf('\n') : node.text.length));
  return context.rangeAt(node.startIndex, stop);
}

/** `HANDLED`'s patterns made global, compiled once. */
const HANDLED_GLOBAL = new Map<RegExp, RegExp>();

/** Whether `re` matches the file's code (a mention in a comment, like "no SIGTERM handling", does not count). */
function handledInCode(context: RuleContext, re: RegExp): boolean {
  if (re === HANDLED.javascript && !matchesIn(context.text, JS_HANDLED_HINT)) return false;
  const root = context.tree?.rootNode;
  let g = HANDLED_GLOBAL.get(re);
  if (!g) HANDLED_GLOBAL.set(re, g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`));
  for (const m of execMatches(context.text, g)) {
    if (!root) return true;
    let n: Node | null = descendantAt(root, m.index, m.index + 1);
    let inComment = false;
    for (; n; n = n.parent) if (n.type.includes('comment')) { inComment = true; break; }
    if (!inComment) return true;
  }
  return false;
}

/**
 * The rule's query: servers started and loops that may consume a queue, per language. The
 * reference for `MATCHERS` (run on the whole tree only by tests, `ANCHORED_LOOKUPS.wholeTree`:
 * compiling one costs up to 40 ms per grammar); `test/unit/query-walks.test.ts` checks that the
 * matchers find what it matches.
 */
export const REFERENCE_QUERIES: Partial<Record<LanguageId, string>> = {
  javascript: `
      (call_expression function: (member_expression property: (property_identifier) @m (#eq? @m "listen"))) @call
      (while_statement) @loop
      (for_statement) @loop
      (do_statement) @loop`,
  python: `
      (call function: (attribute attribute: (identifier) @m (#eq? @m "serve_forever"))) @serve
      (while_statement) @loop
      (for_statement) @loop`,
  go: `
      (call_expression function: (selector_expression field: (field_identifier) @m (#match? @m "^(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS|Run|RunTLS|Start|StartTLS|StartAutoTLS|Listen|ListenTLS)$"))) @call
      (for_statement) @loop`,
  ruby: `
      (call receiver: (_) @r method: (identifier) @m (#match? @m "^(new|open)$") (#match? @r "(TCPServer|WEBrick::HTTPServer)$")) @new
      (call method: (identifier) @m (#match? @m "^(loop|each_message|each_batch)$")) @loop
      (while) @loop
      (until) @loop`,
  java: `
      (object_creation_expression type: (type_identifier) @t (#eq? @t "ServerSocket")) @new
      (method_invocation object: (identifier) @o name: (identifier) @m (#eq? @o "HttpServer") (#eq? @m "create")) @new
      (while_statement condition: (parenthesized_expression (true))) @loop
      (for_statement) @loop`,
  php: `
      (while_statement) @loop
      (for_statement) @loop`,
};

/** A match of one of the rule's queries: its pattern and captures, as the query gives them. */
export interface Match { patternIndex: number; captures: { name: string; node: Node }[] }

/** A query's match rooted at a node, found in code (undefined: none there). */
export type Matcher = (n: Node) => Match | undefined;

const matched = (patternIndex: number, captures: Record<string, Node>): Match =>
  ({ patternIndex, captures: Object.entries(captures).map(([name, node]) => ({ name, node })) });

/** A call's callee name when the callee is `<object>.<name>` of the given types (`field` names the name's field). */
function memberName(call: Node, fn: string, member: string, nameField: string, nameType: string): Node | undefined {
  const f = field(call, fn);
  const m = f?.type === member ? field(f, nameField) : undefined;
  return m?.type === nameType ? m : undefined;
}

/** `REFERENCE_QUERIES` matched in code: per language, the match rooted at a node. */
export const MATCHERS: Partial<Record<LanguageId, Matcher>> = {
  javascript: (n) => {
    switch (n.type) {
      case 'call_expression': {
        const m = memberName(n, 'function', 'member_expression', 'property', 'property_identifier');
        return m?.text === 'listen' ? matched(0, { call: n, m }) : undefined;
      }
      case 'while_statement': return matched(1, { loop: n });
      case 'for_statement': return matched(2, { loop: n });
      case 'do_statement': return matched(3, { loop: n });
    }
    return undefined;
  },
  python: (n) => {
    switch (n.type) {
      case 'call': {
        const m = memberName(n, 'function', 'attribute', 'attribute', 'identifier');
        return m?.text === 'serve_forever' ? matched(0, { serve: n, m }) : undefined;
      }
      case 'while_statement': return matched(1, { loop: n });
      case 'for_statement': return matched(2, { loop: n });
    }
    return undefined;
  },
  go: (n) => {
    switch (n.type) {
      case 'call_expression': {
        const m = memberName(n, 'function', 'selector_expression', 'field', 'field_identifier');
        return m && /^(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS|Run|RunTLS|Start|StartTLS|StartAutoTLS|Listen|ListenTLS)$/.test(m.text) ? matched(0, { call: n, m }) : undefined;
      }
      case 'for_statement': return matched(1, { loop: n });
    }
    return undefined;
  },
  ruby: (n) => {
    switch (n.type) {
      case 'call': {
        const m = field(n, 'method');
        if (m?.type !== 'identifier') return undefined;
        const r = field(n, 'receiver');
        if (r?.isNamed && /^(new|open)$/.test(m.text) && /(TCPServer|WEBrick::HTTPServer)$/.test(r.text)) return matched(0, { new: n, r, m });
        return /^(loop|each_message|each_batch)$/.test(m.text) ? matched(1, { loop: n, m }) : undefined;
      }
      case 'while': return matched(2, { loop: n });
      case 'until': return matched(3, { loop: n });
    }
    return undefined;
  },
  java: (n) => {
    switch (n.type) {
      case 'object_creation_expression': {
        const t = field(n, 'type');
        return t?.type === 'type_identifier' && t.text === 'ServerSocket' ? matched(0, { new: n, t }) : undefined;
      }
      case 'method_invocation': {
        const o = field(n, 'object');
        const m = field(n, 'name');
        return o?.type === 'identifier' && o.text === 'HttpServer' && m?.type === 'identifier' && m.text === 'create' ? matched(1, { new: n, o, m }) : undefined;
      }
      case 'while_statement': {
        const c = field(n, 'condition');
        return c?.type === 'parenthesized_expression' && c.namedChildren.some((x) => x?.type === 'true') ? matched(2, { loop: n }) : undefined;
      }
      case 'for_statement': return matched(3, { loop: n });
    }
    return undefined;
  },
  php: (n) => {
    switch (n.type) {
      case 'while_statement': return matched(0, { loop: n });
      case 'for_statement': return matched(1, { loop: n });
    }
    return undefined;
  },
};

// ---------------------------------------------------------------------------------------
// Where the query's matches can be
// ---------------------------------------------------------------------------------------

/**
 * Per language, what every match of the rule's query that can lead to a finding contains:
 * a word (`listen`, `serve_forever`, a loop keyword...) whose smallest node is at most
 * `levels` levels below the match's root, of one of `types`. The query then starts only at
 * those nodes instead of searching the whole tree (which costs milliseconds per keystroke on
 * a large file). `keep` drops occurrences the checks below would never report (a `while`
 * whose condition is not `true`, a `for` with a header), from the text after the word.
 * `needs` is what else the file's text holds wherever a match at the word (`word`, as found)
 * is reported: the constructor a receiver comes from, the call a worker loop waits on.
 */
interface Anchor {
  re: RegExp; types: ReadonlySet<string>; levels: number;
  keep?: (text: string, end: number) => boolean;
  needs?: (text: string, word: string) => boolean;
}

/** Offset of the first character after blanks and comments from `i` (line continuations too). */
function skipTrivia(text: string, i: number, hashComments: boolean): number {
  for (;;) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\\') i++;
    else if (c === '/' && text[i + 1] === '/') { const e = text.indexOf('\n', i); i = e < 0 ? text.length : e; }
    else if (c === '/' && text[i + 1] === '*') { const e = text.indexOf('*/', i + 2); i = e < 0 ? text.length : e + 2; }
    else if (c === '#' && hashComments) { const e = text.indexOf('\n', i); i = e < 0 ? text.length : e; }
    else return i;
  }
}

/** After the keyword: `(`, then `true`/`1` (what `while (true)` needs). */
const parenThen = (words: RegExp, hash = false) => (text: string, end: number): boolean => {
  let i = skipTrivia(text, end, hash);
  if (text[i] !== '(') return false;
  i = skipTrivia(text, i + 1, hash);
  words.lastIndex = i;
  return words.test(text);
};

/** After the keyword: the condition itself, `true`/`True`/`1` (Python, Ruby: no parentheses). */
const then = (words: RegExp) => (text: string, end: number): boolean => {
  words.lastIndex = skipTrivia(text, end, true);
  return words.test(text);
};

const TYPES = (...t: string[]): ReadonlySet<string> => new Set(t);

/**
 * `root.descendantForIndex(start, end)`, found faster: asked of the root of a large file it
 * costs a good part of a keystroke's budget (it steps through the root's many children), so
 * it goes down through the large named children holding the range first (a non-empty range
 * lies in one child only, so the node is the same).
 */
function descendantAt(root: Node, start: number, end: number): Node {
  let n = root;
  while (n.endIndex - n.startIndex > 4096) {
    const c = n.firstNamedChildForIndex(start);
    if (!c || c.startIndex > start || c.endIndex < end) break;
    n = c;
  }
  return n.descendantForIndex(start, end) ?? n;
}

/** `nodesNear` (analysis/syntax) with `descendantAt`: the nodes of `types` at most `levels` above each span's smallest node, in tree order. */
function nodesNearFast(root: Node, spans: Iterable<TextSpan>, types: ReadonlySet<string>, levels: number): Node[] {
  const out: Node[] = [];
  for (const s of spans) {
    let n: Node | null = descendantAt(root, s.start, s.end);
    for (let up = 0; n; up++) {
      if (types.has(n.type)) out.push(n);
      if (up === levels) break;
      n = n.parent;
    }
  }
  return inTreeOrder(out);
}

/** A `for` whose header is empty (`for (;;)`, or `for (;; i++)` in JavaScript): `(`, then `;` and `;` (or `)`). */
const emptyFor = (hash = false) => (text: string, end: number): boolean => {
  let i = skipTrivia(text, end, hash);
  if (text[i] !== '(') return false;
  i = skipTrivia(text, i + 1, hash);
  if (text[i] === ')') return true;
  if (text[i] !== ';') return false;
  i = skipTrivia(text, i + 1, hash);
  return text[i] === ';' || text[i] === ')' || i >= text.length;
};

/** A Go `for` with no header (`for {`) or a `range` clause: what `isGoWorkerLoop` can accept. */
function goWorkerHeader(text: string, end: number): boolean {
  const brace = text.indexOf('{', end);
  const header = brace < 0 ? text.slice(end) : text.slice(end, brace);
  return /\brange\b|\//.test(header) || header.trim() === '';
}

/** A worker loop needs a call that waits for the next job (`consumesQueue`). */
const consumer = (lang: string) => (text: string): boolean => CONSUMER_TEXT[lang].test(text);

/**
 * What a JavaScript `listen` receiver is made from (`jsKindOf`): express, Koa, polka, connect,
 * an http(s) server, Fastify, Nest, or a local module (`require('./app')`, `import app from '../app'`).
 */
const JS_SERVER_SOURCE = /express|[Kk]oa|polka|connect|Server|[Ff]astify|NestFactory|\.\//;

/** Python: `pubsub.listen()` (a method call, perhaps split over lines). */
const PY_LISTEN = /\.(?:\s|\\|#[^\n]*(?![^\n]))*listen\b/;

/** Java: a method named `main` (comments may stand between the name and its parameters). */
const JAVA_MAIN = /\bmain(?:\s|\/\*(?:[^*]|\*(?!\/))*\*\/|\/\/[^\n]*(?![^\n]))*\(/;

/** Go: what each serving method's receiver must come from (`checkGo`); `http.Serve` and `ListenAndServe` need nothing. */
function goServes(text: string, word: string): boolean {
  if (word.startsWith('ListenAndServe')) return true;
  if (word.startsWith('Serve')) return text.includes('http') || /grpc\.NewServer/.test(text);
  const constructor = GO_FRAMEWORK[word];
  return !!constructor && new RegExp(constructor).test(text);
}

function anchorsFor(lang: LanguageId, text: string): Anchor[] {
  switch (lang) {
    case 'javascript':
    case 'typescript':
      return [
        { re: /\blisten\b/g, types: TYPES('call_expression'), levels: 2, needs: (t) => JS_SERVER_SOURCE.test(t) },
        { re: /\bwhile\b/g, types: TYPES('while_statement', 'do_statement'), levels: 1, keep: parenThen(/true|1/y), needs: consumer('javascript') },
        { re: /\bfor\b/g, types: TYPES('for_statement'), levels: 1, keep: emptyFor(), needs: consumer('javascript') },
      ];
    case 'python': {
      const out: Anchor[] = [{ re: /\bserve_forever\b/g, types: TYPES('call'), levels: 2 }];
      // Loops count only outside web apps; `for` loops only over `pubsub.listen()` or a KafkaConsumer.
      if (!PY_WEB_APP.test(text)) {
        out.push({ re: /\bwhile\b/g, types: TYPES('while_statement'), levels: 1, keep: then(/True|1/y), needs: consumer('python') });
        if (text.includes('listen') || /\bKafkaConsumer\(/.test(text)) out.push({ re: /\bfor\b/g, types: TYPES('for_statement'), levels: 1, needs: (t) => PY_LISTEN.test(t) || /\bKafkaConsumer\(/.test(t) });
      }
      return out;
    }
    case 'go':
      return [
        { re: /\b(?:ListenAndServe|ListenAndServeTLS|Serve|ServeTLS|Run|RunTLS|Start|StartTLS|StartAutoTLS|Listen|ListenTLS)\b/g, types: TYPES('call_expression'), levels: 2, needs: goServes },
        // `for {` around a consuming call, or `range` over a delivery channel.
        { re: /\bfor\b/g, types: TYPES('for_statement'), levels: 1, keep: goWorkerHeader, needs: (t) => consumer('go')(t) || GO_CHANNEL_SOURCES.test(t) },
      ];
    case 'ruby':
      return [
        {
          re: /TCPServer|HTTPServer/g, types: TYPES('call'), levels: 2,
          needs: (t, word) => (word === 'TCPServer' ? /\.accept\b/.test(t) : t.includes('WEBrick::HTTPServer')),
        },
        { re: /\b(?:loop|each_message|each_batch)\b/g, types: TYPES('call'), levels: 1, needs: (t, word) => word !== 'loop' || consumer('ruby')(t) },
        { re: /\bwhile\b/g, types: TYPES('while'), levels: 1, keep: then(/true/y), needs: consumer('ruby') },
        { re: /\buntil\b/g, types: TYPES('until'), levels: 1, keep: then(/false/y), needs: consumer('ruby') },
      ];
    case 'java': {
      // Polling loops count in `main` only.
      const poller = (t: string) => JAVA_MAIN.test(t) && consumer('java')(t);
      return [
        { re: /\bServerSocket\b/g, types: TYPES('object_creation_expression'), levels: 1, needs: (t) => /\.accept\(\s*\)/.test(t) },
        { re: /\bHttpServer\b/g, types: TYPES('method_invocation'), levels: 1 },
        { re: /\bwhile\b/g, types: TYPES('while_statement'), levels: 1, keep: parenThen(/true/y), needs: poller },
        { re: /\bfor\b/g, types: TYPES('for_statement'), levels: 1, keep: emptyFor(), needs: poller },
      ];
    }
    case 'php': {
      // `while ($channel->is_consuming())` counts too.
      const consuming = /is_consuming/i.test(text);
      return [
        { re: /\bwhile\b/gi, types: TYPES('while_statement'), levels: 1, keep: consuming ? undefined : parenThen(/true|1/iy, true), needs: (t) => consuming || consumer('php')(t) },
        { re: /\bfor\b/gi, types: TYPES('for_statement'), levels: 1, keep: emptyFor(true), needs: consumer('php') },
      ];
    }
  }
  return [];
}

/** One regex for all of a language's anchors (one pass over the text), by their sources. */
const combined = new Map<string, RegExp>();

/** A language's anchors and, for each, the spans of its kept occurrences in the text. */
interface Candidates { anchors: Anchor[]; spans: TextSpan[][] }

/** Where a match of the rule's query may be, from the text alone. */
function candidateSpans(lang: LanguageId, text: string): Candidates {
  const anchors = anchorsFor(lang, text);
  const source = anchors.map((a) => `(${a.re.source})`).join('|');
  let re = combined.get(source);
  if (!re) {
    re = new RegExp(source, anchors.some((a) => a.re.flags.includes('i')) ? 'gi' : 'g');
    combined.set(source, re);
  }
  const spans: TextSpan[][] = anchors.map(() => []);
  for (const m of execMatches(text, re)) {
    const i = m.findIndex((g, k) => k > 0 && g !== undefined) - 1;
    const a = anchors[i];
    const end = m.index + m[0].length;
    if (a && (!a.keep || a.keep(text, end))) spans[i].push({ start: m.index, end });
  }
  return { anchors, spans };
}

/** Whether the text holds what some candidate needs to be reported (before parsing: `needs` of each anchor found). */
function mayReport(text: string, { anchors, spans }: Candidates): boolean {
  return anchors.some((a, i) => {
    if (!spans[i].length) return false;
    if (!a.needs) return true;
    const words = new Set(spans[i].map((s) => text.slice(s.start, s.end)));
    return [...words].some((w) => a.needs!(text, w));
  });
}

/** The nodes where a match of the rule's query may be rooted, in tree order. */
function candidateNodes(context: RuleContext, { anchors, spans }: Candidates): Node[] {
  const root = context.tree?.rootNode;
  if (!root) return [];
  return inTreeOrder(anchors.flatMap((a, i) => (spans[i].length ? nodesNearFast(root, spans[i], a.types, a.levels) : [])));
}

/**
 * The matches rooted at `nodes` of a query, found in code by `match`; in the reference mode, the
 * query's own (and all of them on the whole tree).
 */
function matchesAt(context: RuleContext, source: string, match: Matcher, nodes: readonly Node[]): Match[] {
  const root = context.tree?.rootNode;
  if (!root || !context.grammar) return [];
  if (ANCHORED_LOOKUPS.wholeTree) return matchesRootedAt(compileQuery(context.grammar, source), root, nodes);
  const out: Match[] = [];
  for (const n of nodes) {
    // A query's `(while)` is a named node, never the keyword of the same name.
    const m = n.isNamed ? match(n) : undefined;
    if (m) out.push(m);
  }
  return out;
}

/** Spans of `word` as a whole identifier (`$` counts as an identifier character, as in JavaScript), followed by `after`. */
function wordSpans(text: string, word: string, after: RegExp): TextSpan[] {
  const esc = escapeRegExp(word);
  // A literal start (no look-behind) lets the regex engine skip ahead; the character before is checked here.
  const re = new RegExp(`${esc}(?![\\w$])(?=${after.source})`, 'g');
  return spansOf(text, re, (m) => m.index === 0 || !/[\w$]/.test(text[m.index - 1]));
}

// ---------------------------------------------------------------------------------------
// JavaScript / TypeScript
// ---------------------------------------------------------------------------------------

type JsKind = NodeServerKind | 'app' | 'imported';

function stripAwait(n: Node): Node {
  let cur = n;
  while (cur.type === 'await_expression' || cur.type === 'parenthesized_expression') {
    const inner = cur.namedChild(0);
    if (!inner) break;
    cur = inner;
  }
  return cur;
}

/** What a value creates: an app whose `listen` returns an http.Server, a server, a Fastify or Nest app. */
function jsKindOf(value: Node, context: RuleContext, httpImported: () => boolean): JsKind | undefined {
  const v = stripAwait(value);
  if (v.type !== 'call_expression' && v.type !== 'new_expression') return undefined;
  const info = callInfo(v, context.language);
  if (!info) return undefined;
  const callee = info.callee;
  if (/^(express|Koa|koa|polka|connect|restify\.createServer)$/.test(callee)) return 'app';
  if (/^require\(\s*['"](express|koa|polka|connect)['"]\s*\)$/.test(callee)) return 'app';
  if (/^(http|https|http2|spdy)\.(create(Secure)?Server|Server)$/.test(callee)) return 'http';
  if (callee === 'createServer' && httpImported()) return 'http';
  if (/^require\(\s*['"](node:)?https?['"]\s*\)\.(createServer|Server)$/.test(callee)) return 'http';
  if (/^(fastify|Fastify)$/.test(callee) || /^require\(\s*['"]fastify['"]\s*\)$/.test(callee)) return 'fastify';
  if (callee === 'NestFactory.create' || callee === 'NestFactory.createMicroservice') return 'nest';
  if (callee === 'require' && /^['"]\.{1,2}\//.test(info.args[0]?.text ?? '')) return 'imported';
  return undefined;
}

/** What JavaScript receivers are made from: `const app = express()`, `this.server = http.createServer()`. */
export const JS_KIND_QUERY = `
      (variable_declarator name: (identifier) @name value: [(call_expression) (new_expression) (await_expression) (assignment_expression)] @value)
      (assignment_expression left: [(identifier) (member_expression object: (this))] @name right: [(call_expression) (new_expression) (await_expression)] @value)`;

/** `JS_KIND_QUERY` matched in code. */
export const matchJsKind: Matcher = (n) => {
  if (n.type === 'variable_declarator') {
    const name = field(n, 'name');
    const value = field(n, 'value');
    return name?.type === 'identifier' && value && /^(call_expression|new_expression|await_expression|assignment_expression)$/.test(value.type) ? matched(0, { name, value }) : undefined;
  }
  if (n.type === 'assignment_expression') {
    const name = field(n, 'left');
    const value = field(n, 'right');
    const named = name?.type === 'identifier' || (name?.type === 'member_expression' && field(name, 'object')?.type === 'this');
    return name && named && value && /^(call_expression|new_expression|await_expression)$/.test(value.type) ? matched(1, { name, value }) : undefined;
  }
  return undefined;
};

/** Ruby: `server.start`, a call of `start` on a name. */
export const RUBY_START_QUERY = '(call receiver: (identifier) @r method: (identifier) @m (#eq? @m "start")) @c';

/** `RUBY_START_QUERY` matched in code. */
export const matchRubyStart: Matcher = (n) => {
  if (n.type !== 'call') return undefined;
  const r = field(n, 'receiver');
  const m = field(n, 'method');
  return r?.type === 'identifier' && m?.type === 'identifier' && m.text === 'start' ? matched(0, { c: n, r, m }) : undefined;
};

function checkJs(context: RuleContext, matches: readonly Match[]): void {
  const root = context.tree?.rootNode;
  if (!root) return;
  const calls: { call: Node; recv: Node }[] = [];
  for (const m of matches) {
    const loop = m.captures.find((c) => c.name === 'loop')?.node;
    if (loop) {
      checkJsLoop(context, loop);
      continue;
    }
    const call = m.captures.find((c) => c.name === 'call')?.node;
    const fn = call ? field(call, 'function') : undefined;
    const recv = fn ? field(fn, 'object') : undefined;
    if (call && recv) calls.push({ call, recv });
  }
  if (calls.length === 0) return;
  let imports: ReturnType<typeof findImports> | undefined;
  const importsOf = () => (imports ??= findImports(root, context.language));
  const httpImported = () => importsOf().some((i) => /^(node:)?(http|https|http2)$/.test(i.module));
  const named = (recv: Node) => recv.type === 'identifier' || (recv.type === 'member_expression' && field(recv, 'object')?.type === 'this');
  // What the receivers (variables and `this.x` fields) were created from.
  const receivers = new Set(calls.filter((c) => named(c.recv)).map((c) => c.recv.text));
  const kinds = new Map<string, JsKind>();
  if (receivers.size) {
    // Declarations and assignments of a receiver: its (last) name, then `=`, a type (`:`), `!` or a comment.
    const words = new Set(calls.filter((c) => named(c.recv)).map((c) => (c.recv.type === 'identifier' ? c.recv.text : field(c.recv, 'property')?.text ?? '')));
    const spans = [...words].filter(Boolean).flatMap((w) => wordSpans(context.text, w, /\s*(?:[=:!]|\/[/*])/));
    const declarations = nodesNearFast(root, spans, TYPES('variable_declarator', 'assignment_expression'), 2);
    for (const m of matchesAt(context, JS_KIND_QUERY, matchJsKind, declarations)) {
      const name = m.captures.find((c) => c.name === 'name')?.node;
      const value = m.captures.find((c) => c.name === 'value')?.node;
      if (!name || !value || !receivers.has(name.text) || kinds.has(name.text)) continue;
      let v = value;
      // `const app = module.exports = express()`
      while (v.type === 'assignment_expression') v = field(v, 'right') ?? v;
      const kind = jsKindOf(v, context, httpImported);
      if (kind) kinds.set(name.text, kind);
    }
    // `import app from './app'`
    if ([...receivers].some((r) => !kinds.has(r))) {
      for (const i of importsOf()) {
        if (i.kind !== 'import' || !/^\.{1,2}\//.test(i.module)) continue;
        const clause = namedChildren(i.node).find((c) => c.type === 'import_clause');
        const def = clause?.namedChild(0);
        if (def?.type === 'identifier' && receivers.has(def.text) && !kinds.has(def.text)) kinds.set(def.text, 'imported');
      }
    }
  }

  for (const { call, recv } of calls) {
    let kind: JsKind | undefined;
    let receiver: string | undefined;
    if (named(recv)) {
      receiver = recv.text;
      kind = kinds.get(receiver);
      if (kind === 'imported' && !/^(app|server|application|api|httpServer)$/i.test(receiver)) kind = undefined;
    } else {
      kind = jsKindOf(recv, context, httpImported);
    }
    if (!kind) continue;
    if (kind === 'imported') {
      context.report({ node: call, messageId: 'server', data: { call: `${receiver}.listen()` } });
      continue;
    }
    context.report({ node: call, messageId: 'server', data: { call: `${receiver ?? 'server'}.listen()` }, fixes: jsFix(context, call, kind, receiver) });
  }
}

/** `while (true)` / `for (;;)` / `do {} while (true)` around a call that waits for the next job. */
function checkJsLoop(context: RuleContext, loop: Node): void {
  let cond: Node | undefined;
  if (loop.type === 'for_statement') {
    if (field(loop, 'condition') && field(loop, 'condition')?.type !== 'empty_statement') return;
    if (field(loop, 'initializer')?.type !== 'empty_statement' && field(loop, 'initializer')) return;
  } else {
    const paren = field(loop, 'condition');
    cond = paren?.type === 'parenthesized_expression' ? paren.namedChild(0) ?? undefined : paren;
    if (!cond || !(cond.type === 'true' || cond.text === '1')) return;
  }
  if (!consumesQueue(field(loop, 'body'), 'javascript')) return;
  const fix = jsStopFlagFix(context, loop, cond);
  context.report({ range: headRange(context, loop, loop.type === 'for_statement' ? undefined : field(loop, 'condition')), messageId: 'worker', fixes: fix ? [fix] : [] });
}

/** A stop flag set on SIGTERM, checked before each job (not for loops in a function typed to never return). */
function jsStopFlagFix(context: RuleContext, loop: Node, cond: Node | undefined): Fix | undefined {
  if (loop.type === 'do_statement') return undefined;
  const fn = enclosingFunction(loop, context.language);
  const ret = fn ? field(fn, 'return_type')?.text ?? '' : '';
  if (/\bnever\b/.test(ret)) return undefined;
  const text = context.text;
  if (/(^|[^\w$])stopping([^\w$]|$)/.test(text)) return undefined;
  const ls = text.lastIndexOf('\n', loop.startIndex - 1) + 1;
  const indent = text.slice(ls, loop.startIndex);
  if (indent.trim()) return undefined;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const pre = `let stopping = false;${eol}${indent}process.on('SIGTERM', () => { stopping = true; });${eol}${indent}`;
  const body = field(loop, 'body');
  if (!body) return undefined;
  const edits = [{ range: context.rangeAt(loop.startIndex, loop.startIndex), newText: pre }];
  if (cond) edits.push({ range: context.rangeAt(cond.startIndex, cond.endIndex), newText: '!stopping' });
  else edits.push({ range: context.rangeAt(loop.startIndex, body.startIndex), newText: 'while (!stopping) ' });
  return { title: 'Finish the current job and stop on SIGTERM', safety: 'suggestion', preferred: true, edits };
}

function jsFix(context: RuleContext, call: Node, kind: NodeServerKind | 'app', receiver: string | undefined): Fix[] {
  // The statement that starts the server: `x.listen(...)`, `await x.listen(...)`, `const s = x.listen(...)`.
  let expr: Node = call;
  if (expr.parent?.type === 'await_expression') expr = expr.parent;
  const p = expr.parent;
  let statement: Node | undefined;
  let serverName: string | undefined;
  if (p?.type === 'expression_statement') statement = p;
  else if (p?.type === 'variable_declarator' && field(p, 'name')?.type === 'identifier' && p.parent && namedChildren(p.parent).length === 1) {
    statement = p.parent;
    if (kind === 'app' || kind === 'http') serverName = field(p, 'name')!.text;
  }
  if (!statement) return [];
  if (kind === 'http' && !serverName && receiver && !receiver.startsWith('this.')) serverName = receiver;
  const fix = nodeShutdownFix(context, kind === 'app' ? 'http' : kind, statement, serverName, receiver);
  return fix ? [fix] : [];
}

// ---------------------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------------------

const PY_WEB_APP = /\b(Flask|FastAPI|Starlette|Quart|Sanic)\(|@app\.|from django|import django|celery|Celery\(/;

function checkPython(context: RuleContext, matches: readonly Match[]): void {
  const text = context.text;
  for (const m of matches) {
    const serve = m.captures.find((c) => c.name === 'serve')?.node;
    if (serve) {
      const fn = field(serve, 'function');
      const recv = fn ? field(fn, 'object') : undefined;
      if (!recv || recv.text === 'self' || recv.text === 'super()') continue;
      const fixes: Fix[] = [];
      const stmt = serve.parent;
      if (stmt?.type === 'expression_statement' && recv.type === 'identifier') {
        const f = pythonServeForeverFix(context, stmt, recv.text);
        if (f) fixes.push(f);
      }
      context.report({ node: serve, messageId: 'server', data: { call: `${recv.text}.serve_forever()` }, fixes });
      continue;
    }
    const loop = m.captures.find((c) => c.name === 'loop')?.node;
    if (!loop || PY_WEB_APP.test(text)) continue;
    const fnNode = enclosingFunction(loop, 'python');
    const fnName = fnNode ? field(fnNode, 'name')?.text : undefined;
    if (fnName && new RegExp(`target\\s*=\\s*(self\\.)?${fnName}\\b`).test(text)) continue; // a thread inside a bigger process
    if (loop.type === 'while_statement') {
      const cond = field(loop, 'condition');
      if (!cond || !(cond.type === 'true' || cond.text === '1')) continue;
      if (!consumesQueue(field(loop, 'body'), 'python')) continue;
      const f = pythonStopFlagFix(context, loop, cond);
      context.report({ range: headRange(context, loop, cond), messageId: 'worker', fixes: f ? [f] : [] });
    } else if (loop.type === 'for_statement') {
      const right = field(loop, 'right');
      if (!right) continue;
      const info = right.type === 'call' ? callInfo(right, 'python') : undefined;
      const consumes = info ? info.method === 'listen' && /pubsub|p$/i.test(info.object ?? '')
        : right.type === 'identifier' && /\bKafkaConsumer\(/.test(text) && new RegExp(`\\b${right.text}\\s*=\\s*KafkaConsumer\\(`).test(text);
      if (!consumes) continue;
      context.report({ range: headRange(context, loop, right), messageId: 'worker' });
    }
  }
}

// ---------------------------------------------------------------------------------------
// Go
// ---------------------------------------------------------------------------------------

/** Methods that serve forever, and the constructor their receiver must come from. */
const GO_FRAMEWORK: Record<string, string> = {
  Run: 'gin\\.(Default|New)', RunTLS: 'gin\\.(Default|New)',
  Start: 'echo\\.New', StartTLS: 'echo\\.New', StartAutoTLS: 'echo\\.New',
  Listen: 'fiber\\.New', ListenTLS: 'fiber\\.New',
  Serve: 'grpc\\.NewServer|&?http\\.Server\\{',
};

/** Calls returning a channel of deliveries (amqp `Consume`, NATS `ChanSubscribe`, sarama `Messages()`...). */
const GO_CHANNEL_SOURCES = /\.(Consume|ConsumeWithContext|Messages|Chan|ChanSubscribe|ChanQueueSubscribe|Subscribe|Receive)\(/;

/**
 * `for d := range msgs` over a delivery channel, or `for {` around a call that waits for the
 * next message (kafka-go `ReadMessage`, SQS `ReceiveMessage`, Redis `BLPop`...).
 */
function isGoWorkerLoop(loop: Node): boolean {
  const body = field(loop, 'body');
  const clause = namedChildren(loop).find((c) => c !== body && c.type !== 'block');
  if (!clause) return consumesQueue(body, 'go');
  if (clause.type !== 'range_clause') return false;
  const right = field(clause, 'right');
  if (!right) return false;
  if (GO_CHANNEL_SOURCES.test(right.text)) return true;
  if (right.type !== 'identifier') return false;
  const fn = enclosingFunction(loop, 'go');
  const scope = fn?.text ?? '';
  return new RegExp(`\\b${right.text}\\s*(,\\s*\\w+\\s*)?:?=\\s*[^\\n]*${GO_CHANNEL_SOURCES.source}`).test(scope);
}

/** Only a `main` package's `main` can serve or consume forever. */
const goMain = (text: string) => /^package\s+main\b/m.test(text) && /^func\s+main\s*\(\s*\)/m.test(text);

function checkGo(context: RuleContext, matches: readonly Match[]): void {
  const text = context.text;
  if (!goMain(text)) return;
  for (const m of matches) {
    const loop = m.captures.find((c) => c.name === 'loop')?.node;
    if (loop) {
      if (isGoWorkerLoop(loop)) context.report({ range: headRange(context, loop), messageId: 'worker' });
      continue;
    }
    const call = m.captures.find((c) => c.name === 'call')?.node;
    const fn = call ? field(call, 'function') : undefined;
    const operand = fn ? field(fn, 'operand') : undefined;
    const method = fn ? field(fn, 'field')?.text ?? '' : '';
    if (!call || !operand) continue;
    let ok = false;
    if (operand.text === 'http') ok = /^(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)$/.test(method);
    else if (method === 'ListenAndServe' || method === 'ListenAndServeTLS') ok = true;
    else if (operand.type === 'identifier' && GO_FRAMEWORK[method]) {
      ok = new RegExp(`\\b${operand.text}\\s*:?=\\s*(${GO_FRAMEWORK[method]})`).test(text);
    }
    if (!ok) continue;
    const fixes: Fix[] = [];
    const main = enclosingFunction(call, 'go');
    if (main && main.type === 'function_declaration' && field(main, 'name')?.text === 'main') {
      const body = field(main, 'body');
      const f = body ? goListenAndServeFix(context, call, body) : undefined;
      if (f) fixes.push(f);
    }
    context.report({ node: call, messageId: 'server', data: { call: `${fn!.text}()` }, fixes });
  }
}

// ---------------------------------------------------------------------------------------
// Ruby
// ---------------------------------------------------------------------------------------

function checkRuby(context: RuleContext, matches: readonly Match[]): void {
  const text = context.text;
  for (const m of matches) {
    const node = m.captures.find((c) => c.name === 'new')?.node;
    if (node) {
      const recv = field(node, 'receiver')?.text ?? '';
      if (/^(::)?(Socket::)?TCPServer$/.test(recv)) {
        if (!/\.accept\b/.test(text)) continue;
        context.report({ node, messageId: 'server', data: { call: `${recv}.new` } });
      } else if (/^(::)?WEBrick::HTTPServer$/.test(recv)) {
        const fixes: Fix[] = [];
        const assign = node.parent?.type === 'assignment' ? node.parent : undefined;
        const name = assign && field(assign, 'left')?.type === 'identifier' ? field(assign, 'left')!.text : undefined;
        if (name) {
          const calls = nodesNearFast(context.tree!.rootNode, spansOf(text, /\bstart\b/g), TYPES('call'), 1);
          const start = matchesAt(context, RUBY_START_QUERY, matchRubyStart, calls)
            .map((x) => x.captures.find((c) => c.name === 'c')?.node)
            .find((c) => c && field(c, 'receiver')?.text === name && !field(c, 'arguments') && c.startIndex > node.startIndex);
          const f = start ? rubyTrapFix(context, start, name) : undefined;
          if (f) fixes.push(f);
        }
        context.report({ node, messageId: 'server', data: { call: 'WEBrick::HTTPServer.new' }, fixes });
      }
      continue;
    }
    const loop = m.captures.find((c) => c.name === 'loop')?.node;
    if (!loop) continue;
    if (loop.type === 'call') {
      const method = field(loop, 'method')?.text;
      if (method === 'each_message' || method === 'each_batch') {
        context.report({ range: headRange(context, loop), messageId: 'worker' });
        continue;
      }
      if (method !== 'loop' || field(loop, 'receiver')) continue;
      if (!consumesQueue(field(loop, 'block'), 'ruby')) continue;
      context.report({ range: headRange(context, loop), messageId: 'worker' });
    } else {
      const cond = field(loop, 'condition');
      if (!cond || cond.type !== (loop.type === 'while' ? 'true' : 'false')) continue;
      if (!consumesQueue(field(loop, 'body'), 'ruby')) continue;
      context.report({ range: headRange(context, loop, cond), messageId: 'worker' });
    }
  }
}

// ---------------------------------------------------------------------------------------
// Java
// ---------------------------------------------------------------------------------------

function checkJava(context: RuleContext, matches: readonly Match[]): void {
  const text = context.text;
  for (const m of matches) {
    const node = m.captures.find((c) => c.name === 'new')?.node;
    if (node) {
      if (node.type === 'object_creation_expression') {
        if (!/\.accept\(\s*\)/.test(text)) continue;
        context.report({ node, messageId: 'server', data: { call: `new ${field(node, 'type')?.text ?? 'ServerSocket'}()` } });
        continue;
      }
      // HttpServer.create(...)
      const fixes: Fix[] = [];
      const decl = node.parent?.type === 'variable_declarator' ? node.parent : undefined;
      const name = decl ? field(decl, 'name')?.text : undefined;
      if (name && (text.match(new RegExp(`\\b${name}\\s*=[^=]`, 'g')) ?? []).length === 1) {
        const method = enclosingFunction(node, 'java');
        const start = method?.descendantsOfType('method_invocation')
          .find((c) => c && field(c, 'object')?.text === name && field(c, 'name')?.text === 'start' && c.parent?.type === 'expression_statement');
        const f = start?.parent ? javaShutdownHookFix(context, start.parent, name) : undefined;
        if (f) fixes.push(f);
      }
      context.report({ node, messageId: 'server', data: { call: 'HttpServer.create()' }, fixes });
      continue;
    }
    const loop = m.captures.find((c) => c.name === 'loop')?.node;
    if (!loop) continue;
    if (loop.type === 'for_statement' && (field(loop, 'condition') || field(loop, 'init') || field(loop, 'update'))) continue;
    const method = enclosingFunction(loop, 'java');
    if (method?.type !== 'method_declaration' || field(method, 'name')?.text !== 'main') continue;
    if (!consumesQueue(field(loop, 'body'), 'java')) continue;
    const cond = field(loop, 'condition');
    context.report({ range: headRange(context, loop, cond), messageId: 'worker' });
  }
}

// ---------------------------------------------------------------------------------------
// PHP
// ---------------------------------------------------------------------------------------

function checkPhp(context: RuleContext, matches: readonly Match[]): void {
  for (const m of matches) {
    const loop = m.captures.find((c) => c.name === 'loop')?.node;
    if (!loop) continue;
    let cond: Node | undefined;
    if (loop.type === 'while_statement') {
      const paren = field(loop, 'condition');
      cond = paren?.namedChild(0) ?? undefined;
      if (!cond) continue;
      const amqp = cond.type === 'member_call_expression' && /^is_consuming$/i.test(field(cond, 'name')?.text ?? '');
      const forever = (cond.type === 'boolean' && /^true$/i.test(cond.text)) || cond.text === '1';
      if (!amqp && !(forever && consumesQueue(field(loop, 'body'), 'php'))) continue;
      const f = forever ? phpStopFlagFix(context, loop, cond) : undefined;
      context.report({ range: headRange(context, loop, paren), messageId: 'worker', fixes: f ? [f] : [] });
    } else if (loop.type === 'for_statement') {
      const parts = namedChildren(loop).filter((c) => c.type !== 'compound_statement' && c.type !== 'colon_block');
      if (parts.length) continue;
      if (!consumesQueue(field(loop, 'body'), 'php')) continue;
      context.report({ range: headRange(context, loop), messageId: 'worker' });
    }
  }
}

// ---------------------------------------------------------------------------------------
// Incremental checks: what a finding reads outside its own statement
// ---------------------------------------------------------------------------------------

/**
 * The last text's candidates and termination handling, shared by `facts` and `check` (the
 * engine asks for both on every keystroke). Both are whole-text results, never a region's.
 */
let lastText: { text: string; language: LanguageId; candidates: Candidates; handled?: boolean } | undefined;

function textEntry(context: RuleContext) {
  if (lastText?.text !== context.text || lastText.language !== context.language) {
    lastText = { text: context.text, language: context.language, candidates: candidateSpans(context.language, context.text) };
  }
  return lastText;
}

/** Where a finding can be, in the whole text. */
const allCandidates = (context: RuleContext): Candidates => textEntry(context).candidates;

/** Whether the file's code deals with termination anywhere (then nothing is reported). */
function fileHandled(context: RuleContext): boolean {
  const entry = textEntry(context);
  if (entry.handled === undefined) {
    const re = HANDLED[context.language === 'typescript' ? 'javascript' : context.language];
    entry.handled = !!re && handledInCode(context, re);
  }
  return entry.handled;
}

/** Node types that hold a list of statements or members (as the engine splits a region). */
const STATEMENT_LIST = /block|body|program|module|source_file|compilation_unit|declaration_list|suite|compound_statement|statement_list|^class$|^do$|^begin$|^then$|^else$/;

/**
 * The statement (an item of a statement or member list) around a candidate: it holds every
 * node the candidate's match can be rooted at (`levels` up from the word), so the finding, its
 * subtree, and the statement a fix rewrites.
 */
function statementAround(root: Node, span: TextSpan, levels: number): Node {
  let n: Node = descendantAt(root, span.start, span.end);
  for (let up = 0; up < levels && n.parent; up++) n = n.parent;
  while (n.parent && !STATEMENT_LIST.test(n.parent.type)) n = n.parent;
  return n;
}

/** The whole lines a node spans (fixes read its indentation and what shares its first and last line), and whether they end the file. */
function linesOf(text: string, n: Node): string {
  const start = text.lastIndexOf('\n', n.startIndex - 1) + 1;
  const nl = text.indexOf('\n', n.endIndex);
  return `${text.slice(start, nl < 0 ? text.length : nl + 1)}${nl < 0 || nl + 1 === text.length ? '\u0000end' : ''}`;
}

/**
 * The text a `<name> = <constructor>` test (`\bname\s*:?=\s*&?Ctor`) can read before an
 * occurrence of the constructor at `at`: blanks and `:`, `=`, `&`, then the name's run of
 * characters, and the one before it.
 */
function assignedBefore(text: string, at: number): string {
  let i = at;
  while (i > 0 && /[\s:=&]/.test(text[i - 1])) i--;
  while (i > 0 && !/[\s:=&]/.test(text[i - 1])) i--;
  return text.slice(Math.max(0, i - 1), at);
}

/** For each occurrence of `re` (global), `capture` of it, in order. */
function each(text: string, re: RegExp, capture: (m: RegExpExecArray) => string): string[] {
  const out: string[] = [];
  for (const m of execMatches(text, re)) out.push(capture(m));
  return out;
}

/** The statements around each occurrence of `re` (their text). */
function statementsAt(root: Node, text: string, re: RegExp): string[] {
  return each(text, re, (m) => statementAround(root, { start: m.index, end: m.index + m[0].length }, 0).text);
}

/** What the file says, outside any candidate, that decides which of its candidates are reported and how (per language). */
function gates(language: LanguageId, text: string): string {
  switch (language) {
    case 'go': return `main:${goMain(text)}`;
    case 'python': return `web:${PY_WEB_APP.test(text)} listen:${text.includes('listen')} kafka:${/\bKafkaConsumer\(/.test(text)}`;
    case 'php': return `consuming:${/is_consuming/i.test(text)}`;
  }
  return '';
}

/** Python: what `pythonImportEdits` reads (the first group of top-level imports, or the first code), and `import signal` / `import threading` anywhere. */
function pythonImportFacts(root: Node, text: string): string[] {
  const out: string[] = [];
  const top = namedChildren(root);
  const isImport = (c: Node) => c.type === 'import_statement' || c.type === 'import_from_statement' || c.type === 'future_import_statement';
  const first = top.findIndex(isImport);
  // Up to the end of a node's first line.
  const through = (n: Node) => { const nl = text.indexOf('\n', n.startIndex); return nl < 0 ? text.length : nl + 1; };
  if (first < 0) {
    const code = top.find((c) => !(c.type === 'expression_statement' && c.namedChild(0)?.type === 'string'));
    out.push(`no imports:${text.slice(0, code ? through(code) : text.length)}`);
  } else {
    let last = first;
    while (last + 1 < top.length && isImport(top[last + 1])) last++;
    const next = top[last + 1];
    const start = text.lastIndexOf('\n', top[first].startIndex - 1) + 1;
    out.push(`imports:${text.slice(start, next ? through(next) : text.length)}`);
  }
  for (const st of statementsAt(root, text, /\b(?:signal|threading)\b/g)) if (/\bimport\b/.test(st)) out.push(st);
  return out;
}

/** Go: the package clause and import declarations (what `goImportEdits` and the fix's import checks read). */
function goImportFacts(root: Node): string[] {
  return namedChildren(root).filter((c) => c.type === 'package_clause' || c.type === 'import_declaration').map((c) => c.text);
}

/** The file's indentation step as `indentUnit` (graceful-shutdown) finds it. */
function indentFact(text: string): string {
  if (/^\t/m.test(text)) return 'tab';
  let min = 0;
  for (const m of text.matchAll(/^( +)\S/gm)) if (min === 0 || m[1].length < min) min = m[1].length;
  return `spaces:${min}`;
}

/**
 * Everything outside its own statement a finding reads: the file's termination handling, the
 * statements of all candidates (a new server or loop, or one changed, is then a full check;
 * the candidates in an unchanged statement keep their findings), and per language what the
 * checks and fixes look up elsewhere (declarations of a `listen` receiver, imports, names a
 * fix would take, the constructor of a Go app, Go's `main`, Java's method around a server...).
 */
function sigtermFacts(context: RuleContext): string {
  const { text, language } = context;
  const out = [gates(language, text)];
  if (language === 'go' && !goMain(text)) return out.join('\n');
  const candidates = allCandidates(context);
  if (!candidates.spans.some((s) => s.length)) return `${out.join('\n')}\nnone`;
  const root = context.tree?.rootNode;
  if (!root) return `${out.join('\n')}\nno tree`;
  if (fileHandled(context)) return `${out.join('\n')}\nhandled`;
  out.push(`eol:${eolOf(text) === '\r\n'}`);
  const sites: { anchor: number; word: string; statement: Node; span: TextSpan }[] = [];
  candidates.anchors.forEach((a, i) => {
    for (const span of candidates.spans[i]) {
      const statement = statementAround(root, span, a.levels);
      sites.push({ anchor: i, word: text.slice(span.start, span.end), statement, span });
      out.push(`site ${i}:${linesOf(text, statement)}`);
    }
  });
  const lang = language === 'typescript' ? 'javascript' : language;
  switch (lang) {
    case 'javascript': {
      const listens = sites.filter((s) => s.word === 'listen');
      if (listens.length) {
        // The receivers' declarations anywhere (`jsKindOf`), the http and relative imports, the names the fix may take.
        const words = new Set<string>();
        for (const s of listens) {
          for (const n of nodesNearFast(root, [s.span], TYPES('call_expression'), 2)) {
            const recv = field(field(n, 'function'), 'object');
            if (recv?.type === 'identifier') words.add(recv.text);
            else if (recv?.type === 'member_expression' && field(recv, 'object')?.type === 'this') words.add(field(recv, 'property')?.text ?? '');
          }
        }
        for (const w of [...words].filter(Boolean).sort()) {
          out.push(`receiver ${w}`, ...wordSpans(text, w, /\s*(?:[=:!]|\/[/*])/).map((sp) => statementAround(root, sp, 2).text));
        }
        out.push(...statementsAt(root, text, /(['"`])(?:node:)?https?2?\1|(['"`])\.{1,2}\//g));
        out.push(`taken:${nameTaken(text, 'server')},${nameTaken(text, 'httpServer')}`);
      }
      if (sites.some((s) => s.word !== 'listen')) out.push(`stopping:${matchesIn(text, /(^|[^\w$])stopping([^\w$]|$)/)}`);
      break;
    }
    case 'python':
      // Loops: `target=<function>` (a thread), `<name> = KafkaConsumer(`; fixes: names taken, imports.
      out.push(...each(text, /target(?=(\s*=\s*\S*))/g, (m) => m[0] + m[1]));
      out.push(...each(text, /KafkaConsumer\(/g, (m) => assignedBefore(text, m.index)));
      out.push(`taken:${nameTaken(text, 'stop_requested')}`, ...pythonImportFacts(root, text));
      break;
    case 'go':
      // The function around each candidate (`main`'s body for the fix, a channel's source for a `range` loop), apps' constructors, imports, indentation.
      for (const s of sites) out.push(`fn:${enclosingFunction(s.statement, 'go')?.text ?? ''}`);
      out.push(...each(text, /gin\.(?:Default|New)|echo\.New|fiber\.New|grpc\.NewServer|http\.Server\{/g, (m) => assignedBefore(text, m.index)));
      out.push(...goImportFacts(root), indentFact(text));
      break;
    case 'ruby':
      out.push(`accept:${/\.accept\b/.test(text)}`);
      // WEBrick's fix goes before the server's `start` call.
      if (sites.some((s) => s.word === 'HTTPServer')) out.push(...each(text, /\bstart\b/g, (m) => linesOf(text, statementAround(root, { start: m.index, end: m.index + 5 }, 1))));
      break;
    case 'java':
      out.push(`accept:${/\.accept\(\s*\)/.test(text)}`);
      // `HttpServer.create`: how often its variable is assigned, and the method around it (where the fix finds `start()`).
      for (const s of sites) {
        if (s.word !== 'HttpServer') continue;
        const method = enclosingFunction(s.statement, 'java');
        out.push(`method:${method ? linesOf(text, method) : ''}`);
        for (const n of nodesNearFast(root, [s.span], TYPES('method_invocation'), 1)) {
          const decl = n.parent?.type === 'variable_declarator' ? n.parent : undefined;
          const name = decl ? field(decl, 'name')?.text : undefined;
          if (name) out.push(`assigned ${name}:${(text.match(new RegExp(`\\b${name}\\s*=[^=]`, 'g')) ?? []).length}`);
        }
      }
      break;
    case 'php':
      out.push(`taken:${nameTaken(text, '$stopRequested')}`);
      break;
  }
  return out.join('\n');
}

export default defineRule({
  id: 'disposability/no-sigterm-handler',
  meta: {
    description: 'Long-running server or worker with no SIGTERM handling',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'suggestion',
    incremental: true,
    messages: {
      server: '`{{call}}` starts a server but nothing here handles SIGTERM, so every deploy or scale-down cuts the requests in flight; on SIGTERM stop accepting connections, let current requests finish, then exit.',
      worker: 'This worker loop never handles SIGTERM, so every deploy or scale-down kills it in the middle of a job; on SIGTERM finish (or requeue) the current job, then exit.',
    },
    docs: {
      why: 'The platform stops processes with SIGTERM whenever it deploys, restarts or scales down, and a process that ignores it is killed mid-request or mid-job a few seconds later.',
      bad: {
        javascript: "const app = express();\napp.listen(process.env.PORT || 3000);",
        typescript: "const app = express();\napp.listen(Number(process.env.PORT) || 3000);",
        python: 'httpd = HTTPServer(("", int(os.environ.get("PORT", "8000"))), Handler)\nhttpd.serve_forever()',
        go: 'func main() {\n\thttp.HandleFunc("/", index)\n\tlog.Fatal(http.ListenAndServe(":"+os.Getenv("PORT"), nil))\n}',
        ruby: 'loop do\n  _queue, job = redis.blpop("jobs")\n  process(job)\nend',
        java: 'HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);\nserver.start();',
        php: "while (true) {\n    \$job = \$redis->blPop(['jobs'], 5);\n    handle(\$job);\n}",
      },
      good: {
        javascript: "const server = app.listen(process.env.PORT || 3000);\nprocess.on('SIGTERM', () => server.close(() => process.exit(0)));",
        typescript: "const server = app.listen(Number(process.env.PORT) || 3000);\nprocess.on('SIGTERM', () => server.close(() => process.exit(0)));",
        python: 'signal.signal(signal.SIGTERM, lambda signum, frame: threading.Thread(target=httpd.shutdown).start())\nhttpd.serve_forever()',
        go: 'srv := &http.Server{Addr: ":" + os.Getenv("PORT")}\ngo srv.ListenAndServe()\nctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)\ndefer stop()\n<-ctx.Done()\nsrv.Shutdown(context.Background())',
        ruby: 'stopping = false\ntrap("TERM") { stopping = true }\nuntil stopping\n  _queue, job = redis.blpop("jobs", timeout: 5)\n  process(job) if job\nend',
        java: 'HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);\nserver.start();\nRuntime.getRuntime().addShutdownHook(new Thread(() -> server.stop(5)));',
        php: "pcntl_async_signals(true);\npcntl_signal(SIGTERM, function () use (&\$stop) { \$stop = true; });\nwhile (!\$stop) {\n    \$job = \$redis->blPop(['jobs'], 5);\n}",
      },
      fix: 'Adds a SIGTERM (and SIGINT) handler in the idiom found: `server.close()` for Node servers, `enableShutdownHooks()` for Nest, `close()` for Fastify, `server.shutdown()` or a stop flag in Python, an `http.Server` with `Shutdown` on `signal.NotifyContext` in Go, `trap("TERM")` for WEBrick, a shutdown hook for Java\'s `HttpServer`, a `pcntl_signal` stop flag in PHP.',
    },
  },
  // What each finding needs: a server's start (Go's `Run`/`Start`/`Listen` only on a gin, echo or fiber
  // app), or a worker's wait for the next job (a consumer call, a Go delivery channel, `pubsub.listen()`,
  // a KafkaConsumer, Ruby Kafka's `each_message`, PHP's `is_consuming()`).
  triggers: [
    'listen', 'serve_forever', 'Serve', 'gin.Default', 'gin.New', 'echo.New', 'fiber.New', 'TCPServer', 'WEBrick::HTTPServer', 'ServerSocket', 'HttpServer',
    // (`consume` and `receive` cover `.Consume(`, `.Receive(` and KafkaConsumer.)
    ...CONSUMER_WORDS.map(anyCase), '.Messages', '.Chan', '.Subscribe', 'each_message', 'each_batch', anyCase('is_consuming'),
  ],
  facts: sigtermFacts,
  check(context) {
    // Where a finding can be first (cheap: text and a few nodes), then whether the file handles SIGTERM.
    if (context.language === 'go' && !goMain(context.text)) return;
    const all = allCandidates(context);
    // Re-checking a region: only its candidates (the others' statements are in the facts, unchanged).
    const region = context.region;
    const candidates = region ? { anchors: all.anchors, spans: all.spans.map((s) => s.filter((x) => x.start >= region.start && x.end <= region.end)) } : all;
    if (!candidates.spans.some((s) => s.length) && !ANCHORED_LOOKUPS.wholeTree) return;
    if (!context.treeParsed && !precheck(() => mayReport(context.text, candidates))) return;
    const nodes = candidateNodes(context, candidates);
    if (!nodes.length && !ANCHORED_LOOKUPS.wholeTree) return;
    if (fileHandled(context)) return;
    const lang = context.language === 'typescript' ? 'javascript' : context.language;
    const source = REFERENCE_QUERIES[lang];
    const match = MATCHERS[lang];
    const matches = source && match ? matchesAt(context, source, match, nodes) : [];
    switch (context.language) {
      case 'javascript': case 'typescript': return checkJs(context, matches);
      case 'python': return checkPython(context, matches);
      case 'go': return checkGo(context, matches);
      case 'ruby': return checkRuby(context, matches);
      case 'java': return checkJava(context, matches);
      case 'php': return checkPhp(context, matches);
    }
  },
});
