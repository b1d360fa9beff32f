import { readFile } from 'node:fs/promises';
import { PROJECT_URL, RULES, SourceFile, type AuditResult } from '../engine';
import { formatJson } from '../cli/format-json';
import { formatSarif } from '../cli/format-sarif';
import { formatText } from '../cli/format-text';
import { Report } from '../cli/report';
import type { WorkspaceReportParams } from './protocol';

/** The last audit as the CLI would print it: the same Report and formatters, paths relative to `root`. */
export async function formatAuditReport(result: AuditResult, params: WorkspaceReportParams, version: string): Promise<string> {
  const report = new Report(result, params.root, await referencedSources(result));
  switch (params.format) {
    case 'text':
      return formatText(report);
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, { version, informationUri: PROJECT_URL, rules: RULES });
  }
}

/** Files that findings point into without having been audited (a related location's): read, so that their lines are right. */
async function referencedSources(result: AuditResult): Promise<SourceFile[]> {
  const audited = new Set(result.files.map((file) => file.path));
  const referenced = new Set(result.findings.flatMap((finding) => [finding.file, ...finding.related.map((related) => related.file)]).filter((file) => !audited.has(file)));
  const sources = await Promise.all(
    [...referenced].map(async (file) => {
      try {
        return new SourceFile(file, await readFile(file, 'utf8'));
      } catch {
        return undefined; // The report then places the finding at the file's start, as the CLI does.
      }
    }),
  );
  return sources.filter((source): source is SourceFile => source !== undefined);
}
