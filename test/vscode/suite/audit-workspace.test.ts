import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../client/src/command-ids';
import type { AuditWorkspaceResult } from '../../../server/src/lsp/protocol';
import { waitForFinding } from '../diagnostics';
import { fixtureFile, isOpen } from '../fixture';
import { stub } from '../stub';

describe('Identity Isolation: Audit Workspace', () => {
  const armTemplate = () => fixtureFile('unopened', 'c12-arm-comments-multiline-string', 'azuredeploy.json');
  const oldApiVersion = () => fixtureFile('unopened', 'c16-scope-on-old-api-version', 'main.bicep');

  it('fills the Problems panel for files no editor has opened, in every workspace folder, and sums up', async () => {
    assert.ok(!isOpen(armTemplate()) && !isOpen(oldApiVersion()), 'the audited files must not be open');
    const messages: string[] = [];
    const restore = stub(vscode.window, 'showInformationMessage', (message: string) => {
      messages.push(message);
      return Promise.resolve(undefined);
    });
    let result: AuditWorkspaceResult | undefined;
    try {
      result = await vscode.commands.executeCommand<AuditWorkspaceResult | undefined>(COMMANDS.auditWorkspace);
    } finally {
      restore();
    }
    assert.ok(result, 'the audit returned nothing');
    assert.equal(result.cancelled, false);
    assert.equal(result.files, 4, 'two cases in each of the two workspace folders');
    await waitForFinding(armTemplate(), 'isolation-scope-missing', 6);
    await waitForFinding(oldApiVersion(), 'isolation-scope-api-version', 0);
    assert.ok(!isOpen(armTemplate()) && !isOpen(oldApiVersion()), 'the audit must not open the files');
    assert.match(messages[0] ?? '', /^Identity isolation: 4 files audited, \d+ errors?, \d+ warnings?/);
  });
});

describe('Audit Workspace progress', () => {
  type ProgressTask = (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => Thenable<unknown>;

  /** Runs the audit command with `withProgress` replaced, so the test can watch and cancel. */
  async function auditWithProgress(onStart: (cancel: () => void) => void) {
    const shown: { options: vscode.ProgressOptions; messages: string[] }[] = [];
    const restoreProgress = stub(vscode.window, 'withProgress', (options: vscode.ProgressOptions, task: ProgressTask) => {
      const messages: string[] = [];
      shown.push({ options, messages });
      const cancellation = new vscode.CancellationTokenSource();
      const running = task({ report: (value) => void (value.message && messages.push(value.message)) }, cancellation.token);
      onStart(() => cancellation.cancel());
      return running;
    });
    const restoreMessages = stub(vscode.window, 'showInformationMessage', () => Promise.resolve(undefined));
    try {
      const result = await vscode.commands.executeCommand<AuditWorkspaceResult | undefined>(COMMANDS.auditWorkspace);
      return { result, shown };
    } finally {
      restoreProgress();
      restoreMessages();
    }
  }

  it("shows the server's file count in a cancellable notification", async () => {
    const { result, shown } = await auditWithProgress(() => undefined);
    assert.equal(result?.cancelled, false);
    assert.equal(shown.length, 1);
    assert.equal(shown[0]?.options.location, vscode.ProgressLocation.Notification);
    assert.equal(shown[0]?.options.cancellable, true);
    assert.ok(shown[0]?.messages.some((message) => /^Auditing \d+ of \d+ files$/.test(message)), `progress: ${shown[0]?.messages.join(' | ')}`);
  });

  it('cancelling the notification cancels the request', async () => {
    const { result } = await auditWithProgress((cancel) => cancel());
    // Either the client gave up waiting (undefined) or the server stopped early and said so.
    assert.ok(result === undefined || result.cancelled, `the audit ran to the end: ${JSON.stringify(result)}`);
  });
});
