// The extension-host suite (test/vscode) in an installed desktop VS Code, through
// @vscode/test-electron. It never downloads one: set VSCODE_PATH to the VS Code executable.
// Needs the bundles and the test build: node scripts/build.js && npx tsc -p .
const fs = require('fs');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { prepareVscodeFixture } = require('./prepare-vscode-fixture');

const root = path.resolve(__dirname, '..');

async function main() {
  const vscodeExecutablePath = process.env.VSCODE_PATH;
  if (!vscodeExecutablePath) throw new Error('set VSCODE_PATH to a VS Code executable');
  const workspaceFile = prepareVscodeFixture();
  const fixture = path.dirname(workspaceFile);
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'index.js'),
      launchArgs: [workspaceFile, '--disable-extensions', `--user-data-dir=${path.join(fixture, '.user-data')}`],
    });
  } finally {
    fs.rmSync(fixture, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
