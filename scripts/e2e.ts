/**
 * `npm run test:e2e`: the in-editor tests (test/e2e) in a real VS Code, through
 * @vscode/test-electron's `runTests`, on a throw-away copy of test/e2e/workspace.
 *
 * Which VS Code:
 *   1. `TF_E2E_VSCODE=/path/to/code`: that executable.
 *   2. A desktop VS Code that @vscode/test-electron downloads (`TF_E2E_VSCODE_VERSION`,
 *      default stable), where there is a display (or not on Linux).
 *   3. The project's launcher, scripts/vscode-e2e.sh (code-server + chromium, no download
 *      from Microsoft), set up on first use unless `TF_E2E_NO_SETUP=1`.
 *   `TF_E2E_VSCODE=desktop` or `=launcher` forces one of the last two.
 * When none is possible the run is skipped with exit status 0 and a "skipped:" line, unless
 * `TF_E2E_REQUIRED=1` (then 1). `TF_E2E_GREP` selects tests by name.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const REPO = path.resolve(__dirname, '..', '..');
const LAUNCHER = path.join(REPO, 'scripts', 'vscode-e2e.sh');
const TESTS = path.join(REPO, 'out', 'test', 'e2e', 'index.js');
const FIXTURE = path.join(REPO, 'test', 'e2e', 'workspace');
const t0 = Date.now();

const log = (msg: string) => console.log(`[test:e2e] ${msg} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

type Found = { executable: string; kind: string } | { skip: string };

async function desktop(): Promise<Found> {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && process.env.TF_E2E_VSCODE !== 'desktop') {
    return { skip: 'desktop VS Code needs a display (DISPLAY is not set)' };
  }
  try {
    const version = process.env.TF_E2E_VSCODE_VERSION || 'stable';
    const executable = await downloadAndUnzipVSCode({ version, cachePath: path.join(REPO, '.vscode-test'), timeout: 20_000 });
    return { executable, kind: `desktop VS Code ${version}` };
  } catch (e) {
    return { skip: `desktop VS Code could not be downloaded (${(e instanceof Error ? e.message : String(e)).split('\n')[0]})` };
  }
}

function launcher(): Found {
  const run = (args: string[], timeoutMs: number, inherit = false) =>
    spawnSync('bash', [LAUNCHER, ...args], { cwd: REPO, encoding: 'utf8', timeout: timeoutMs, stdio: inherit ? 'inherit' : 'pipe' });
  const ready = () => /^ready\s+yes/m.test(run(['doctor'], 60_000).stdout ?? '');
  if (!fs.existsSync(LAUNCHER)) return { skip: `${path.relative(REPO, LAUNCHER)} is missing` };
  if (!ready()) {
    if (process.env.TF_E2E_NO_SETUP) return { skip: 'the launcher is not set up and TF_E2E_NO_SETUP is set' };
    log('setting up the launcher (chromium from apt, Node 24, code-server and playwright-core from npm): a few minutes, once');
    const setup = run(['setup'], Number(process.env.TF_E2E_SETUP_TIMEOUT || 1800) * 1000, true);
    if (setup.error || setup.status !== 0 || !ready()) {
      return { skip: `the launcher's setup failed (${setup.error?.message ?? `exit status ${setup.status}`})` };
    }
    log('launcher set up');
  }
  return { executable: LAUNCHER, kind: 'code-server through scripts/vscode-e2e.sh' };
}

async function findVSCode(): Promise<Found> {
  const forced = process.env.TF_E2E_VSCODE;
  if (forced && forced !== 'desktop' && forced !== 'launcher') {
    return fs.existsSync(forced) ? { executable: forced, kind: forced } : { skip: `TF_E2E_VSCODE=${forced} does not exist` };
  }
  const reasons: string[] = [];
  if (forced !== 'launcher') {
    const d = await desktop();
    if ('executable' in d || forced === 'desktop') return d;
    reasons.push(d.skip);
    log(d.skip);
  }
  const l = launcher();
  if ('executable' in l) return l;
  reasons.push(l.skip);
  return { skip: reasons.join('; ') };
}

async function main(): Promise<number> {
  for (const f of [path.join(REPO, 'dist', 'extension.js'), path.join(REPO, 'dist', 'server.js'), TESTS]) {
    if (!fs.existsSync(f)) {
      console.error(`[test:e2e] ${path.relative(REPO, f)} is missing: build first (npm run build && npm run typecheck)`);
      return 1;
    }
  }
  const found = await findVSCode();
  if ('skip' in found) {
    console.log(`[test:e2e] skipped: no VS Code available: ${found.skip}`);
    return process.env.TF_E2E_REQUIRED ? 1 : 0;
  }
  // The tests edit files: they run on a copy.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-e2e-ws-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  log(`running the in-editor tests in ${found.kind} on ${workspace}`);
  try {
    await runTests({
      vscodeExecutablePath: found.executable,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: TESTS,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { TF_E2E_GREP: process.env.TF_E2E_GREP ?? '' },
    });
    log('in-editor tests passed');
    return 0;
  } catch (e) {
    log(`in-editor tests FAILED: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
