/**
 * How web servers started from a Procfile are told their port: which options carry a port or
 * a `host:port`, which positional argument does, and what they do when given none. Shared by
 * the two Procfile port-binding rules.
 */
import { findOption, invocation, type Invocation, type SimpleCommand, type Word } from '../../parsing/procfile-command';

export interface ServerSpec {
  /** A display name for messages. */
  label: string;
  /** Options whose value is a port. */
  port?: string[];
  /** Options whose value is `host:port`, `tcp://host:port` or (for some) a bare port. */
  bind?: string[];
  /** A positional argument that is the port (`http.server 8000`) or `[addr:]port` (`runserver 0.0.0.0:8000`). */
  positional?: 'port' | 'addrport';
  /** Index of the first argument that may be positional (after subcommands). */
  positionalFrom?: number;
  /**
   * What happens with no port given: 'env' when the server reads `$PORT` itself (never
   * flag), else the port it falls back to (flag: it ignores the platform's port).
   */
  noPort: 'env' | number;
  /** Environment variables that also set its port (`UVICORN_PORT`). */
  portVariables?: string[];
  /** Options that load a config file which may set the port (then a missing port is not flagged). */
  config?: string[];
  /** Text to append to give it the platform's port, `{{port}}` standing for the port expression. */
  append?: string;
  /** Part of `append` to leave out when the server already has a host option. */
  host?: string[];
}

/** The server a simple command starts, with the spec of its options. */
export interface ServerMatch { inv: Invocation; spec: ServerSpec; args: Word[] }

const SPECS: Record<string, ServerSpec> = {
  rails: { label: 'rails server', port: ['-p', '--port'], noPort: 'env' },
  puma: { label: 'puma', port: ['-p', '--port'], bind: ['-b', '--bind'], noPort: 'env' },
  unicorn: { label: 'unicorn', port: ['-p', '--port'], bind: ['-l', '--listen'], noPort: 'env' },
  unicorn_rails: { label: 'unicorn_rails', port: ['-p', '--port'], bind: ['-l', '--listen'], noPort: 'env' },
  thin: { label: 'thin', port: ['-p', '--port'], noPort: 'env' },
  rackup: { label: 'rackup', port: ['-p', '--port'], noPort: 'env' },
  // gunicorn binds 0.0.0.0:$PORT by itself when PORT is set.
  gunicorn: { label: 'gunicorn', bind: ['-b', '--bind'], noPort: 'env' },
  uvicorn: {
    label: 'uvicorn', port: ['--port'], noPort: 8000, portVariables: ['UVICORN_PORT'],
    append: ' --host 0.0.0.0 --port {{port}}', host: ['--host'],
  },
  hypercorn: { label: 'hypercorn', bind: ['-b', '--bind'], noPort: 8000, config: ['-c', '--config'], append: ' --bind 0.0.0.0:{{port}}' },
  daphne: { label: 'daphne', port: ['-p', '--port'], bind: ['-e', '--endpoint'], noPort: 8000, append: ' --bind 0.0.0.0 --port {{port}}', host: ['-b', '--bind'] },
  'waitress-serve': { label: 'waitress-serve', port: ['--port'], bind: ['--listen'], noPort: 8080, append: ' --port={{port}}' },
  flask: { label: 'flask run', port: ['-p', '--port'], noPort: 5000, portVariables: ['FLASK_RUN_PORT'], append: ' --host 0.0.0.0 --port {{port}}', host: ['-h', '--host'] },
  runserver: { label: 'manage.py runserver', positional: 'addrport', noPort: 8000, append: ' 0.0.0.0:{{port}}' },
  'http.server': { label: 'python -m http.server', positional: 'port', noPort: 8000, append: ' {{port}}' },
  php: { label: 'php -S', bind: ['-S'], noPort: 'env' },
  next: { label: 'next', port: ['-p', '--port'], noPort: 'env' },
  nuxt: { label: 'nuxt', port: ['-p', '--port'], noPort: 'env' },
  nuxi: { label: 'nuxi', port: ['-p', '--port'], noPort: 'env' },
  serve: { label: 'serve', port: ['-p'], bind: ['-l', '--listen'], noPort: 'env' },
  'http-server': { label: 'http-server', port: ['-p', '--port'], noPort: 'env' },
  vite: { label: 'vite', port: ['--port'], noPort: 'env' },
  streamlit: {
    label: 'streamlit run', port: ['--server.port'], noPort: 8501, portVariables: ['STREAMLIT_SERVER_PORT'],
    append: ' --server.port {{port}} --server.address 0.0.0.0', host: ['--server.address'],
  },
  uwsgi: { label: 'uwsgi', bind: ['--http', '--http-socket', '--socket'], noPort: 'env' },
  hugo: { label: 'hugo server', port: ['-p', '--port'], noPort: 'env' },
  jekyll: { label: 'jekyll serve', port: ['-P', '--port'], noPort: 'env' },
  mkdocs: { label: 'mkdocs serve', bind: ['-a', '--dev-addr'], noPort: 'env' },
};

/** Options any program may use for its port (`node server.js --port 3000`). */
export const GENERIC: ServerSpec = { label: 'the server', port: ['--port', '--server.port'], bind: ['--bind', '--listen'], noPort: 'env' };

/** The server a command runs, by program (and subcommand where it matters). */
export function serverOf(cmd: SimpleCommand): ServerMatch | undefined {
  const inv = invocation(cmd);
  if (!inv) return undefined;
  const a0 = inv.args[0]?.value;
  const a1 = inv.args[1]?.value;
  switch (inv.program) {
    case 'rails':
      return a0 === 's' || a0 === 'server' ? { inv, spec: SPECS.rails, args: inv.args.slice(1) } : undefined;
    case 'flask':
      return a0 === 'run' ? { inv, spec: SPECS.flask, args: inv.args.slice(1) } : undefined;
    case 'next': case 'nuxt': case 'nuxi':
      return a0 === 'start' || a0 === 'dev' || a0 === 'preview' ? { inv, spec: SPECS[inv.program], args: inv.args.slice(1) } : undefined;
    case 'vite':
      return a0 === 'preview' || a0 === 'dev' || a0 === 'serve' || a0 === undefined ? { inv, spec: SPECS.vite, args: inv.args } : undefined;
    case 'streamlit':
      return a0 === 'run' ? { inv, spec: SPECS.streamlit, args: inv.args.slice(1) } : undefined;
    case 'hugo':
      return a0 === 'server' || a0 === 'serve' ? { inv, spec: SPECS.hugo, args: inv.args.slice(1) } : undefined;
    case 'jekyll':
      return a0 === 'serve' || a0 === 's' ? { inv, spec: SPECS.jekyll, args: inv.args.slice(1) } : undefined;
    case 'mkdocs':
      return a0 === 'serve' ? { inv, spec: SPECS.mkdocs, args: inv.args.slice(1) } : undefined;
    case 'thin':
      return { inv, spec: SPECS.thin, args: inv.args };
    case 'django-admin':
      return a0 === 'runserver' ? { inv, spec: SPECS.runserver, args: inv.args.slice(1) } : undefined;
    case 'manage.py':
      return a0 === 'runserver' ? { inv, spec: SPECS.runserver, args: inv.args.slice(1) } : undefined;
    case 'php':
      return inv.args.some((w) => w.value?.startsWith('-S')) ? { inv, spec: SPECS.php, args: inv.args } : undefined;
    default:
      break;
  }
  if (/^python[0-9.]*$/.test(inv.program) && /(^|\/)manage\.py$/.test(a0 ?? '') && a1 === 'runserver') {
    return { inv, spec: SPECS.runserver, args: inv.args.slice(2) };
  }
  const spec = SPECS[inv.program];
  if (spec && spec !== SPECS.runserver) return { inv, spec, args: inv.args };
  return { inv, spec: GENERIC, args: inv.args };
}

export interface PortMention {
  /** The word holding the port. */
  word: Word;
  /** Index of the port's digits inside the word's value. */
  index: number;
  port: string;
  /** The span to report (the option and its value). */
  start: number;
  end: number;
}

function portIn(value: string, kind: 'port' | 'bind' | 'addrport'): { index: number; port: string } | undefined {
  if (kind === 'port') return /^\d{2,5}$/.test(value) ? { index: 0, port: value } : undefined;
  if (/^unix:/i.test(value)) return undefined;
  const m = /^(?:(?:[a-z]+:\/\/)?[^\s/]*:)?(\d{2,5})$/i.exec(value);
  if (!m) return undefined;
  if (kind === 'bind' && !value.includes(':') && !/^\d+$/.test(value)) return undefined;
  return { index: value.length - m[1].length, port: m[1] };
}

/** Fixed ports given to a server on its command line (options, inline options, positionals). */
export function fixedPorts(match: ServerMatch): PortMention[] {
  const out: PortMention[] = [];
  const { spec, args } = match;
  const options: [string[] | undefined, 'port' | 'bind'][] = [[spec.port, 'port'], [spec.bind, 'bind']];
  if (spec !== GENERIC) options.push([GENERIC.port, 'port'], [GENERIC.bind, 'bind']);
  const seen = new Set<number>();
  for (const [names, kind] of options) {
    if (!names) continue;
    for (let from = 0; from < args.length;) {
      const o = findOption(args.slice(from), names);
      if (!o) break;
      const flagIndex = args.indexOf(o.flag, from);
      from = flagIndex + 1;
      if (seen.has(o.flag.start)) continue;
      if (o.inline !== undefined) {
        const v = o.flag.value;
        if (v === undefined) continue;
        const p = portIn(v.slice(o.inline), kind);
        if (p) { out.push({ word: o.flag, index: o.inline + p.index, port: p.port, start: o.flag.start, end: o.flag.end }); seen.add(o.flag.start); }
      } else if (o.value?.value !== undefined) {
        const p = portIn(o.value.value, kind);
        if (p) { out.push({ word: o.value, index: p.index, port: p.port, start: o.flag.start, end: o.value.end }); seen.add(o.flag.start); }
      }
    }
  }
  for (const w of args) {
    const m = /^-D(?:server\.)?port=(\d{2,5})$/.exec(w.value ?? '');
    if (m) out.push({ word: w, index: (w.value ?? '').length - m[1].length, port: m[1], start: w.start, end: w.end });
  }
  if (spec.positional) {
    const positional = args.find((w, i) => i >= (spec.positionalFrom ?? 0) && w.value !== undefined && !w.value.startsWith('-') &&
      !(i > 0 && /^-(b|-bind|d|-directory)$/.test(args[i - 1].value ?? '')));
    const p = positional?.value !== undefined ? portIn(positional.value, spec.positional === 'port' ? 'port' : 'addrport') : undefined;
    if (positional && p) out.push({ word: positional, index: p.index, port: p.port, start: positional.start, end: positional.end });
  }
  return out;
}

/** Whether the command gives the server any port at all (fixed or from a variable). */
export function hasAnyPort(match: ServerMatch): boolean {
  const { spec, args } = match;
  const names = [...(spec.port ?? []), ...(spec.bind ?? []), ...(GENERIC.port ?? []), ...(GENERIC.bind ?? [])];
  if (findOption(args, names)) return true;
  if (spec.positional && args.some((w) => !(w.value ?? w.text).startsWith('-'))) return true;
  return false;
}
