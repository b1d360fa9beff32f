import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeActionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { AUDIT_WORKSPACE_REQUEST, FIX_ALL_WORKSPACE_REQUEST, WORKSPACE_REPORT_REQUEST, type AuditWorkspaceResult } from '../../server/src/lsp/protocol';
import { CASES_DIR, REPO_ROOT, sharedAvailable } from '../helpers/paths';
import type { LspSession } from '../lsp/lsp-session';
import { armIdentity, armTemplate, bicepIdentity, NO_NETWORK_PRELOAD, runCli, startServer, writeWorkspace } from './helpers';

/**
 * A workspace full of things that would tempt a tool to go online or run something: registry and
 * template-spec modules, templateLink URIs, schema URLs, a bicepconfig.json with registry aliases,
 * scripts and a fake `bicep` executable that leave a marker when run, and JavaScript the engine
 * could be tricked into loading.
 */
function temptingWorkspace(): { root: string; marker: string } {
  const marker = path.join(os.tmpdir(), `identity-isolation-executed-${process.pid}-${Date.now()}`);
  const evil = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'executed');\n`;
  const root = writeWorkspace({
    'bicepconfig.json': JSON.stringify({
      moduleAliases: { br: { corp: { registry: 'corp.azurecr.io', modulePath: 'bicep/modules' } }, ts: { specs: { subscription: '00000000-0000-0000-0000-000000000000', resourceGroup: 'rg' } } },
      identityIsolation: { useBicepModuleCache: './bicep-cache' },
    }),
    'main.bicep': [
      "module a 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.0' = {",
      "  name: 'a'",
      "  params: { name: 'x' }",
      '}',
      "module b 'br:corp.azurecr.io/bicep/modules/identity:v1' = {",
      "  name: 'b'",
      '}',
      "module c 'br/corp:identity:v1' = {",
      "  name: 'c'",
      '}',
      "module d 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = {",
      "  name: 'd'",
      '}',
      "module e 'ts/specs:spec:1.0' = {",
      "  name: 'e'",
      '}',
      "module f './evil.js' = {",
      "  name: 'f'",
      '}',
      "var script = loadTextContent('evil.js')",
      "var env = readEnvironmentVariable('HOME', 'x')",
      bicepIdentity('local', 'env'),
    ].join('\n'),
    'azuredeploy.json': armTemplate({
      resources: [
        { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'remote', properties: { mode: 'Incremental', templateLink: { uri: 'https://raw.githubusercontent.com/Azure/azure-quickstart-templates/master/quickstarts/microsoft.managedidentity/user-assigned-identity/azuredeploy.json' } } },
        { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'spec', properties: { mode: 'Incremental', templateLink: { id: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Resources/templateSpecs/s/versions/1' } } },
        { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'local', properties: { mode: 'Incremental', templateLink: { relativePath: 'evil.js' } } },
        { type: 'Microsoft.Resources/deploymentScripts', apiVersion: '2023-08-01', name: 'script', location: 'westus', kind: 'AzureCLI', properties: { scriptContent: `node -e "${evil.replace(/"/g, '\\"')}"`, primaryScriptUri: 'https://example.com/x.sh' } },
        armIdentity('remote-id', 'westus'),
      ],
    }),
    'main.bicepparam': "using 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.0'\nparam name = 'x'\n",
    'evil.js': evil,
    'package.json': JSON.stringify({ name: 'x', scripts: { preinstall: `node evil.js`, postinstall: 'node evil.js', test: 'node evil.js' } }),
    'node_modules/.bin/bicep': `#!/bin/sh\nnode -e ${JSON.stringify(evil)}\n`,
    'bicep': `#!/bin/sh\nnode -e ${JSON.stringify(evil)}\n`,
    '.vscode/settings.json': JSON.stringify({ 'identityIsolation.exclude': [] }),
  });
  for (const executable of ['node_modules/.bin/bicep', 'bicep']) fs.chmodSync(path.join(root, executable), 0o755);
  if (sharedAvailable()) fs.cpSync(path.join(CASES_DIR, 'c07-module-output-cross-region'), path.join(root, 'c07'), { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(root, 'examples'), { recursive: true });
  return { root, marker };
}

function attempts(log: string): string[] {
  return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((line) => line.trim() !== '') : [];
}

describe('safety: no network, no execution of workspace content', function () {
  this.timeout(60_000);
  let root: string;
  let marker: string;
  let log: string;
  /** Each guarded process, and each of its worker threads (--jobs), writes its pid here: proof that the guard was loaded. */
  let ready: string;

  /** The processes that loaded the guard: worker threads share their process's pid. */
  function guarded(): number {
    return fs.existsSync(ready) ? new Set(fs.readFileSync(ready, 'utf8').split('\n').filter(Boolean)).size : 0;
  }

  beforeEach(function () {
    ({ root, marker } = temptingWorkspace());
    log = path.join(os.tmpdir(), `identity-isolation-network-${process.pid}-${Date.now()}.jsonl`);
    ready = `${log}.ready`;
  });

  afterEach(function () {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(log, { force: true });
    fs.rmSync(ready, { force: true });
    fs.rmSync(marker, { force: true });
  });

  it('the guard itself works: a child process that connects is caught and recorded', function () {
    const probe = path.join(root, 'probe.js');
    fs.writeFileSync(probe, "require('net').connect(443, 'example.com');\n");
    const run = runCli(['--version'], { preloads: [NO_NETWORK_PRELOAD], env: { NO_NETWORK_LOG: log } });
    assert.equal(run.status, 0, 'the CLI starts under the guard');
    const caught = spawnSync(process.execPath, ['--require', NO_NETWORK_PRELOAD, probe], { env: { ...process.env, NO_NETWORK_LOG: log }, encoding: 'utf8' });
    assert.notEqual(caught.status, 0);
    assert.match(attempts(log).join('\n'), /net\.connect/);
  });

  it('the CLI audits, fixes and draws the graph with outbound sockets refused, and runs nothing of the workspace', function () {
    const env = { NO_NETWORK_LOG: log, NO_NETWORK_WORKSPACE: root, NO_NETWORK_READY: ready };
    for (const args of [
      ['audit', '.', '--format', 'sarif'],
      ['audit', '.', '--fix', '--dry-run'],
      ['audit', '.', '--fix'],
      ['graph', '.', '--format', 'mermaid'],
    ]) {
      const run = runCli(args, { cwd: root, preloads: [NO_NETWORK_PRELOAD], env });
      assert.ok(run.status === 0 || run.status === 1, `${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
      assert.doesNotMatch(run.stderr, /refused in this test/);
    }
    assert.equal(guarded(), 4, 'each CLI run was guarded');
    assert.deepEqual(attempts(log), [], 'no socket, DNS lookup, HTTP request, fetch, child process or require of workspace files');
    assert.equal(fs.existsSync(marker), false, 'no workspace script ran');
  });

  describe('the language server', function () {
    let session: LspSession | undefined;

    afterEach(async function () {
      await session?.stop();
      session = undefined;
    });

    it('serves documents, hovers, code actions, the workspace audit, its report and fix-all with outbound sockets refused', async function () {
      session = await startServer({ root }, { preloads: [NO_NETWORK_PRELOAD], env: { NO_NETWORK_LOG: log, NO_NETWORK_WORKSPACE: root, NO_NETWORK_READY: ready } });
      const main = await session.open('main.bicep', 'bicep');
      const arm = await session.open('azuredeploy.json', 'json');
      await session.open('main.bicepparam', 'bicep-params');
      await session.waitForDiagnostics(main, () => true, 'diagnostics for main.bicep');
      await session.waitForDiagnostics(arm, () => true, 'diagnostics for azuredeploy.json');
      for (const uri of [main, arm]) {
        for (let line = 0; line < 30; line += 3) await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 10 } });
        await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } }, context: { diagnostics: [] } });
      }
      const result = await session.connection.sendRequest<AuditWorkspaceResult>(AUDIT_WORKSPACE_REQUEST, { folders: [root] });
      assert.ok(result.files >= 3, `audited ${result.files} files`);
      await session.connection.sendRequest(WORKSPACE_REPORT_REQUEST, { format: 'sarif', root });
      await session.connection.sendRequest(FIX_ALL_WORKSPACE_REQUEST);
      assert.ok(session.alive);
      assert.equal(guarded(), 1, 'the server process was guarded');
      assert.deepEqual(attempts(log), [], 'no socket, DNS lookup, HTTP request, fetch, child process or require of workspace files');
      assert.equal(fs.existsSync(marker), false, 'no workspace script ran');
    });
  });
});
