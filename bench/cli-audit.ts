import { CLI_JS, REPO_ROOT } from './paths';
import { runMeasured } from './peak-rss';

export interface AuditRun {
  readonly seconds: number;
  readonly peakRssBytes: number;
  readonly peakRssSource: string;
  /** From the report: templates analysed, and findings of every severity. */
  readonly files: number;
  readonly findings: number;
}

interface JsonReportSummary {
  readonly summary: { readonly files: number; readonly error: number; readonly warning: number; readonly info: number };
}

/** One `identity-isolation audit` of a folder in its own process, as a user runs it; the JSON report is read back to check it audited. */
export async function auditFolder(folder: string, jobs?: number): Promise<AuditRun> {
  const args = [CLI_JS, 'audit', folder, '--format', 'json', '--fail-on', 'none', '--include-generated', ...(jobs === undefined ? [] : ['--jobs', String(jobs)])];
  const run = await runMeasured(args, REPO_ROOT);
  if (run.exitCode !== 0) throw new Error(`audit of ${folder} exited with ${String(run.exitCode)}:\n${run.stderr.slice(-2000)}`);
  const { summary } = JSON.parse(run.stdout) as JsonReportSummary;
  return {
    seconds: run.milliseconds / 1000,
    peakRssBytes: run.peakRssBytes,
    peakRssSource: run.peakRssSource,
    files: summary.files,
    findings: summary.error + summary.warning + summary.info,
  };
}
