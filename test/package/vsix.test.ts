import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';
import { unbundledModules } from './bundle-imports';
import { firstDiagnostics } from './package-server-smoke';
import { readZipEntries, type ZipEntry } from './zip-entries';

/** Everything the .vsix holds: the manifest files vsce writes, our docs, and the bundles with the grammars they load. */
const EXPECTED_ENTRIES = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/client/out/extension.js',
  'extension/grammars/tree-sitter-bicep.wasm',
  'extension/grammars/web-tree-sitter.wasm',
  'extension/package.json',
  'extension/readme.md',
  'extension/server/out/server.js',
];
const MAX_VSIX_BYTES = 3 * 1024 * 1024;

const MISSING_ISOLATION_SCOPE = `resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-web'
  location: 'westeurope'
}
`;

describe('the .vsix package', function () {
  // vsce runs the minified build (vscode:prepublish) before it packs.
  this.timeout(120_000);
  let folder = '';
  let vsix = '';
  let entries: ZipEntry[] = [];
  const entry = (name: string) => entries.find((candidate) => candidate.name === name)?.data.toString('utf8') ?? '';

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-vsix-'));
    vsix = path.join(folder, 'extension.vsix');
    const vsce = spawnSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(vsce.status, 0, `vsce package failed:\n${vsce.stdout}\n${vsce.stderr}`);
    entries = readZipEntries(fs.readFileSync(vsix));
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('holds exactly the bundles, the grammars and the documents: no node_modules, sources, tests or source maps', () => {
    assert.deepEqual(entries.map((candidate) => candidate.name).sort(), [...EXPECTED_ENTRIES].sort());
  });

  it(`stays within ${MAX_VSIX_BYTES / 1024 / 1024} MB`, () => {
    assert.ok(fs.statSync(vsix).size <= MAX_VSIX_BYTES, `${fs.statSync(vsix).size} bytes`);
  });

  it('points its manifest at files it contains', () => {
    const manifest = JSON.parse(entry('extension/package.json')) as { main: string; engines: { vscode: string } };
    assert.ok(entries.some((candidate) => candidate.name === path.posix.join('extension', manifest.main)), `main ${manifest.main} is not packed`);
    assert.equal(manifest.engines.vscode, '^1.91.0');
  });

  it('has every dependency bundled: the client loads only vscode and Node built-ins, the server only built-ins', () => {
    assert.deepEqual(unbundledModules(entry('extension/client/out/extension.js'), ['vscode']), []);
    assert.deepEqual(unbundledModules(entry('extension/server/out/server.js')), []);
  });

  it('runs its language server unpacked, with nothing but Node: diagnostics for a Bicep file', async () => {
    const unpacked = path.join(folder, 'unpacked');
    for (const { name, data } of entries) {
      fs.mkdirSync(path.dirname(path.join(unpacked, name)), { recursive: true });
      fs.writeFileSync(path.join(unpacked, name), data);
    }
    const diagnostics = await firstDiagnostics(path.join(unpacked, 'extension', 'server', 'out', 'server.js'), path.join(folder, 'main.bicep'), 'bicep', MISSING_ISOLATION_SCOPE);
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
      [['isolation-scope-missing', 0]],
    );
  });
});
