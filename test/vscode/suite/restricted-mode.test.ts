import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../client/src/command-ids';
import { waitForFinding } from '../diagnostics';
import { fixtureFile, openInEditor } from '../fixture';
import { runFixAllWorkspace } from '../fix-all';
import { stub } from '../stub';
import { waitFor } from '../wait-for';

const EXTENSION_ID = 'identity-isolation.bicep-identity-isolation';

/**
 * Run by the untrusted entry (untrusted-index.ts) in a code-server whose workspace trust is on and
 * whose workspace nobody trusted: the extension declares limited support, so it runs in Restricted
 * Mode; read-only analysis works as usual, and fixing the whole workspace still asks first.
 */
describe('Restricted Mode (workspace trust enabled, workspace not trusted)', () => {
  it('runs in an untrusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the runner must open the workspace with workspace trust enabled and untrusted');
  });

  it('activates and analyses open documents', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded in Restricted Mode`);
    const uri = fixtureFile('editor', 'c01-missing-basic', 'main.bicep');
    await openInEditor(uri);
    await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
    const finding = await waitForFinding(uri, 'isolation-scope-missing', 2);
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('fills the Problems panel from the workspace audit, unopened files included', async () => {
    const restoreInfo = stub(vscode.window, 'showInformationMessage', () => Promise.resolve(undefined));
    try {
      await vscode.commands.executeCommand(COMMANDS.auditWorkspace);
    } finally {
      restoreInfo();
    }
    await waitForFinding(fixtureFile('unopened', 'c12-arm-comments-multiline-string', 'azuredeploy.json'), 'isolation-scope-missing', 6);
  });

  it('asks before fixing the workspace, names Restricted Mode, and changes nothing when declined', async () => {
    const { questions, applied } = await runFixAllWorkspace(false);
    assert.equal(questions.length, 1);
    assert.equal(questions[0]?.options.modal, true);
    assert.match(questions[0]?.options.detail ?? '', /Restricted Mode/);
    assert.notEqual(applied, true);
    assert.equal(vscode.workspace.textDocuments.filter((document) => document.isDirty).length, 0, 'nothing was edited');
  });
});
