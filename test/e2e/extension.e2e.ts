/**
 * The extension as users meet it, inside a real VS Code (desktop, or code-server through
 * scripts/vscode-e2e.sh), on a copy of test/e2e/workspace: diagnostics in JavaScript,
 * Python, .env and Procfile files, a quick fix, the scorecard, the twelve-factor task, the
 * workspace scan, running Procfile processes, the walkthrough's commands, .env.example,
 * the status item and crash recovery.
 * Run with `npm run test:e2e`.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TwelveFactorApi } from '../../client/src/extension';
import { findingsOf, open, ruleIdOf, waitFor, waitForFinding } from './helpers';

const EXTENSION_ID = 'twelve-factor.twelve-factor';
let api: TwelveFactorApi;

function file(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

before(async function () {
  this.timeout(120_000);
  const ext = vscode.extensions.getExtension<TwelveFactorApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  api = await ext.activate();
  await api.ready();
  await waitFor('the rule catalogue', () => api.rules().length > 0);
  console.log(`  VS Code ${vscode.version} (${vscode.env.appName}), ${api.rules().length} rules`);
});

describe('before anything is checked', () => {
  it('the scorecard is empty, so its welcome view shows', () => {
    assert.equal(api.scorecard().empty, true);
  });

  it('every contributed command is registered', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = (ext?.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    const all = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !all.has(c)), []);
  });
});

describe('diagnostics', () => {
  it('JavaScript: a fixed port in server.js', async () => {
    await open(file('server.js'));
    const d = await waitForFinding(file('server.js'), 'port-binding/no-hardcoded-port');
    assert.equal(d.range.start.line, 5);
    assert.match(d.message, /Factor VII/);
    assert.equal(typeof d.code === 'object' ? d.code.target.toString() : '', 'https://12factor.net/port-binding');
  });

  it('Python: a hard-coded secret and a fixed port in app.py', async () => {
    await open(file('app.py'));
    await waitForFinding(file('app.py'), 'config/no-hardcoded-secret');
    await waitForFinding(file('app.py'), 'port-binding/no-hardcoded-port');
  });

  it('Procfile: a log file in the worker command', async () => {
    const editor = await open(file('Procfile'));
    assert.equal(editor.document.languageId, 'procfile');
    const d = await waitForFinding(file('Procfile'), 'logs/procfile-log-file');
    assert.equal(d.range.start.line, 1);
  });

  it('.env: a config/ finding', async function () {
    const editor = await open(file('.env'));
    assert.equal(editor.document.languageId, 'dotenv');
    if (!api.rules().some((r) => r.languages.includes('dotenv'))) {
      console.log('    (skipped: this build of the server has no .env rules yet)');
      this.skip();
    }
    await waitForFinding(file('.env'), (d) => ruleIdOf(d)?.startsWith('config/') ?? false);
  });
});

describe('the status item', () => {
  it('shows the server running and the findings', async () => {
    await open(file('app.py'));
    const shown = await waitFor(() => `the status item to count findings (shows "${api.statusItem().text}")`, () => {
      const s = api.statusItem();
      return /Twelve-Factor: \d+ findings?/.test(s.text) && s;
    });
    assert.match(shown.detail ?? '', /server running/);
    assert.equal(api.serverStatus(), 'running');
  });
});

describe('a quick fix', () => {
  it('reads the port from $PORT, and the finding goes away', async () => {
    const uri = file('server.js');
    const editor = await open(uri);
    const d = await waitForFinding(uri, 'port-binding/no-hardcoded-port');
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a): a is vscode.CodeAction => 'edit' in a && /^Read the port from \$PORT/.test(a.title));
    assert.ok(fix?.edit, `no "Read the port from $PORT" fix among: ${titles.join(' | ')}`);
    assert.ok(titles.some((t) => t.startsWith('Disable port-binding/no-hardcoded-port for this line')), 'a disable-line action');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /process\.env\.PORT/);
    await waitFor(() => `the port finding to go away (has: ${findingsOf(uri).map(ruleIdOf).join(', ')})`,
      () => !findingsOf(uri).some((x) => ruleIdOf(x) === 'port-binding/no-hardcoded-port'));
  });
});

describe('the scorecard', () => {
  it('lists the twelve factors with their status, rules and findings', async () => {
    const card = await waitFor('the scorecard to show app.py\'s port finding', () => {
      const c = api.scorecard();
      const rule = c.factors.find((f) => f.slug === 'port-binding')?.rules.find((r) => r.id === 'port-binding/no-hardcoded-port');
      return rule?.findings.some((x) => x.uri.endsWith('/app.py')) && c;
    });
    assert.equal(card.empty, false);
    assert.deepEqual(card.factors.map((f) => f.label.split('.')[0]), ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']);
    const factor = (slug: string) => {
      const f = card.factors.find((x) => x.slug === slug);
      assert.ok(f, slug);
      return f;
    };
    const port = factor('port-binding');
    assert.equal(port.label, 'VII. Port binding');
    assert.equal(port.status, 'findings');
    assert.match(port.description, /^\d+ findings?$/);
    const finding = port.rules.find((r) => r.id === 'port-binding/no-hardcoded-port')?.findings.find((x) => x.uri.endsWith('/app.py'));
    assert.ok(finding);
    assert.match(finding.label, /^Listens on the fixed port 5000/);
    assert.equal(finding.description, 'app.py:11');
    assert.equal(factor('config').status, 'findings');
    assert.equal(factor('logs').status, 'findings');
    // Checked (a file its rules read was analysed) and nothing found:
    assert.equal(factor('concurrency').status, 'clean');
    assert.equal(factor('concurrency').description, 'clean');
    // A factor no rule checks yet stays "not checked".
    for (const f of card.factors.filter((x) => x.rules.length === 0)) {
      assert.equal(f.status, 'unchecked', f.slug);
      assert.match(f.description, /not checked/, f.slug);
    }
  });

  it('"Show Scorecard" reveals a factor, expanded', async () => {
    await vscode.commands.executeCommand('twelveFactor.showScorecard', 'port-binding');
    assert.equal(api.scorecard().factors.find((f) => f.slug === 'port-binding')?.expanded, true);
    assert.equal(api.scorecard().factors.find((f) => f.slug === 'logs')?.expanded, false);
  });
});

describe('the twelve-factor task', () => {
  it('runs the checker and its problem matcher reports lib/db.js', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'twelve-factor' });
    const task = tasks.find((t) => t.name === 'check');
    assert.ok(task, `no twelve-factor check task (got: ${tasks.map((t) => t.name).join(', ')})`);
    const ended = new Promise<number | undefined>((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.definition.type === 'twelve-factor') {
          sub.dispose();
          resolve(e.exitCode);
        }
      });
    });
    await vscode.tasks.executeTask(task);
    const code = await Promise.race([ended, waitFor('the task to end', () => false, 60_000)]);
    assert.ok(code === 0 || code === 1, `exit code ${code}`);
    // lib/db.js was never opened: only the task's problem matcher (string codes) can report it.
    const d = await waitForFinding(file('lib/db.js'), 'config/no-hardcoded-url');
    assert.equal(typeof d.code, 'string');
  });
});

describe('the workspace scan', () => {
  it('runs when the server starts if twelveFactor.scanOnStartup is on', async () => {
    const config = vscode.workspace.getConfiguration('twelveFactor');
    assert.equal(api.scanState(), 'never');
    await config.update('scanOnStartup', true, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('twelveFactor.restartServer');
      await waitFor(() => `a scan after the server started (scan: ${api.scanState()})`, () => api.scanState() === 'done');
    } finally {
      await config.update('scanOnStartup', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('can be cancelled', async () => {
    const source = new vscode.CancellationTokenSource();
    const scanning = api.scan(source.token);
    source.cancel();
    const summary = await scanning;
    assert.ok(summary === undefined || summary.cancelled, `the scan ran to the end: ${JSON.stringify(summary)}`);
    assert.equal(api.scanState(), 'cancelled');
  });

  it('"Scan Workspace" checks files that are not open', async () => {
    const summary = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean } | undefined>('twelveFactor.scanWorkspace');
    assert.ok(summary, 'the scan returned nothing');
    assert.equal(summary.cancelled, false);
    assert.ok(summary.files >= 4, `scanned ${summary.files} files`);
    // From the server this time: its diagnostics link to the factor's page.
    await waitForFinding(file('lib/db.js'), (d) => ruleIdOf(d) === 'config/no-hardcoded-url' && typeof d.code === 'object');
    const card = await waitFor('every factor with rules to be checked', () => {
      const c = api.scorecard();
      return c.factors.filter((f) => f.rules.length > 0).every((f) => f.status !== 'unchecked') && c;
    });
    assert.ok(card.factors.find((f) => f.slug === 'backing-services')?.status !== 'unchecked');
    assert.match(api.statusItem().detail ?? '', /in the workspace/);
  });
});

describe('running Procfile processes', () => {
  afterEach(() => {
    for (const t of vscode.window.terminals) if (t.name === 'web' || t.name === 'worker') t.dispose();
  });

  async function lenses(): Promise<vscode.CodeLens[]> {
    const uri = file('Procfile');
    await open(uri);
    return waitFor('the Procfile\'s Run lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return found?.length >= 3 && found;
    });
  }

  const envOf = (t: vscode.Terminal) => (t.creationOptions as vscode.TerminalOptions).env ?? {};

  it('"Run web" starts a terminal named web with PORT=5000 and the .env loaded', async () => {
    const lens = (await lenses()).find((l) => l.command?.title === '▶ Run web');
    assert.ok(lens?.command, 'a "▶ Run web" lens');
    assert.equal(lens.command.command, 'twelveFactor.runProcess');
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const web = await waitFor('a terminal named web', () => vscode.window.terminals.find((t) => t.name === 'web'));
    const env = envOf(web);
    assert.equal(env.PORT, '5000');
    assert.equal(env.GREETING, 'hello again', 'the .env is loaded (later keys win, as in dotenv)');
    assert.equal((web.creationOptions as vscode.TerminalOptions).cwd, file('').fsPath.replace(/\/$/, ''));
  });

  it('"Run all" starts every process type, each on its own port', async () => {
    const lens = (await lenses()).find((l) => l.command?.title === '▶ Run all');
    assert.ok(lens?.command);
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const worker = await waitFor('a terminal named worker', () => vscode.window.terminals.find((t) => t.name === 'worker'));
    assert.equal(envOf(worker).PORT, '5100');
    const web = vscode.window.terminals.find((t) => t.name === 'web');
    assert.equal(web && envOf(web).PORT, '5000');
  });
});

describe('rule documentation', () => {
  it('"Open Rule Documentation" previews the rule\'s page shipped with the extension', async () => {
    await vscode.commands.executeCommand('twelveFactor.openRuleDocumentation', 'port-binding/no-hardcoded-port');
    await waitFor('a preview of no-hardcoded-port.md', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.includes('no-hardcoded-port')));
  });
});

describe('settings commands', () => {
  it('"Toggle Secret Cloaking" flips twelveFactor.cloakSecrets', async () => {
    const get = () => vscode.workspace.getConfiguration('twelveFactor').get<boolean>('cloakSecrets');
    const before = get();
    await vscode.commands.executeCommand('twelveFactor.toggleSecretCloaking');
    await waitFor('the setting to flip', () => get() === !before);
    await vscode.commands.executeCommand('twelveFactor.toggleSecretCloaking');
    await waitFor('the setting to flip back', () => get() === before);
  });
});

describe('the walkthrough', () => {
  it('"Open Sample File" opens an unsaved file with a finding', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('twelveFactor.openSample');
    assert.equal(uri.scheme, 'untitled');
    await waitForFinding(uri, 'port-binding/no-hardcoded-port');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('"Turn On Fix on Save" adds source.fixAll.twelve-factor to editor.codeActionsOnSave', async () => {
    const editor = vscode.workspace.getConfiguration('editor');
    const before = editor.inspect('codeActionsOnSave')?.globalValue;
    try {
      await vscode.commands.executeCommand('twelveFactor.enableFixOnSave');
      const value = await waitFor('the setting', () => vscode.workspace.getConfiguration('editor').inspect<Record<string, string>>('codeActionsOnSave')?.globalValue);
      assert.equal(value['source.fixAll.twelve-factor'], 'explicit');
    } finally {
      await editor.update('codeActionsOnSave', before, vscode.ConfigurationTarget.Global);
    }
  });
});

describe('.env.example', () => {
  it('"Generate .env.example" lists the .env keys without their values', async function () {
    if (!(await vscode.commands.getCommands(true)).includes('twelve-factor.generateEnvExample')) {
      console.log('    (skipped: this build of the server does not offer twelve-factor.generateEnvExample)');
      this.skip();
    }
    const env = file('.env');
    await vscode.commands.executeCommand('twelveFactor.generateEnvExample', env);
    const example = file('.env.example');
    // The server applies a workspace edit: the new file's text is in its (unsaved) document.
    const text = await waitFor('.env.example with the keys of .env', async () => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === example.toString()) ?? await vscode.workspace.openTextDocument(example);
      const t = doc.getText();
      return t.includes('STRIPE_SECRET_KEY') && t;
    });
    assert.match(text, /^GREETING=\s*$/m);
    assert.doesNotMatch(text, /sk_live|hello/, 'no value of .env is copied');
  });
});

describe('crash recovery', () => {
  it('restarts the server when it dies, and diagnostics come back', async () => {
    // Wait until the server is up (an earlier test may have restarted it), then kill it.
    await waitFor('a running server', () => api.serverStatus() === 'running' && !!api.serverPid(), 60_000);
    const pid = api.serverPid();
    assert.ok(pid, 'the server process id');
    const restartsBefore = api.crashRestarts();
    process.kill(pid, 'SIGKILL');
    await waitFor('the client to restart the server', () => api.crashRestarts() > restartsBefore && api.serverStatus() === 'running' && api.serverPid() !== pid, 90_000);
    const uri = file('app.py');
    await open(uri);
    await waitForFinding(uri, 'config/no-hardcoded-secret');
  });
});
