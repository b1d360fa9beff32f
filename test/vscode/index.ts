import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * The suites in the order they run: each leaves the workspace as the next expects, and
 * fix-all-workspace goes last because it edits every fixable file of the fixture.
 */
const SUITES = ['activation', 'diagnostics', 'quick-fix', 'audit-workspace', 'workspace-reports', 'fix-all-workspace'];

/**
 * Entry point the extension host calls (`extensionTestsPath`), in code-server and in desktop VS
 * Code alike: a classic mocha runner, since the test-cli runner depends on test-cli's environment.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  for (const suite of SUITES) mocha.addFile(path.join(__dirname, 'suite', `${suite}.test.js`));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
