import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixAllConfirmation } from '../../client/src/commands/fix-all-confirmation';
import { REPO_ROOT } from '../helpers/paths';
import type { LspSession } from '../lsp/lsp-session';
import { bicepPair, runCli, startServer, writeWorkspace, messageOf } from './helpers';

/**
 * Untrusted workspaces (VS Code's Restricted Mode), as declared:
 * - read-only analysis runs (the extension declares `limited` support and activates);
 * - Fix All in Workspace always asks first, and in Restricted Mode says so;
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

    // MISSING HOOK: the server is never told whether the workspace is trusted (no initialization
    // option, no setting), and settings that widen what it reads come from the workspace's own
    // bicepconfig.json (followModulesOutsideWorkspace, useBicepModuleCache: any folder), which VS
    // Code's `restrictedConfigurations` cannot cover. So in Restricted Mode an untrusted repository
    // can make the server read templates anywhere on the disk and show their values in hovers and
    // messages. Proposal: initializationOptions.workspaceTrusted (and a notification when it is
    // granted), and ignoring those two settings while it is false. The option name is a proposal.
    it.skip('in an untrusted workspace, bicepconfig.json cannot make the server read outside it [missing hook: the server does not know about trust]', async function () {
      const root = writeWorkspace({
        'bicepconfig.json': JSON.stringify({ identityIsolation: { followModulesOutsideWorkspace: true } }),
        'main.bicep': "module far '../outside/shared.bicep' = {\n  name: 'far'\n}\n",
      });
      // To do with the hook: start the server with initializationOptions { workspaceTrusted: false }.
      session = await startServer({ root });
      const uri = await session.open('main.bicep', 'bicep');
      const published = await session.waitForDiagnostics(uri, () => true, 'diagnostics');
      assert.ok(published.diagnostics.some((d) => /leaves the workspace/.test(messageOf(d))));
    });
  });
});
