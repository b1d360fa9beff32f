import * as path from 'node:path';
import type { AuditResult } from '../engine/audit';
import type { FileProblem, Finding, Severity } from '../engine/model/finding';
import type { Range } from '../engine/model/range';
import type { SourceFile } from '../engine/model/source-file';

/** A range as reports show it: 1-based lines and UTF-16 columns, end exclusive. */
export interface ReportLocation {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type SeverityCounts = Record<Severity, number>;

/** An audit's result ready for the formatters: sorted, with paths relative to the working directory. */
export class Report {
  readonly findings: readonly Finding[];
  readonly problems: readonly FileProblem[];
  readonly fileCount: number;
  readonly skippedCount: number;
  private readonly sources = new Map<string, SourceFile>();

  constructor(
    private readonly result: AuditResult,
    readonly cwd: string,
    /** Files that findings point into without having been analysed (a related location's file, say). */
    extraSources: readonly SourceFile[] = [],
  ) {
    for (const source of [...extraSources, ...result.files]) this.sources.set(source.path, source);
    this.findings = [...result.findings].sort((a, b) => compareFindings(a, b, this));
    this.problems = [...result.problems].sort((a, b) => compareText(this.relativePath(a.file), this.relativePath(b.file)));
    this.fileCount = result.files.length;
    this.skippedCount = result.skipped.length;
  }

  /** The same report with only some of its findings (a baseline filtered the rest). */
  withFindings(findings: readonly Finding[]): Report {
    return new Report({ ...this.result, findings: [...findings] }, this.cwd, [...this.sources.values()]);
  }

  /** The same report with more problems (files --fix could not write). */
  withProblems(problems: readonly FileProblem[]): Report {
    if (problems.length === 0) return this;
    return new Report({ ...this.result, problems: [...this.result.problems, ...problems] }, this.cwd, [...this.sources.values()]);
  }

  source(file: string): SourceFile | undefined {
    return this.sources.get(file);
  }

  /** Relative to the working directory, `/`-separated on every platform. */
  relativePath(file: string): string {
    return path.relative(this.cwd, file).split(path.sep).join('/') || '.';
  }

  /** Where a range is; the file's first character when its text is unknown. */
  locate(file: string, range: Range): ReportLocation {
    const lines = this.sources.get(file)?.lines;
    if (!lines) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const { start, end } = lines.rangeToPositions(range);
    return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }

  severityCounts(): SeverityCounts {
    const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
    for (const finding of this.findings) counts[finding.severity]++;
    return counts;
  }
}

/** Report order: by file, then position, then rule, so that output is the same from run to run. */
export function compareFindings(a: Finding, b: Finding, paths: { relativePath(file: string): string }): number {
  return (
    compareText(paths.relativePath(a.file), paths.relativePath(b.file)) ||
    a.range.start - b.range.start ||
    a.range.end - b.range.end ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.parameterFile ?? '', b.parameterFile ?? '') ||
    compareText(a.message, b.message)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
