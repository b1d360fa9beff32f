import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { DiagnosticSeverity, HoverRequest } from 'vscode-languageserver-protocol/node';
import { CASES_DIR, copyToTemp } from '../helpers/paths';
import { LspSession } from './lsp-session';

const DOCS = 'https://github.com/identity-isolation/bicep-identity-isolation/blob/main/docs/rules/';

describe('LSP diagnostics (bundled server over stdio)', function () {
  let session: LspSession;

  afterEach(async function () {
    await session?.stop();
  });

  it('publishes a finding with its rule, line, source, documentation and related locations (c04)', async function () {
    session = await LspSession.start({ root: copyToTemp(path.join(CASES_DIR, 'c04-identity-key-forms')) });
    const uri = await session.open('main.bicep', 'bicep');
    const published = await session.waitForDiagnostics(uri, (params) => params.diagnostics.length > 0, 'diagnostics for c04');
    assert.equal(published.version, 1);
    assert.equal(published.diagnostics.length, 1);
    const [diagnostic] = published.diagnostics;
    assert.ok(diagnostic);
    assert.equal(diagnostic.code, 'identity-cross-region');
    assert.equal(diagnostic.source, 'identity-isolation');
    assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
    assert.equal(diagnostic.codeDescription?.href, `${DOCS}identity-cross-region.md`);
    assert.deepEqual(diagnostic.range, { start: { line: 13, character: 6 }, end: { line: 13, character: 18 } });
    assert.equal(diagnostic.tags, undefined);
    const related = diagnostic.relatedInformation ?? [];
    assert.ok(related.every((information) => information.location.uri === uri));
    assert.deepEqual(
      related.map((information) => information.location.range.start.line),
      [0, 8],
      'the identity (line 1) and the site’s location (line 9)',
    );
    assert.match(related[0]?.message ?? '', /Identity 'uami' is declared here \(westus\)/);
  });

  it('follows a module: related information in the module file, re-analysis when the open module changes (c07)', async function () {
    session = await LspSession.start({ root: copyToTemp(path.join(CASES_DIR, 'c07-module-output-cross-region')) });
    const main = await session.open('main.bicep', 'bicep');
    const published = await session.waitForDiagnostics(main, (params) => params.diagnostics.length > 0, 'diagnostics for c07');
    const [diagnostic] = published.diagnostics;
    assert.equal(diagnostic?.code, 'identity-cross-region');
    assert.equal(diagnostic?.range.start.line, 9);
    const inModule = diagnostic?.relatedInformation?.find((information) => information.location.uri === session.uri('mod/id.bicep'));
    assert.equal(inModule?.location.range.start.line, 1, 'the identity in the module (line 2)');

    // Moving the module's identity to the site's region, in the editor only, clears main.bicep's finding.
    const module = await session.open('mod/id.bicep', 'bicep');
    await session.change(module, [{ range: { start: { line: 3, character: 12 }, end: { line: 3, character: 20 } }, text: "'eastus'" }]);
    await session.waitForDiagnostics(main, (params) => params.diagnostics.length === 0, 'main.bicep analysed again');
  });

  it('publishes the new version’s diagnostics after an incremental change', async function () {
    session = await LspSession.start({ root: copyToTemp(path.join(CASES_DIR, 'c01-missing-basic')) });
    const uri = await session.open('main.bicep', 'bicep');
    const first = await session.waitForDiagnostics(uri, (params) => params.version === 1, 'version 1');
    assert.equal(first.diagnostics[0]?.code, 'isolation-scope-missing');
    assert.equal(first.diagnostics[0]?.range.start.line, 2);

    const version = await session.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// moved\n\n' }]);
    const second = await session.waitForDiagnostics(uri, (params) => params.version === version, 'version 2');
    assert.equal(second.diagnostics[0]?.range.start.line, 4);
    assert.deepEqual(second.diagnostics[0]?.range, { start: { line: 4, character: 14 }, end: { line: 4, character: 75 } });
  });

  it('after 20 rapid edits publishes the last version with its ranges, and never an older version after a newer one', async function () {
    session = await LspSession.start({ root: copyToTemp(path.join(CASES_DIR, 'c01-missing-basic')) });
    const uri = await session.open('main.bicep', 'bicep');
    await session.waitForDiagnostics(uri, (params) => params.version === 1, 'version 1');
    let last = 1;
    // Each edit adds a line above the identity and lengthens its symbolic name: the line and the columns of its type string move.
    for (let i = 0; i < 20; i++) {
      last = await session.change(uri, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `// edit ${i}\n` },
        { range: { start: { line: 3 + i, character: 9 }, end: { line: 3 + i, character: 9 } }, text: 'x' },
      ]);
    }
    const final = await session.waitForDiagnostics(uri, (params) => params.version === last, `version ${last}`);
    const missing = final.diagnostics.filter((diagnostic) => diagnostic.code === 'isolation-scope-missing');
    assert.equal(missing.length, 1);
    assert.deepEqual(missing[0]?.range, { start: { line: 22, character: 34 }, end: { line: 22, character: 95 } });
    const versions = session.publications(uri).map((params) => params.version ?? 0);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `publications in version order: ${versions.join(', ')}`);
    assert.equal(versions.at(-1), last);
  });

  it('gives JSON that is not an ARM template one empty list and nothing else', async function () {
    session = await LspSession.start({ root: copyToTemp(path.join(CASES_DIR, 'c17-not-templates')) });
    const uri = await session.open('package.json', 'json');
    const published = await session.waitForDiagnostics(uri, () => true, 'the package.json publication');
    assert.deepEqual(published.diagnostics, []);
    await session.change(uri, [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: ' ' }]);
    // A document opened afterwards is analysed after the change above: its publication is the barrier.
    const barrier = await session.open('azuredeploy.parameters.json', 'json');
    await session.waitForDiagnostics(barrier, () => true, 'the barrier publication');
    assert.equal(session.publications(uri).length, 1);
  });

  it('survives broken documents (random bytes, truncated JSON) and keeps answering', async function () {
    session = await LspSession.start({ root: copyToTemp(path.join(CASES_DIR, 'c01-missing-basic')) });
    const random = crypto.randomBytes(4096).toString('latin1');
    const broken = await session.open('broken.bicep', 'bicep', random);
    const truncated = await session.open(
      'truncated.json',
      'json',
      '{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [ { "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "apiVersion": "2023-01-31", "name": "x", "loca',
    );
    const cut = await session.open('cut.bicep', 'bicep', "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {\n  name: 'x'\n  location: 'we");
    for (const uri of [broken, truncated, cut]) await session.waitForDiagnostics(uri, () => true, `a publication for ${uri}`);
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: broken }, position: { line: 0, character: 3 } });
    assert.equal(hover, null);
    const good = await session.open('main.bicep', 'bicep');
    const published = await session.waitForDiagnostics(good, (params) => params.diagnostics.length > 0, 'diagnostics after the broken documents');
    assert.equal(published.diagnostics[0]?.code, 'isolation-scope-missing');
    assert.ok(session.alive);
  });
});
