/**
 * Names shared with package.json and the server: command ids, view ids, context keys,
 * the custom LSP requests and the diagnostics' source. One place, so a rename is one edit.
 */

/** Commands contributed in package.json (`contributes.commands`), all under "Twelve-Factor". */
export const COMMANDS = {
  scanWorkspace: 'twelveFactor.scanWorkspace',
  showScorecard: 'twelveFactor.showScorecard',
  generateEnvExample: 'twelveFactor.generateEnvExample',
  restartServer: 'twelveFactor.restartServer',
  showOutput: 'twelveFactor.showOutput',
  runProcess: 'twelveFactor.runProcess',
  toggleSecretCloaking: 'twelveFactor.toggleSecretCloaking',
  openRuleDocumentation: 'twelveFactor.openRuleDocumentation',
  openFactorPage: 'twelveFactor.openFactorPage',
  openSample: 'twelveFactor.openSample',
  enableFixOnSave: 'twelveFactor.enableFixOnSave',
} as const;

/** Commands the server implements (`workspace/executeCommand`), when it advertises them. */
export const SERVER_COMMANDS = {
  generateEnvExample: 'twelve-factor.generateEnvExample',
  addMissingKeys: 'twelve-factor.addMissingKeys',
} as const;

export const VIEW_CONTAINER = 'twelveFactor';
export const SCORECARD_VIEW = 'twelveFactor.scorecard';

/** Context keys for `when` clauses in package.json. */
export const CONTEXT = {
  serverState: 'twelveFactor.serverState',
  scanned: 'twelveFactor.scanned',
  checked: 'twelveFactor.checked',
  sampleFixed: 'twelveFactor.walkthrough.sampleFixed',
} as const;

/** Custom LSP messages (server/src/handlers/workspace-scan.ts). */
export const SCAN_REQUEST = 'twelveFactor/scanWorkspace';
export const RULES_REQUEST = 'twelveFactor/rules';
export const SCAN_STATE_NOTIFICATION = 'twelveFactor/scanState';

/** `diagnostic.source` of every finding (also the problem matcher's). */
export const SOURCE = 'twelve-factor';

export const TASK_TYPE = 'twelve-factor';
export const SETTINGS_SECTION = 'twelveFactor';

/** VS Code language ids the server checks. */
export const LANGUAGES = [
  'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'go', 'ruby', 'java', 'php', 'dotenv', 'procfile',
] as const;

/** The engine's language id for a VS Code language id (rules declare the engine's). */
export function engineLanguage(vscodeLanguageId: string): string {
  if (vscodeLanguageId === 'javascriptreact') return 'javascript';
  if (vscodeLanguageId === 'typescriptreact') return 'typescript';
  return vscodeLanguageId;
}
