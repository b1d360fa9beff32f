import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditPaths, type AuditResult } from '../../server/src/engine/audit';
import { applyEdits } from '../../server/src/engine/fixes/apply-edits';
import type { Finding, Fix } from '../../server/src/engine/model/finding';
import { SourceFile } from '../../server/src/engine/model/source-file';
import { GRAMMARS_DIR } from './paths';

export async function audit(root: string): Promise<AuditResult> {
  return auditPaths([root], { wasmDir: GRAMMARS_DIR });
}

export function lineOf(finding: Finding): number {
  const text = fs.readFileSync(finding.file, 'utf8').replace(/^\uFEFF/, '');
  return text.slice(0, finding.range.start).split(/\r\n|\r|\n/).length;
}

export function findingAt(result: AuditResult, ruleId: string, file: string, line: number): Finding {
  const found = result.findings.find((finding) => finding.ruleId === ruleId && path.basename(finding.file) === file && lineOf(finding) === line);
  assert.ok(found, `expected ${ruleId} at ${file}:${line}; got ${result.findings.map((f) => `${f.ruleId}@${path.basename(f.file)}:${lineOf(f)}`).join(', ')}`);
  return found;
}

/** Applies one fix to the file on disk, as the CLI and the editor do, and returns the new text (with BOM). */
export function applyFixOnDisk(fix: Fix): string {
  const file = new SourceFile(fix.file, fs.readFileSync(fix.file, 'utf8'));
  const text = applyEdits(file, fix.edits);
  fs.writeFileSync(fix.file, text);
  return text;
}

/**
 * The contract every fix keeps: the result still parses (no new problems), its finding is gone,
 * and auditing again offers no fix for that finding any more.
 */
export async function assertFixClears(root: string, finding: Finding, fix: Fix): Promise<{ text: string; after: AuditResult }> {
  const text = applyFixOnDisk(fix);
  const after = await audit(root);
  assert.deepEqual(after.problems, [], 'the fixed template still parses');
  const same = after.findings.filter((f) => f.ruleId === finding.ruleId && f.file === finding.file && lineOf(f) === lineOf(finding));
  assert.deepEqual(same.map((f) => f.message), [], 'the finding is gone');
  return { text, after };
}
