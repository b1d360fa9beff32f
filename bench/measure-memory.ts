import type { CorpusFile } from './corpus';
import type { BenchOptions } from './options';
import type { Results } from './results';
import { MB, round } from './stats';
import { rssAfterWorkspaceAudit, rssWithLargestOpen } from './server-memory';

const LARGEST_OPEN = 50;

/** The language server's resident set after a workspace audit, and with the largest files open. */
export async function measureMemory(options: BenchOptions, files: readonly CorpusFile[], results: Results): Promise<void> {
  await results.attempt('server_rss_mb_after_audit', async () => {
    const audited = await rssAfterWorkspaceAudit(options.corpus);
    results.detail('server_after_audit', audited);
    results.metric('server_rss_mb_after_audit', audited.rssBytes / MB, `VmRSS once auditWorkspace answered: ${audited.filesAudited} files in ${round(audited.auditSeconds)} s; ${round(audited.settledRssBytes / MB)} MB after 3 s idle`);
  });
  await results.attempt('server_rss_mb_50_open', async () => {
    const open = await rssWithLargestOpen(options.corpus, files, LARGEST_OPEN);
    results.detail('server_50_open', open);
    results.metric('server_rss_mb_50_open', open.rssBytes / MB, `VmRSS with the ${open.files} largest files open (${round(open.bytes / MB)} MB), all diagnosed in ${round(open.secondsToAllDiagnostics)} s; ${round(open.settledRssBytes / MB)} MB after 3 s idle`);
  });
}
