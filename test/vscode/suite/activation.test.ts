import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../client/src/command-ids';
import { fixtureFile } from '../fixture';
import { waitFor } from '../wait-for';

const EXTENSION_ID = 'identity-isolation.bicep-identity-isolation';

describe('activation', () => {
  it('knows .bicep files without the Bicep extension and activates on one', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    const document = await vscode.workspace.openTextDocument(fixtureFile('editor', 'c01-missing-basic', 'main.bicep'));
    assert.equal(document.languageId, 'bicep');
    await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
  });

  it('registers its commands', async () => {
    const registered = await vscode.commands.getCommands(true);
    for (const command of Object.values(COMMANDS)) assert.ok(registered.includes(command), `${command} is not registered`);
  });
});
