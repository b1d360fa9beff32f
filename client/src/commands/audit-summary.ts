import type { AuditWorkspaceResult, RuleCounts } from '../../../server/src/lsp/protocol';
import { count } from './plural';

/** How many of the worst files the one-line summary names (the server sends up to ten). */
const WORST_FILES_SHOWN = 3;

/**
 * The message shown after a workspace audit: files, findings by severity and by rule, and the
 * files with the most findings. `describeFile` turns a file URI into a workspace-relative name.
 */
export function summarizeAudit(result: AuditWorkspaceResult, describeFile: (uri: string) => string): string {
  const files = count(result.files, 'file');
  const parts = [`Identity isolation: ${result.cancelled ? `audit cancelled after ${files}` : `${files} audited`}`];
  const total = result.totals.error + result.totals.warning + result.totals.info;
  parts.push(total === 0 ? 'no findings' : `${describeSeverities(result.totals)} (${describeRules(result.byRule)})`);
  if (result.skipped > 0) parts.push(`${count(result.skipped, 'file')} skipped`);
  if (result.problems > 0) parts.push(`${count(result.problems, 'file')} could not be read or parsed`);
  let summary = `${parts.join(', ')}.`;
  const worst = result.worstFiles.filter((file) => file.findings > 0).slice(0, WORST_FILES_SHOWN);
  if (worst.length > 0) summary += ` Most findings: ${worst.map((file) => `${describeFile(file.uri)} (${file.findings})`).join(', ')}.`;
  return summary;
}

function describeSeverities(totals: RuleCounts): string {
  const parts = [count(totals.error, 'error'), count(totals.warning, 'warning'), `${totals.info} info`];
  return parts.filter((part) => !part.startsWith('0 ')).join(', ');
}

/** Rules with findings, most first; ties by id so the message is stable. */
function describeRules(byRule: Record<string, RuleCounts>): string {
  return Object.entries(byRule)
    .map(([rule, counts]) => ({ rule, total: counts.error + counts.warning + counts.info }))
    .filter((entry) => entry.total > 0)
    .sort((a, b) => b.total - a.total || a.rule.localeCompare(b.rule))
    .map((entry) => `${entry.rule} ${entry.total}`)
    .join(', ');
}
