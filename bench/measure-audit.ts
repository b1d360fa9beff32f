import * as fs from 'node:fs';
import { auditFolder, type AuditRun } from './cli-audit';
import { templateFiles, totalBytes, writePerturbedCopies, type CorpusFile } from './corpus';
import { naiveParse } from './naive-parse';
import type { BenchOptions } from './options';
import type { Results } from './results';
import { MB, round } from './stats';

/** Throughput of the CLI audit at 1× and at N× the corpus, against tree-sitter and jsonc-parser alone, and with 1 and 2 jobs. */
export async function measureAudit(options: BenchOptions, files: readonly CorpusFile[], results: Results): Promise<void> {
  const bytes = totalBytes(files);
  const naive = await naiveParse(files);
  results.detail('naive_parse', { ...naive, files: files.length, bytes });

  // The 1× audit is short enough to repeat: its median steadies the ratios built on it.
  const runs: AuditRun[] = [];
  for (let run = 0; run < (options.quick ? 1 : 3); run++) runs.push(await auditFolder(options.corpus));
  const baseline = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)] as AuditRun;
  results.detail('audit_1x', { runsSeconds: runs.map((run) => run.seconds), median: baseline, files: files.length, bytes });
  results.metric(
    'audit_over_naive_parse',
    baseline.seconds / naive.seconds,
    `audit ${throughput(baseline.seconds, files.length, bytes)} (median of ${runs.length}); naive parse ${throughput(naive.seconds, files.length, bytes)} (Bicep ${round(naive.bicepSeconds)} s, JSON ${round(naive.jsonSeconds)} s)`,
  );
  results.metric('audit_files_per_s_1x', files.length / baseline.seconds, `${files.length} files (${baseline.files} analysed, the rest not templates), ${baseline.findings} findings`);
  results.metric('audit_mb_per_s_1x', bytes / MB / baseline.seconds, `${round(bytes / MB)} MB`);
  results.metric('cli_peak_rss_mb_1x', baseline.peakRssBytes / MB, baseline.peakRssSource);

  if (options.copies === 0) {
    results.notMeasured(`scale_Nx_over_1x`, '--copies 0');
    results.notMeasured('parallel_speedup_2_cores', '--copies 0');
    return;
  }
  await results.attempt(`scale_${options.copies}x_over_1x`, () => measureScaled(options, baseline, results));
}

async function measureScaled(options: BenchOptions, baseline: AuditRun, results: Results): Promise<void> {
  const n = options.copies;
  const folder = writePerturbedCopies(options.corpus, n);
  try {
    const files = templateFiles(folder);
    const bytes = totalBytes(files);
    const scaled = await auditFolder(folder);
    const oneJob = await auditFolder(folder, 1);
    const twoJobs = await auditFolder(folder, 2);
    // Perturbing only whitespace keeps every finding: a different count means a copy was not audited as the original was.
    const sameFindings = scaled.findings === n * baseline.findings;
    results.detail(`audit_${n}x`, { default: scaled, jobs1: oneJob, jobs2: twoJobs, files: files.length, bytes, findingsAreNTimes1x: sameFindings });
    results.metric(
      `scale_${n}x_over_1x`,
      scaled.seconds / baseline.seconds,
      `${n}× ${throughput(scaled.seconds, files.length, bytes)}; ${scaled.findings} findings${sameFindings ? ` = ${n} × ${baseline.findings}` : ` (expected ${n * baseline.findings})`}`,
    );
    results.metric(`audit_files_per_s_${n}x`, files.length / scaled.seconds, `${files.length} files`);
    results.metric(`audit_mb_per_s_${n}x`, bytes / MB / scaled.seconds, `${round(bytes / MB)} MB`);
    results.metric('parallel_speedup_2_cores', oneJob.seconds / twoJobs.seconds, `${n}× corpus: --jobs 1 ${round(oneJob.seconds)} s, --jobs 2 ${round(twoJobs.seconds)} s`);
    results.metric(`cli_peak_rss_mb_${n}x`, scaled.peakRssBytes / MB, `${scaled.peakRssSource}; --jobs 1 ${round(oneJob.peakRssBytes / MB)} MB, --jobs 2 ${round(twoJobs.peakRssBytes / MB)} MB`);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function throughput(seconds: number, files: number, bytes: number): string {
  return `${round(seconds)} s = ${round(files / seconds)} files/s, ${round(bytes / MB / seconds)} MB/s`;
}
