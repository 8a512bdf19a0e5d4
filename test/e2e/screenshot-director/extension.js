// Sets up one scene for scripts/screenshots.ts, from the user setting
// `twelveFactorScreenshots.scene` (hover | quickfix | scorecard) and `.rule` (a rule id):
// waits for that rule's finding in the active editor, puts the cursor on it, then shows its
// hover, its quick-fix menu, or the scorecard with the finding's factor expanded.
// The launcher's --wait-text then waits for the scene before taking the picture.
'use strict';
const vscode = require('vscode');

function ruleIdOf(d) {
  const code = d.code && typeof d.code === 'object' ? d.code.value : d.code;
  return typeof code === 'string' ? code : undefined;
}

async function waitFor(what, probe, timeoutMs = 90000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`screenshot director: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

exports.activate = async function activate() {
  const config = vscode.workspace.getConfiguration('twelveFactorScreenshots');
  const scene = config.get('scene');
  const rule = config.get('rule', 'port-binding/no-hardcoded-port');
  if (!scene) return;
  try {
    const { editor, diagnostic } = await waitFor(`a ${rule} finding in the active editor`, () => {
      const editor = vscode.window.activeTextEditor;
      const diagnostic = editor && vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === 'twelve-factor' && ruleIdOf(d) === rule);
      return diagnostic && { editor, diagnostic };
    });
    const at = diagnostic.range.start;
    await vscode.window.showTextDocument(editor.document, { selection: new vscode.Selection(at, at), preserveFocus: false });
    editor.revealRange(diagnostic.range, vscode.TextEditorRevealType.InCenter);
    if (scene === 'hover') {
      await vscode.commands.executeCommand('editor.action.showHover');
    } else if (scene === 'quickfix') {
      await vscode.commands.executeCommand('editor.action.quickFix');
    } else if (scene === 'scorecard') {
      const api = await vscode.extensions.getExtension('twelve-factor.twelve-factor').activate();
      await api.scan();
      await api.revealFactor(rule.slice(0, rule.indexOf('/')));
      // back to the editor, with the cursor on the finding, so both show
      await vscode.window.showTextDocument(editor.document, { selection: new vscode.Selection(at, at), preserveFocus: false });
    }
  } catch (e) {
    console.error(String(e && e.message ? e.message : e));
  }
};
