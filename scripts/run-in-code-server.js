// Runs an extension-host test module (its `run()` export) in a code-server that is already up
// (scripts/with-code-server.sh): headless Chromium opens the workbench with a `payload` naming the
// development extension and the tests, and the workbench reports the result through
// window.codeAutomationExit. Exit code: 0 passed, 1 failed or timed out, 2 the runner broke.
//   node scripts/run-in-code-server.js <extension folder> <test module> <folder or .code-workspace>
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { setTimeout: delay } = require('timers/promises');
const { chromium } = require('playwright-core');
const { chromiumOptions } = require('./chromium-options');

const TIMEOUT_MS = 300_000;
const [extensionFolder, testModule, workspace] = process.argv.slice(2);
const authority = `127.0.0.1:${process.env.CODE_SERVER_PORT}`;
const remote = (file) => `vscode-remote://${authority}${path.resolve(file)}`;

async function main() {
  const payload = [
    ['extensionDevelopmentPath', remote(extensionFolder)],
    ['extensionTestsPath', remote(testModule)],
  ];
  const browserProfile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(browserProfile, chromiumOptions());
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const exitCode = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationLog', (type, args) => console.log(util.format(...args)));
      void page.exposeFunction('codeAutomationExit', resolve);
    });
    const target = workspace.endsWith('.code-workspace') ? 'workspace' : 'folder';
    await page.goto(`http://${authority}/?${target}=${encodeURIComponent(path.resolve(workspace))}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timeout = delay(TIMEOUT_MS, 'timeout', { ref: false });
    const code = await Promise.race([exitCode, timeout]);
    if (code === 'timeout') console.error(`the extension-host tests did not finish within ${TIMEOUT_MS / 1000} s`);
    return code === 0 ? 0 : 1;
  } finally {
    await context.close();
    fs.rmSync(browserProfile, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
