import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForFinding } from '../diagnostics';
import { fixtureFile, openInEditor } from '../fixture';

describe('diagnostics of open documents', () => {
  it('reports a missing isolationScope (case c01) as a warning with its rule and documentation', async () => {
    const uri = fixtureFile('editor', 'c01-missing-basic', 'main.bicep');
    await openInEditor(uri);
    const finding = await waitForFinding(uri, 'isolation-scope-missing', 2);
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(typeof finding.code, 'object');
    if (typeof finding.code === 'object') assert.match(finding.code.target.toString(), /docs\/rules\/isolation-scope-missing\.md$/);
  });

  it('reports a Regional identity on a resource in another region (case c04) as an error pointing at the identity', async () => {
    const uri = fixtureFile('editor', 'c04-identity-key-forms', 'main.bicep');
    await openInEditor(uri);
    const finding = await waitForFinding(uri, 'identity-cross-region', 13);
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Error);
    const relatedLines = (finding.relatedInformation ?? []).map((related) => related.location.range.start.line);
    assert.ok(relatedLines.includes(0), `related information should point at the identity on line 1, got lines ${relatedLines.join(', ')}`);
  });
});
