import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point for the Restricted Mode run: the extension host of a code-server with workspace trust
 * enabled and the fixture workspace untrusted (scripts/e2e-code-server.sh --untrusted).
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  mocha.addFile(path.join(__dirname, 'suite', 'restricted-mode.test.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
