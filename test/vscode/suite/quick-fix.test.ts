import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../client/src/command-ids';
import { waitForFinding, waitForNoFinding } from '../diagnostics';
import { fixtureFile, openInEditor } from '../fixture';
import { stub } from '../stub';

const RULE = 'isolation-scope-missing';

function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Thenable<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
}

describe('quick fix', () => {
  const uri = () => fixtureFile('editor', 'c01-missing-basic', 'main.bicep');

  it('offers the rule documentation, opened through our command', async () => {
    await openInEditor(uri());
    const finding = await waitForFinding(uri(), RULE, 2);
    const docs = (await codeActionsAt(uri(), finding.range)).find((action) => action.command?.command === COMMANDS.showDocumentation);
    assert.ok(docs?.command, 'no code action runs the show-documentation command');
    const opened: vscode.Uri[] = [];
    const restore = stub(vscode.env, 'openExternal', (target: vscode.Uri) => {
      opened.push(target);
      return Promise.resolve(true);
    });
    try {
      await vscode.commands.executeCommand(docs.command.command, ...((docs.command.arguments ?? []) as unknown[]));
    } finally {
      restore();
    }
    assert.match(opened[0]?.toString() ?? '', /docs\/rules\/isolation-scope-missing\.md$/);
  });

  it('sets isolationScope to Regional on a supporting API version, and the diagnostic goes away', async () => {
    const editor = await openInEditor(uri());
    const finding = await waitForFinding(uri(), RULE, 2);
    const actions = await codeActionsAt(uri(), finding.range);
    const fix = actions.find((action) => action.kind?.value === vscode.CodeActionKind.QuickFix.value && action.isPreferred && action.edit);
    assert.ok(fix?.edit, `no preferred quick fix among: ${actions.map((action) => action.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitForNoFinding(uri(), RULE);
    const text = editor.document.getText();
    assert.match(text, /isolationScope: 'Regional'/);
    assert.match(text, /userAssignedIdentities@(2024-11-30|202[5-9]-\d\d-\d\d)'/);
  });
});
