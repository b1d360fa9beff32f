import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForNoFinding } from '../diagnostics';
import { fixtureFile } from '../fixture';
import { runFixAllWorkspace } from '../fix-all';
import { waitFor } from '../wait-for';

describe('Identity Isolation: Fix All in Workspace', () => {
  it('asks first, then applies every safe fix, in unopened files too, as one edit', async () => {
    const { questions, applied } = await runFixAllWorkspace(true);
    assert.equal(questions.length, 1);
    // c01 was fixed by the quick-fix suite and c04 has no fix: what is left are c12 and c16.
    assert.equal(questions[0]?.message, 'Apply 2 safe fixes in 2 files?');
    assert.equal(questions[0]?.options.modal, true);
    assert.equal(applied, true);

    const armTemplate = fixtureFile('unopened', 'c12-arm-comments-multiline-string', 'azuredeploy.json');
    const oldApiVersion = fixtureFile('unopened', 'c16-scope-on-old-api-version', 'main.bicep');
    const edited = (uri: vscode.Uri) =>
      waitFor(`the edited ${uri.path}`, () => vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString() && document.isDirty));
    assert.match((await edited(armTemplate)).getText(), /"isolationScope": "Regional"/);
    assert.doesNotMatch((await edited(oldApiVersion)).getText(), /2023-01-31/);
    await waitForNoFinding(armTemplate, 'isolation-scope-missing');
    await waitForNoFinding(oldApiVersion, 'isolation-scope-api-version');
  });
});
