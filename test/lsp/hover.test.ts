import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { HoverRequest, MarkupKind, type Hover, type MarkupContent, type Position } from 'vscode-languageserver-protocol/node';
import { CASES_DIR, copyToTemp } from '../helpers/paths';
import { LspSession } from './lsp-session';

describe('LSP hover on identities (bundled server over stdio)', function () {
  let session: LspSession;

  afterEach(async function () {
    await session?.stop();
  });

  async function openCase(name: string, file: string, languageId: string): Promise<string> {
    session = await LspSession.start({ root: copyToTemp(path.join(CASES_DIR, name)) });
    const uri = await session.open(file, languageId);
    await session.waitForDiagnostics(uri, () => true, `diagnostics of ${name}`);
    return uri;
  }

  async function hoverText(uri: string, position: Position): Promise<string | undefined> {
    const hover: Hover | null = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    if (!hover) return undefined;
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, MarkupKind.Markdown);
    return contents.value;
  }

  it('describes a Bicep identity from its symbolic name, its type and a reference to it (c01)', async function () {
    const uri = await openCase('c01-missing-basic', 'main.bicep', 'bicep');
    const onName = await hoverText(uri, { line: 2, character: 10 });
    assert.ok(onName, 'a hover on the symbolic name');
    assert.match(onName, /User-assigned identity `uami`/);
    assert.match(onName, /\*\*Isolation scope:\*\* not set/);
    assert.match(onName, /predates isolationScope/);
    assert.match(onName, /\*\*Region:\*\* `westeurope` \(from the default of parameter 'location'\)/);
    assert.match(onName, /`site` in `westeurope`/);
    assert.equal(await hoverText(uri, { line: 2, character: 30 }), onName, 'the same on the type string');
    assert.equal(await hoverText(uri, { line: 13, character: 10 }), onName, "the same on the '${uami.id}' key");
    assert.equal(await hoverText(uri, { line: 0, character: 2 }), undefined, 'nothing on a parameter');
  });

  it('describes a classic ARM identity from a resourceId() key, with each user’s region (c15)', async function () {
    const uri = await openCase('c15-arm-classic-cross-region', 'azuredeploy.json', 'json');
    const text = await hoverText(uri, { line: 39, character: 30 });
    assert.ok(text, 'a hover on the resourceId() key');
    assert.match(text, /User-assigned identity `id-worker`/);
    assert.match(text, /\*\*Isolation scope:\*\* not set/);
    assert.match(text, /\*\*Region:\*\* `northeurope` \(from the default of parameter 'identityLocation'\)/);
    assert.match(text, /`app-same` in `northeurope`/);
    assert.match(text, /`worker` in `swedencentral` .*another region/);
  });

  it('shows a Regional identity’s scope (c04)', async function () {
    const uri = await openCase('c04-identity-key-forms', 'main.bicep', 'bicep');
    const text = await hoverText(uri, { line: 0, character: 10 });
    assert.ok(text);
    assert.match(text, /\*\*Isolation scope:\*\* `Regional`/);
    assert.match(text, /`app` in `eastus`.*another region/);
  });
});
