import * as assert from 'node:assert/strict';
import { summarizeAudit } from '../../client/src/commands/audit-summary';
import type { AuditWorkspaceResult } from '../../server/src/lsp/protocol';

const NONE = { error: 0, warning: 0, info: 0 };
const baseName = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

function audit(overrides: Partial<AuditWorkspaceResult>): AuditWorkspaceResult {
  return { files: 0, skipped: 0, problems: 0, totals: NONE, byRule: {}, worstFiles: [], cancelled: false, ...overrides };
}

describe('client: audit summary message', () => {
  it('counts by severity and by rule, most first, and names the worst files', () => {
    const result = audit({
      files: 12,
      totals: { error: 1, warning: 3, info: 1 },
      byRule: {
        'isolation-scope-missing': { error: 0, warning: 3, info: 0 },
        'identity-cross-region': { error: 1, warning: 0, info: 0 },
        'isolation-unresolved': { error: 0, warning: 0, info: 1 },
        'isolation-scope-api-version': NONE,
      },
      worstFiles: [
        { uri: 'file:///w/a.bicep', findings: 3 },
        { uri: 'file:///w/b.json', findings: 1 },
        { uri: 'file:///w/c.bicep', findings: 1 },
        { uri: 'file:///w/d.bicep', findings: 1 },
      ],
    });
    assert.equal(
      summarizeAudit(result, baseName),
      'Identity isolation: 12 files audited, 1 error, 3 warnings, 1 info (isolation-scope-missing 3, identity-cross-region 1, isolation-unresolved 1). Most findings: a.bicep (3), b.json (1), c.bicep (1).',
    );
  });

  it('says when nothing was found, what was skipped or unreadable, and when the audit was cancelled', () => {
    assert.equal(summarizeAudit(audit({ files: 1 }), baseName), 'Identity isolation: 1 file audited, no findings.');
    assert.equal(
      summarizeAudit(audit({ files: 3, skipped: 2, problems: 1, cancelled: true }), baseName),
      'Identity isolation: audit cancelled after 3 files, no findings, 2 files skipped, 1 file could not be read or parsed.',
    );
  });
});
