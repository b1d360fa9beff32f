import type { AuditResult } from '../engine';
import type { FileLocator } from './file-texts';
import type { AuditWorkspaceResult, RuleCounts } from './protocol';

const WORST_FILES = 10;

/** The audit's numbers for the client's summary: totals by severity and by rule, the files with most findings. */
export function summarizeAudit(result: AuditResult, cancelled: boolean, locator: Pick<FileLocator, 'uri'>): AuditWorkspaceResult {
  const totals = emptyCounts();
  const byRule: Record<string, RuleCounts> = {};
  const perFile = new Map<string, number>();
  for (const finding of result.findings) {
    totals[finding.severity]++;
    (byRule[finding.ruleId] ??= emptyCounts())[finding.severity]++;
    perFile.set(finding.file, (perFile.get(finding.file) ?? 0) + 1);
  }
  const worstFiles = [...perFile]
    .sort(([fileA, a], [fileB, b]) => b - a || (fileA < fileB ? -1 : fileA > fileB ? 1 : 0))
    .slice(0, WORST_FILES)
    .map(([file, findings]) => ({ uri: locator.uri(file), findings }));
  return {
    files: result.files.length,
    skipped: result.skipped.length,
    problems: result.problems.length,
    totals,
    byRule,
    worstFiles,
    cancelled,
  };
}

function emptyCounts(): RuleCounts {
  return { error: 0, warning: 0, info: 0 };
}
