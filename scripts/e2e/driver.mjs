// Browser side of scripts/vscode-e2e.sh: drives code-server's VS Code workbench in Debian's chromium
// through playwright-core. Started by vscode-e2e.sh (on Node 24 from its cache), not by hand.
//
//   driver.mjs test --url U [--workspace P] --dev DIR... --tests MODULE [--out shot.png]
//       Opens the workbench with payload extensionDevelopmentPath/extensionTestsPath (vscode-remote
//       URIs, so they resolve on the server and run in its real extension host). The extension host
//       require()s MODULE and awaits its run(); the workbench then calls window.codeAutomationExit(code)
//       (code-server started with --vscode-option enable-smoke-test-driver), which is our exit status.
//   driver.mjs ui --url U [--workspace P] [--dev DIR]... [--open REL] [--wait-problem T]...
//       [--wait-status T]... [--wait-text T]... [--problems] [--size WxH] [--scale N] [--settle-ms N]
//       [--wait-timeout-ms N] [--clear-notifications] --out shot.png
//   both: [--disable-extensions] (payload disableExtensions, like `code --disable-extensions`)
//       Opens the workbench (and a file), waits for texts in the Problems panel / status bar / anywhere,
//       saves a screenshot (also when a wait fails, to show why).
//
// Env (set by vscode-e2e.sh): TF_E2E_PLAYWRIGHT (playwright-core folder), TF_E2E_CHROMIUM,
// TF_E2E_LOG (full workbench log), TF_E2E_DEADLINE_MS (time budget), TF_E2E_VERBOSE.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';

const require = createRequire(import.meta.url);
const t0 = Date.now();
const deadline = t0 + Number(process.env.TF_E2E_DEADLINE_MS || 570_000);
const left = () => Math.max(0, deadline - Date.now());
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ------------------------------------------------------------------------------------ arguments
const [mode, ...rest] = process.argv.slice(2);
const opt = { dev: [], 'wait-problem': [], 'wait-status': [], 'wait-text': [] };
for (let i = 0; i < rest.length; i++) {
  const k = rest[i].replace(/^--/, '');
  if (['problems', 'disable-extensions', 'clear-notifications'].includes(k)) { opt[k] = true; continue; }
  const v = rest[++i];
  if (v === undefined) fail(2, `--${k} needs a value`);
  if (Array.isArray(opt[k])) opt[k].push(v); else opt[k] = v;
}
if (!['test', 'ui'].includes(mode) || !opt.url) fail(2, 'usage: driver.mjs test|ui --url URL ... (run through scripts/vscode-e2e.sh)');

function fail(code, msg) {
  console.error(`vscode-e2e: error: ${msg}`);
  process.exit(code);
}

// --------------------------------------------------------------------------------------- logging
const logFile = process.env.TF_E2E_LOG ? fs.createWriteStream(process.env.TF_E2E_LOG, { flags: 'a' }) : null;
// Workbench lines that are expected on an offline machine or that only matter when debugging.
const noise = new RegExp([
  'open-vsx', 'ENOTFOUND', 'EAI_AGAIN', 'queryGallery', 'getExtensions', 'marketplace', 'gallery',
  'AgentHost', 'ChatModelSelection', 'AccountPolicyGate', 'onDidChangeRunningExtensions',
  'Creating a socket', 'connection token', 'grace time', 'builtin extensions cache', 'Service Worker',
  'Extension host .* started', 'Started local extension host', 'resolveAuthority', 'NO_PROXY',
  'Failed to load resource', 'Creation of workbench contribution', 'Ignoring the error while validating workspace folder', 'telemetry',
  'languageModel', 'copilot', 'authentication provider', 'DefaultAccount', '^Canceled(: Canceled)*$', '\\[trace\\]', '\\[debug\\]',
].join('|'), 'i');
let lastShown = true;
function out(line, prefix = '') {
  logFile?.write(`[+${((Date.now() - t0) / 1000).toFixed(1)}s] ${prefix}${line}\n`);
  const verbose = Boolean(process.env.TF_E2E_VERBOSE);
  // a stack frame is shown when the line it belongs to was
  if (/^\s+at /.test(line)) { if (verbose || lastShown) console.log(prefix + line); return; }
  lastShown = verbose || !noise.test(line);
  if (lastShown) console.log(prefix + line);
}

// progress of the driver itself: always in the log file, on the console with TF_E2E_VERBOSE
function step(what) {
  const line = `[vscode-e2e] ${what} (${secs(Date.now() - t0)})`;
  logFile?.write(`${line}\n`);
  if (process.env.TF_E2E_VERBOSE) console.log(line);
}

// --------------------------------------------------------------------------------------- browser
let chromium;
try { ({ chromium } = require(process.env.TF_E2E_PLAYWRIGHT || 'playwright-core')); }
catch { fail(3, 'playwright-core not found: run scripts/vscode-e2e.sh setup'); }

const server = new URL(opt.url);
// A path on the server as a vscode-remote URI: the workbench then loads it through the server, so the
// extension runs in code-server's (Node) extension host and not in the browser's web worker host.
const remote = (p) => `vscode-remote://${server.host}${p.split('/').map(encodeURIComponent).join('/')}`;

const payload = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
for (const d of opt.dev) payload.push(['extensionDevelopmentPath', remote(d)]);
if (opt.tests) payload.push(['extensionTestsPath', remote(opt.tests)]);
// like `code --disable-extensions`: installed extensions off; built-in and development ones stay on
if (opt['disable-extensions']) payload.push(['disableExtensions', 'true']);
if (opt.open) {
  if (!opt.workspace) fail(2, '--open needs --workspace');
  // REL or REL:LINE[:COLUMN] (like `code --goto`)
  payload.push(['openFile', remote(path.resolve(opt.workspace, opt.open))]);
  if (/:\d+(:\d+)?$/.test(opt.open)) payload.push(['gotoLineMode', 'true']);
}
const q = new URLSearchParams();
if (!opt.workspace) q.set('ew', 'true'); // empty window, like VS Code started without a folder
else if (opt.workspace.endsWith('.code-workspace')) q.set('workspace', opt.workspace);
else q.set('folder', opt.workspace);
q.set('payload', JSON.stringify(payload));
const target = `${server.origin}/?${q}`;

const [w, h] = (opt.size || '1400x900').split('x').map(Number);
if (!(w > 0 && h > 0)) fail(2, `bad --size ${opt.size} (want WIDTHxHEIGHT)`);

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.TF_E2E_CHROMIUM || '/usr/bin/chromium',
    timeout: Math.min(60_000, left()),
    // As root and on a closed network: no sandbox, no GPU, no background connections.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-default-apps'],
  });
} catch (e) {
  fail(4, `could not start ${process.env.TF_E2E_CHROMIUM || 'chromium'}: ${e.message.split('\n')[0]}`);
}
const page = await browser.newPage({ viewport: { width: w, height: h }, deviceScaleFactor: Number(opt.scale || 1) });

let finish;
const finished = new Promise((r) => { finish = r; });
// In smoke-test-driver mode the workbench forwards its log lines here, including the extension host's
// console output (mocha's reporter) and errors.
await page.exposeFunction('codeAutomationLog', (type, args) => {
  for (const l of util.format(...(args || [])).split('\n')) out(l, type === 'error' ? '[error] ' : '');
});
// Called when the extension host has exited after run() resolved (0) or rejected (non-zero).
await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));
page.on('pageerror', (e) => out(`[pageerror] ${e.message}`));
page.on('crash', () => finish({ crashed: 'the workbench page crashed' }));
browser.on('disconnected', () => finish({ crashed: 'the browser went away' }));
// vscode-e2e.sh stops us with SIGTERM (its own signal or deadline): close the browser, say nothing more.
let stopping = false;
process.on('SIGTERM', () => { stopping = true; void browser.close().finally(() => process.exit(143)); });

async function screenshot(file) {
  if (!file) return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, timeout: 15_000 });
    console.log(`screenshot: ${file}`);
  } catch (e) {
    console.error(`vscode-e2e: could not take the screenshot: ${e.message.split('\n')[0]}`);
  }
}

async function close(code) {
  if (stopping) return new Promise(() => {}); // the SIGTERM handler exits
  await browser.close().catch(() => {});
  logFile?.end();
  process.exit(code);
}

logFile?.write(`opening ${target}\n`);
console.log(`[vscode-e2e] opening ${opt.workspace || '(empty window)'}${opt.dev.length ? ` with ${opt.dev.join(', ')}` : ''}${opt.tests ? `, tests ${opt.tests}` : ''}`);
try {
  await page.goto(target, { timeout: Math.max(1, Math.min(120_000, left())) });
} catch (e) {
  if (stopping) await close(143);
  if (left() <= 0) {
    console.error(`vscode-e2e: error: timed out after ${secs(Date.now() - t0)} while loading the workbench (TF_E2E_TIMEOUT=${process.env.TF_E2E_TIMEOUT}s)`);
    await close(124);
  }
  console.error(`vscode-e2e: error: could not load the workbench: ${e.message.split('\n')[0]}`);
  await close(4);
}

// ------------------------------------------------------------------------------------- test mode
if (mode === 'test') {
  const timer = setTimeout(() => finish({ timeout: true }), left());
  const r = await finished;
  clearTimeout(timer);
  if (stopping) await close(143);
  await screenshot(opt.out);
  if (r.timeout) {
    console.error(`vscode-e2e: error: timed out after ${secs(Date.now() - t0)}: the extension tests did not finish (TF_E2E_TIMEOUT=${process.env.TF_E2E_TIMEOUT}s)`);
    await close(124);
  }
  if (r.crashed) {
    console.error(`vscode-e2e: error: ${r.crashed} before the extension tests finished`);
    await close(4);
  }
  const code = Number.isInteger(r.code) && r.code >= 0 && r.code < 256 ? r.code : 1;
  console.log(`[vscode-e2e] extension tests ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${secs(Date.now() - t0)}`);
  await close(code);
}

// --------------------------------------------------------------------------------------- ui mode
// Each wait is bounded by --wait-timeout-ms (default 60 s) and by the overall deadline.
const waitMs = () => Math.max(1, Math.min(Number(opt['wait-timeout-ms'] || 60_000), left()));
const waitFor = async (what, locator, ms = waitMs()) => {
  await locator.first().waitFor({ state: 'visible', timeout: ms }).catch(() => {
    throw new Error(`did not see ${what} within ${secs(ms)} (${secs(Date.now() - t0)} after start)`);
  });
  return (await locator.first().innerText()).replace(/\s+/g, ' ').trim();
};

async function runCommand(label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

let ok = true;
try {
  // Restored = editors/views restored and workbench contributions created; by then the colour and
  // file icon themes (contributed by built-in extensions) are applied too.
  const ms = Math.max(1, Math.min(120_000, left()));
  await page.waitForFunction(() => globalThis.driver, null, { timeout: ms })
    .catch(() => { throw new Error(`the workbench did not load within ${secs(ms)}`); });
  step('workbench loaded');
  await page.evaluate(() => globalThis.driver.whenWorkbenchRestored());
  step('workbench restored');
  await waitFor('the colour theme', page.locator('.monaco-workbench[class*="vscode-theme-"]'), waitMs());
  if (opt.open) {
    const name = path.basename(opt.open).replace(/(:\d+)+$/, '');
    await waitFor(`an editor tab for ${opt.open}`, page.locator('.tabs-container .tab', { hasText: name }));
    step(`${opt.open} open`);
  }
  if (opt.problems || opt['wait-problem'].length) {
    await runCommand('Problems: Focus on Problems View');
    await waitFor('the Problems panel', page.locator('.markers-panel'));
  }
  for (const t of opt['wait-status']) {
    console.log(`status bar: ${await waitFor(`'${t}' in the status bar`, page.locator('.part.statusbar .statusbar-item', { hasText: t }))}`);
  }
  for (const t of opt['wait-problem']) {
    console.log(`problem: ${await waitFor(`'${t}' in the Problems panel`, page.locator('.markers-panel .monaco-list-row', { hasText: t }))}`);
  }
  for (const t of opt['wait-text']) {
    console.log(`text: ${await waitFor(`'${t}' on the page`, page.getByText(t))}`);
  }
  step('all waits done');
  // Let transient progress ("Activating Extensions...", "Saving 'settings.json'...") finish, up to 20 s.
  const spinners = page.locator('.part.statusbar .codicon-modifier-spin');
  for (const end = Date.now() + Math.min(20_000, left()); Date.now() < end && (await spinners.count()) > 0;) await page.waitForTimeout(250);
  if (opt['clear-notifications']) await runCommand('Notifications: Clear All Notifications').catch(() => {});
  await page.mouse.move(w - 1, h / 2); // no hover widgets in the picture
  await page.waitForTimeout(Math.min(Number(opt['settle-ms'] ?? 1500), left()));
} catch (e) {
  if (stopping) await close(143);
  ok = false;
  console.error(`vscode-e2e: error: ${e.message.split('\n')[0]}`);
}
await screenshot(opt.out);
await close(ok ? 0 : 1);
