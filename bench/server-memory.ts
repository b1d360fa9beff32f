import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { CorpusFile } from './corpus';
import { fileUri, languageIdOf, LspServer } from './lsp-server';

/** How long a server is left idle before its resident set is read again ("settled"). */
const SETTLE_MILLIS = 3000;

function idle(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

export interface AuditMemory {
  readonly rssBytes: number;
  /** The same, once the server has been idle for SETTLE_MILLIS. */
  readonly settledRssBytes: number;
  readonly auditSeconds: number;
  readonly filesAudited: number;
}

/** The server's resident set right after it answered a workspace audit of the corpus, with no document open. */
export async function rssAfterWorkspaceAudit(corpus: string): Promise<AuditMemory> {
  const server = await LspServer.start(corpus);
  try {
    const start = performance.now();
    const result = await server.auditWorkspace(corpus);
    const rssBytes = server.rssBytes();
    const auditSeconds = (performance.now() - start) / 1000;
    await idle(SETTLE_MILLIS);
    return { rssBytes, settledRssBytes: server.rssBytes(), auditSeconds, filesAudited: result.files };
  } finally {
    await server.stop();
  }
}

export interface OpenMemory {
  readonly rssBytes: number;
  readonly settledRssBytes: number;
  readonly files: number;
  readonly bytes: number;
  readonly secondsToAllDiagnostics: number;
}

/** The server's resident set once each of the largest corpus files is open and has had its first diagnostics. */
export async function rssWithLargestOpen(corpus: string, files: readonly CorpusFile[], count: number): Promise<OpenMemory> {
  const largest = [...files].sort((a, b) => b.bytes - a.bytes).slice(0, count);
  const server = await LspServer.start(corpus);
  try {
    const start = performance.now();
    // One waiter crosses off each file's first publication and takes the one that empties the list.
    const waiting = new Set(largest.map((file) => fileUri(file.path)));
    const allPublished = server.nextPublication((params) => waiting.delete(params.uri) && waiting.size === 0, `${largest.length} open files`);
    for (const file of largest) await server.open(file.path, languageIdOf(file.path), fs.readFileSync(file.path, 'utf8'));
    await allPublished;
    const rssBytes = server.rssBytes();
    const secondsToAllDiagnostics = (performance.now() - start) / 1000;
    await idle(SETTLE_MILLIS);
    return {
      rssBytes,
      settledRssBytes: server.rssBytes(),
      files: largest.length,
      bytes: largest.reduce((sum, file) => sum + file.bytes, 0),
      secondsToAllDiagnostics,
    };
  } finally {
    await server.stop();
  }
}
