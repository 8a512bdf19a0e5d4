/**
 * dist/server.js: starts the language server (dist/server-main.js) from a V8 code cache.
 *
 * Compiling the server bundle is a good part of a fresh server's start-up (60 ms of top-level
 * compile on a slow machine, more for the functions the first check compiles). The first run
 * compiles as usual and, when the server exits (or after a while), saves V8's code cache for
 * the bundle; later runs hand it to V8, which checks it against the source and the V8 version
 * and flags and ignores it when anything differs. The cache lives in a folder of this user's
 * only (`TWELVE_FACTOR_CACHE_DIR`, which the extension points at its global storage, or one
 * under the temporary folder), and is named after the bundle's content and Node's version.
 * The bundle makes no dynamic `import()` (the build gives the parser's two built-ins
 * from `process.getBuiltinModule`): in Node 20's V8 the code cache drops what one needs. Nothing
 * here may write to stdout (the LSP transport); any failure falls back to
 * loading the bundle as usual.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import Module from 'module';

const MAIN = path.join(__dirname, 'server-main.js');
/** After this long, the cache is saved even if the server is still running. */
const SAVE_AFTER_MS = 20_000;

interface ServerMain { startServer(): void }

/** This user's cache folder, created if need be; undefined when none can be trusted. */
function cacheDir(): string | undefined {
  const own = process.env.TWELVE_FACTOR_CACHE_DIR;
  const dir = own || path.join(os.tmpdir(), `twelve-factor-cache-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.statSync(dir);
    // A shared temporary folder: only a folder this user owns and others cannot write to.
    if (!own && typeof process.getuid === 'function' && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return undefined;
    return st.isDirectory() ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The bundle loaded the usual way (no cache). */
const loadPlain = (): ServerMain => Module.createRequire(MAIN)(MAIN) as ServerMain;

function load(): ServerMain {
  // The bundle's built-ins come from `process.getBuiltinModule` (esbuild.mjs): without it, no cache.
  if (typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule !== 'function') return loadPlain();
  const source = fs.readFileSync(MAIN, 'utf8');
  const dir = cacheDir();
  // Named after the bundle's content (a rebuild that changes nothing keeps its cache) and Node's version.
  const digest = crypto.createHash('sha1').update(source).digest('hex').slice(0, 16);
  const file = dir && path.join(dir, `server-${digest}-${process.version}-${process.arch}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    if (file) cachedData = fs.readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: MAIN, cachedData });
  const mod = { exports: {} as ServerMain };
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, Module.createRequire(MAIN), mod, MAIN, __dirname);
  if (file && (!cachedData || script.cachedDataRejected)) {
    let saved = false;
    const save = () => {
      if (saved) return;
      saved = true;
      try {
        // Written aside and renamed: a server starting meanwhile never reads half a file.
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, file);
        // Caches of other bundles (earlier versions) are of no more use.
        for (const other of fs.readdirSync(path.dirname(file))) {
          if (/^server-.*\.v8cache$/.test(other) && path.join(path.dirname(file), other) !== file) fs.rmSync(path.join(path.dirname(file), other), { force: true });
        }
      } catch {
        // No cache this time: the next start compiles again.
      }
    };
    process.once('exit', save);
    setTimeout(save, SAVE_AFTER_MS).unref();
  }
  return mod.exports;
}

let main: ServerMain;
try {
  main = load();
} catch {
  // The plain way, when the cached one fails.
  main = loadPlain();
}
main.startServer();
