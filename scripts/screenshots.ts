/**
 * `npm run screenshots`: pictures for the README, taken from a real editor (code-server
 * through scripts/vscode-e2e.sh's screenshot mode) with the packaged twelve-factor.vsix
 * installed, on the example app in examples/:
 *
 *   images/screenshots/hover.png       a finding with its hover (billing-worker/app.py)
 *   images/screenshots/quick-fix.png   the quick-fix menu on that finding
 *   images/screenshots/scorecard.png   the scorecard after a workspace scan (shop-api/server.js open)
 *
 * A small test-only extension (test/e2e/screenshot-director) sets each scene up once the
 * finding is there; the launcher waits for a text of the scene, then takes the picture.
 * `TF_SHOTS=hover,scorecard` takes only some.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');
const LAUNCHER = path.join(REPO, 'scripts', 'vscode-e2e.sh');
const VSIX = path.join(REPO, 'twelve-factor.vsix');
const DIRECTOR = path.join(REPO, 'test', 'e2e', 'screenshot-director');
const OUT = path.join(REPO, 'images', 'screenshots');

interface Shot { name: string; scene: 'hover' | 'quickfix' | 'scorecard'; open: string; waitText: string; size: string }

const RULE = 'port-binding/no-hardcoded-port';
const SHOTS: Shot[] = [
  { name: 'hover', scene: 'hover', open: 'billing-worker/app.py:33', waitText: 'Listens on the fixed port 5000', size: '1100x640' },
  { name: 'quick-fix', scene: 'quickfix', open: 'billing-worker/app.py:33', waitText: 'Read the port from $PORT', size: '1100x640' },
  { name: 'scorecard', scene: 'scorecard', open: 'shop-api/server.js:41', waitText: 'VII. Port binding', size: '1280x800' },
];

function main(): number {
  if (!fs.existsSync(VSIX)) {
    console.error('[screenshots] twelve-factor.vsix is missing: run npm run package first');
    return 1;
  }
  const doctor = spawnSync('bash', [LAUNCHER, 'doctor'], { encoding: 'utf8' });
  if (!/^ready\s+yes/m.test(doctor.stdout ?? '')) {
    console.error(`[screenshots] the real-VS Code launcher is not set up: run scripts/vscode-e2e.sh setup (${LAUNCHER})`);
    return 1;
  }
  const only = process.env.TF_SHOTS?.split(',').map((s) => s.trim());
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-shots-'));
  let failed = 0;
  try {
    for (const shot of SHOTS.filter((s) => !only || only.includes(s.name))) {
      const settings = path.join(tmp, `${shot.name}.json`);
      fs.writeFileSync(settings, JSON.stringify({
        'twelveFactorScreenshots.scene': shot.scene,
        'twelveFactorScreenshots.rule': RULE,
        // A loaded machine must not skip the first check (the pictures are not about speed).
        'twelveFactor.timeBudgetMs': 0,
        'editor.fontSize': 14,
        'typescript.disableAutomaticTypeAcquisition': true,
        'editor.hover.delay': 100,
        'window.commandCenter': false,
        'workbench.layoutControl.enabled': false,
      }, null, 2));
      const out = path.join(OUT, `${shot.name}.png`);
      const t0 = Date.now();
      const r = spawnSync('bash', [
        LAUNCHER, 'screenshot', '--workspace', path.join(REPO, 'examples'), '--vsix', VSIX, '--extension', DIRECTOR,
        '--settings', settings, '--open', shot.open, '--wait-text', shot.waitText, '--theme', 'Default Dark Modern',
        '--size', shot.size, '--scale', '2', '--settle-ms', '2500', '--out', out,
      ], { stdio: 'inherit', cwd: REPO });
      const secs = ((Date.now() - t0) / 1000).toFixed(0);
      if (r.status === 0) console.log(`[screenshots] ${path.relative(REPO, out)} (${secs} s)`);
      else {
        failed++;
        console.error(`[screenshots] ${shot.name} FAILED (exit status ${r.status ?? r.signal}, ${secs} s)`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

process.exit(main());
