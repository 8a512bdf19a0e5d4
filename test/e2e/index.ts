/**
 * The in-editor test suite's entry (`extensionTestsPath`): VS Code's extension host loads
 * this module and awaits `run()`; a rejection means the tests failed.
 */
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 150_000, slow: 10_000 });
  mocha.addFile(path.join(__dirname, 'extension.e2e.js'));
  const grep = process.env.TF_E2E_GREP;
  if (grep) mocha.grep(grep);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} in-editor test${failures === 1 ? '' : 's'} failed`)) : resolve()));
  });
}
