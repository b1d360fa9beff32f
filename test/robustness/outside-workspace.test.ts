import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditPaths, type AuditResult } from '../../server/src/engine';
import { GRAMMARS_DIR } from '../helpers/paths';
import type { LspSession } from '../lsp/lsp-session';
import { armTemplate, runCli, startServer, writeWorkspace, messageOf } from './helpers';

/** Outside the workspace: a Regional identity in eastus. Followed, it gives an identity-cross-region error; not followed, a note. */
const SHARED_BICEP = [
  "resource id 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
  "  name: 'far-id'",
  "  location: 'eastus'",
  "  properties: { isolationScope: 'Regional' }",
  '}',
  'output id string = id.id',
  '',
].join('\n');

const CHILD_JSON = armTemplate({ resources: [{ type: 'Microsoft.ManagedIdentity/userAssignedIdentities', apiVersion: '2024-11-30', name: 'far-id', location: 'eastus', properties: { isolationScope: 'Regional' } }] });

function bicepCaller(modulePath: string): string {
  return [
    `module far '${modulePath}' = {`,
    "  name: 'far'",
    '}',
    "resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {",
    "  name: 'st'",
    "  location: 'westus'",
    "  kind: 'StorageV2'",
    "  sku: { name: 'Standard_LRS' }",
    "  identity: { type: 'UserAssigned', userAssignedIdentities: { '${far.outputs.id}': {} } }",
    '}',
    '',
  ].join('\n');
}

function armCaller(relativePath: string): string {
  return armTemplate({
    resources: [
      { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'far', properties: { mode: 'Incremental', templateLink: { relativePath } } },
      {
        type: 'Microsoft.Storage/storageAccounts',
        apiVersion: '2023-01-01',
        name: 'st',
        location: 'westus',
        identity: { type: 'UserAssigned', userAssignedIdentities: { "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'far-id')]": {} } },
      },
    ],
  });
}

function summary(result: AuditResult): string[] {
  return result.findings.map((finding) => `${finding.ruleId}: ${finding.message}`);
}

describe('module and templateLink paths that leave the workspace', function () {
  this.timeout(30_000);
  let top: string;
  let workspace: string;
  let outside: string;

  beforeEach(function () {
    // top/outside/… is beside top/workspace/app/…: reachable with ../../outside and by absolute path.
    top = writeWorkspace({ 'outside/shared.bicep': SHARED_BICEP, 'outside/child.json': CHILD_JSON, 'outside/deeper/x/y/shared.bicep': SHARED_BICEP });
    workspace = path.join(top, 'workspace');
    outside = path.join(top, 'outside');
    fs.mkdirSync(path.join(workspace, 'app'), { recursive: true });
  });

  afterEach(function () {
    fs.rmSync(top, { recursive: true, force: true });
  });

  function write(relative: string, text: string): string {
    const file = path.join(workspace, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }

  const bicepPaths: [string, () => string][] = [
    ['a relative path (../../outside)', () => '../../outside/shared.bicep'],
    ['a path climbing past the root (../../../../../../..)', () => `${'../'.repeat(path.join(workspace, 'app').split(path.sep).length)}${path.join(outside, 'shared.bicep').slice(1).split(path.sep).join('/')}`],
    ['an absolute path', () => path.join(outside, 'shared.bicep').split(path.sep).join('/')],
    ['a path that climbs out and back in again', () => `../../workspace/../outside/deeper/x/y/shared.bicep`],
  ];

  for (const [what, modulePath] of bicepPaths) {
    it(`Bicep module with ${what}: not followed by default, and the note says why`, async function () {
      write('app/main.bicep', bicepCaller(modulePath()));
      const result = await auditPaths([workspace], { wasmDir: GRAMMARS_DIR });
      assert.ok(!result.findings.some((f) => f.ruleId === 'identity-cross-region'), summary(result).join('\n'));
      const notes = result.findings.filter((f) => f.ruleId === 'isolation-unresolved').map((f) => f.message);
      assert.ok(notes.some((note) => /module 'far' .* is not followed: its path leaves the workspace \(setting followModulesOutsideWorkspace\)/.test(note)), notes.join('\n'));
    });
  }

  it('Bicep module outside the workspace: followed when followModulesOutsideWorkspace allows it', async function () {
    write('app/main.bicep', bicepCaller('../../outside/shared.bicep'));
    const result = await auditPaths([workspace], { wasmDir: GRAMMARS_DIR, followModulesOutsideWorkspace: true });
    assert.deepEqual(summary(result).filter((line) => line.startsWith('identity-cross-region')).length, 1, summary(result).join('\n'));
  });

  it('the CLI reads the setting from bicepconfig.json, and only then follows the module', function () {
    write('app/main.bicep', bicepCaller('../../outside/shared.bicep'));
    const before = runCli(['audit', 'app', '--format', 'json'], { cwd: workspace });
    assert.equal(before.status, 0, before.stderr);
    assert.match(before.stdout, /leaves the workspace/);
    write('bicepconfig.json', JSON.stringify({ identityIsolation: { followModulesOutsideWorkspace: true } }));
    const after = runCli(['audit', 'app', '--format', 'json'], { cwd: workspace });
    assert.equal(after.status, 1, 'the followed module gives an error');
    assert.match(after.stdout, /identity-cross-region/);
  });

  it('the CLI run from the root folder (/) still does not follow an absolute module path', function () {
    write('app/main.bicep', bicepCaller(path.join(outside, 'shared.bicep').split(path.sep).join('/')));
    const run = runCli(['audit', path.join(workspace, 'app'), '--format', 'json'], { cwd: path.parse(workspace).root });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /leaves the workspace/);
  });

  it('ARM templateLink.relativePath outside the workspace: not followed by default', async function () {
    write('arm/azuredeploy.json', armCaller('../../outside/child.json'));
    const result = await auditPaths([workspace], { wasmDir: GRAMMARS_DIR });
    assert.ok(!result.findings.some((f) => f.ruleId === 'identity-cross-region'), summary(result).join('\n'));
    const allowed = await auditPaths([workspace], { wasmDir: GRAMMARS_DIR, followModulesOutsideWorkspace: true });
    assert.equal(allowed.findings.filter((f) => f.ruleId === 'identity-cross-region').length, 1, 'followed when the setting allows it');
  });

  // A refused templateLink used to be dropped silently (the note read "no identity named 'far-id' is
  // declared in this template"); it now gets the note a Bicep module gets.
  it('ARM templateLink.relativePath outside the workspace: the note says why it was not followed', async function () {
    write('arm/azuredeploy.json', armCaller('../../outside/child.json'));
    const result = await auditPaths([workspace], { wasmDir: GRAMMARS_DIR });
    const notes = result.findings.filter((f) => f.ruleId === 'isolation-unresolved').map((f) => f.message);
    assert.ok(notes.some((note) => /leaves the workspace \(setting followModulesOutsideWorkspace\)/.test(note)), notes.join('\n'));
  });

  // Nothing else reports a linked template that is not there (the Bicep compiler reports a missing
  // module file; nothing compiles ARM JSON before it is deployed).
  it('ARM templateLink.relativePath to a file that does not exist: the note says it was not followed', async function () {
    write('arm/azuredeploy.json', armCaller('./missing/child.json'));
    const result = await auditPaths([workspace], { wasmDir: GRAMMARS_DIR });
    const notes = result.findings.filter((f) => f.ruleId === 'isolation-unresolved').map((f) => f.message);
    assert.ok(notes.some((note) => /inside this linked template are not analysed: the templateLink of deployment 'far' \(\.\/missing\/child\.json\) is not followed/.test(note)), notes.join('\n'));
  });

  describe('in the language server', function () {
    let session: LspSession | undefined;

    afterEach(async function () {
      await session?.stop();
      session = undefined;
    });

    it('an open document whose module leaves the workspace gets the note, not the module’s findings', async function () {
      write('app/main.bicep', bicepCaller('../../outside/shared.bicep'));
      // LspSession.stop removes its root: give it a copy of the workspace folder alone.
      const root = writeWorkspace({ 'app/main.bicep': fs.readFileSync(path.join(workspace, 'app', 'main.bicep'), 'utf8') }, 'identity-isolation-ws-');
      fs.cpSync(outside, path.join(path.dirname(root), `${path.basename(root)}-outside`), { recursive: true });
      const moved = bicepCaller(`../../${path.basename(root)}-outside/shared.bicep`);
      fs.writeFileSync(path.join(root, 'app', 'main.bicep'), moved);
      try {
        session = await startServer({ root });
        const uri = await session.open('app/main.bicep', 'bicep');
        const published = await session.waitForDiagnostics(uri, (params) => params.diagnostics.length > 0, 'the note');
        const messages = published.diagnostics.map((d) => `${String(d.code)}: ${messageOf(d)}`);
        assert.ok(messages.some((m) => /leaves the workspace \(setting followModulesOutsideWorkspace\)/.test(m)), messages.join('\n'));
        assert.ok(!messages.some((m) => m.startsWith('identity-cross-region')), messages.join('\n'));
      } finally {
        fs.rmSync(path.join(path.dirname(root), `${path.basename(root)}-outside`), { recursive: true, force: true });
      }
    });
  });
});
