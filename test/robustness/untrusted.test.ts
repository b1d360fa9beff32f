import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { fixAllConfirmation } from '../../client/src/commands/fix-all-confirmation';
import { REPO_ROOT } from '../helpers/paths';
import type { LspSession } from '../lsp/lsp-session';
import { WORKSPACE_TRUSTED_NOTIFICATION } from '../../server/src/lsp/protocol';
import { restrictUntrusted, trustedFrom } from '../../server/src/lsp/trust';
import { bicepIdentity, bicepPair, FS_FAULTS_PRELOAD, messageOf, runCli, startServer, writeWorkspace } from './helpers';
import { readFaultLog } from './preload/fs-faults';

/**
 * Untrusted workspaces (VS Code's Restricted Mode), as declared:
 * - read-only analysis runs (the extension declares `limited` support and activates);
 * - Fix All in Workspace always asks first, and in Restricted Mode says so;
 * - the language server is told (initializationOptions, then a notification when trust is granted)
 *   and ignores bicepconfig.json settings that would make it read outside the workspace;
 * - the CLI has no notion of trust: it behaves the same everywhere.
 * Driving VS Code itself with `security.workspace.trust.enabled` and an untrusted folder belongs to
 * the code-server suite (test/clients); what that needs is in the report of this suite.
 */
describe('untrusted workspaces', function () {
  this.timeout(30_000);

  it('the extension declares limited support: analysis runs, workspace fixes ask', function () {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { supported: unknown; description?: string; restrictedConfigurations?: unknown } };
    };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(manifest.capabilities.untrustedWorkspaces.description ?? '', /Read-only analysis runs in Restricted Mode/);
    assert.match(manifest.capabilities.untrustedWorkspaces.description ?? '', /always ask/);
  });

  it('the fix-all question is asked trusted or not, and names Restricted Mode when untrusted', function () {
    const trusted = fixAllConfirmation({ fixes: 3, files: 2 }, true);
    const untrusted = fixAllConfirmation({ fixes: 3, files: 2 }, false);
    assert.equal(trusted.message, untrusted.message);
    assert.match(untrusted.detail, /Restricted Mode/);
  });

  it('the CLI is not affected: the same report in any folder, whatever .vscode holds', function () {
    const plain = writeWorkspace({ 'main.bicep': bicepPair("'eastus'") });
    const marked = writeWorkspace({
      'main.bicep': bicepPair("'eastus'"),
      '.vscode/settings.json': JSON.stringify({ 'security.workspace.trust.enabled': true, 'identityIsolation.severity': { 'identity-cross-region': 'off' } }),
    });
    try {
      const a = runCli(['audit', '.', '--format', 'json'], { cwd: plain });
      const b = runCli(['audit', '.', '--format', 'json'], { cwd: marked });
      assert.equal(a.status, 1);
      assert.equal(b.status, a.status);
      const findings = (stdout: string) => (JSON.parse(stdout) as { findings: unknown[] }).findings;
      assert.deepEqual(findings(b.stdout), findings(a.stdout), 'VS Code settings in .vscode do not reach the CLI');
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
      fs.rmSync(marked, { recursive: true, force: true });
    }
  });

  describe('the language server', function () {
    let session: LspSession | undefined;

    afterEach(async function () {
      await session?.stop();
      session = undefined;
    });

    // The VS Code client passes initializationOptions.workspaceTrusted (vscode.workspace.isTrusted)
    // and notifies the server when trust is granted. Untrusted, the workspace's own bicepconfig.json
    // (which VS Code's `restrictedConfigurations` cannot cover) may not widen what the server reads.
    it('in an untrusted workspace, bicepconfig.json cannot make the server read outside it', async function () {
      const base = writeWorkspace({
        'repo/bicepconfig.json': JSON.stringify({ identityIsolation: { followModulesOutsideWorkspace: true } }),
        'repo/main.bicep': "module far '../outside/shared.bicep' = {\n  name: 'far'\n}\n",
        'outside/shared.bicep': bicepIdentity('outside'),
      });
      const outside = path.join(base, 'outside', 'shared.bicep');
      const log = path.join(base, 'reads.jsonl');
      const readsOutside = () => readFaultLog(log).filter((event) => event.op === 'read' && event.path === outside).length;
      const leaves = (params: PublishDiagnosticsParams) => params.diagnostics.some((d) => /leaves the workspace/.test(messageOf(d)));
      try {
        session = await startServer(
          { root: path.join(base, 'repo'), initializationOptions: { workspaceTrusted: false } },
          { preloads: [FS_FAULTS_PRELOAD], env: { IDENTITY_FS_FAULTS: JSON.stringify({ log }) } },
        );
        const live = session;
        const uri = await live.open('main.bicep', 'bicep');
        const published = await live.waitForDiagnostics(uri, () => true, 'diagnostics');
        assert.ok(leaves(published), JSON.stringify(published.diagnostics));
        assert.equal(readsOutside(), 0, 'the module outside the workspace is not read');
        assert.ok(live.logs.some((line) => /Restricted Mode: ignoring followModulesOutsideWorkspace/.test(line)), live.logs.join('\n'));

        // Granting trust lifts the limit without a restart: the setting applies, the module is read.
        await live.connection.sendNotification(WORKSPACE_TRUSTED_NOTIFICATION);
        await live.waitForDiagnostics(uri, (params) => !leaves(params), 'the module followed once trusted');
        assert.ok(readsOutside() > 0, 'read once trusted');
      } finally {
        fs.rmSync(base, { recursive: true, force: true });
      }
    });

    it('restricts what widens the reads, and nothing else, only when the client says the workspace is untrusted', function () {
      const settings = { severities: { 'identity-cross-region': 'off' as const }, exclude: ['gen/**'], includeGenerated: true, followModulesOutsideWorkspace: true, bicepModuleCache: '/home/user/.bicep', parameterFiles: new Map([['/ws/a.parameters.json', '/ws/a.json'], ['/elsewhere/b.json', '/ws/b.json'], ['/ws/c.json', '/elsewhere/c.json']]), limits: {} };
      const restricted = restrictUntrusted(settings, (file) => file.startsWith('/ws/'));
      assert.deepEqual(restricted.settings, { ...settings, followModulesOutsideWorkspace: false, bicepModuleCache: undefined, parameterFiles: new Map([['/ws/a.parameters.json', '/ws/a.json']]) });
      assert.deepEqual(restricted.dropped, ['followModulesOutsideWorkspace', 'useBicepModuleCache', 'parameterFiles outside the workspace']);
      assert.equal(trustedFrom({ workspaceTrusted: false }), false);
      for (const options of [undefined, null, {}, { workspaceTrusted: true }, 'x']) assert.equal(trustedFrom(options), true, JSON.stringify(options));
    });
  });
});
