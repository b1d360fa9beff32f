import type { Report } from './report';

/** The stable machine-readable report; `version` changes only when this shape does. */
export function formatJson(report: Report): string {
  const output = {
    version: 1,
    summary: { files: report.fileCount, skipped: report.skippedCount, ...report.severityCounts() },
    findings: report.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      file: report.relativePath(finding.file),
      ...report.locate(finding.file, finding.range),
      parameterFile: finding.parameterFile === null ? null : report.relativePath(finding.parameterFile),
      related: finding.related.map((related) => {
        const { line, column } = report.locate(related.file, related.range);
        return { file: report.relativePath(related.file), line, column, message: related.message };
      }),
    })),
    problems: report.problems.map((problem) => ({ file: report.relativePath(problem.file), message: problem.message })),
  };
  return JSON.stringify(output, null, 2) + '\n';
}
