import type { Report } from './report';

/** One line per finding as compilers print them (`path:line:col`, which editors and CI logs link), then problems and a summary. */
export function formatText(report: Report): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    const { line, column } = report.locate(finding.file, finding.range);
    lines.push(`${report.relativePath(finding.file)}:${line}:${column} ${finding.severity} ${finding.message} ${finding.ruleId}`);
  }
  for (const problem of report.problems) lines.push(`${report.relativePath(problem.file)}: ${problem.message}`);
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
}

function summaryLine(report: Report): string {
  const counts = report.severityCounts();
  return (
    `${count(report.findings.length, 'finding')} ` +
    `(${count(counts.error, 'error')}, ${count(counts.warning, 'warning')}, ${counts.info} info) ` +
    `in ${count(report.fileCount, 'file')}; ${count(report.skippedCount, 'file')} skipped; ${count(report.problems.length, 'problem')}`
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
