import * as assert from 'node:assert/strict';
import { skipUnlessAvailable } from './real-client-gate';
import { runScript, tail } from './run-script';

describe('VS Code extension in desktop VS Code (@vscode/test-electron)', function () {
  this.timeout(240_000);

  it('passes the extension-host suite (test/vscode)', async function () {
    // @vscode/test-electron would download VS Code; it runs only against an installed one.
    skipUnlessAvailable(this, 'VS Code desktop suite', process.env.VSCODE_PATH ? [] : ['VSCODE_PATH'], true);
    const run = await runScript('node', ['scripts/run-vscode-tests.js'], 230_000);
    assert.equal(run.code, 0, `scripts/run-vscode-tests.js failed:\n${tail(run.output)}`);
  });
});
