// Copies cases from ../shared/cases into a fresh temporary multi-root workspace for the
// extension-host suite (test/vscode): the editor must never write into ../shared.
//   editor/    cases the suite opens (diagnostics, quick fix)
//   unopened/  cases only the workspace audit reaches (a second root: the audit covers every folder)
// Run directly, it prints the path of the .code-workspace file to open.
const fs = require('fs');
const os = require('os');
const path = require('path');

const CASES_DIR = path.resolve(__dirname, '..', '..', 'shared', 'cases');
const FOLDERS = {
  editor: ['c01-missing-basic', 'c04-identity-key-forms'],
  unopened: ['c12-arm-comments-multiline-string', 'c16-scope-on-old-api-version'],
};

function prepareVscodeFixture() {
  if (!fs.existsSync(CASES_DIR)) throw new Error(`the shared cases are missing: ${CASES_DIR}`);
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-vscode-')));
  for (const [folder, cases] of Object.entries(FOLDERS)) {
    for (const name of cases) fs.cpSync(path.join(CASES_DIR, name), path.join(root, folder, name), { recursive: true });
  }
  const workspaceFile = path.join(root, 'fixture.code-workspace');
  const workspace = { folders: Object.keys(FOLDERS).map((folder) => ({ path: folder })) };
  fs.writeFileSync(workspaceFile, JSON.stringify(workspace, null, 2));
  return workspaceFile;
}

module.exports = { prepareVscodeFixture };

if (require.main === module) console.log(prepareVscodeFixture());
