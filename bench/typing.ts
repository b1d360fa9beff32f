import { performance } from 'node:perf_hooks';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { fileUri, languageIdOf, LspServer } from './lsp-server';
import { percentile } from './stats';

export interface TypingSession {
  /** The server's workspace folder. */
  readonly root: string;
  readonly filePath: string;
  readonly text: string;
  readonly edits: number;
}

export interface TypingResult {
  readonly latenciesMs: number[];
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly lines: number;
  readonly bytes: number;
  /** Whether the probe identity was appended (the text alone has no findings). */
  readonly probeAppended: boolean;
}

/**
 * The server publishes an empty list once and then stays silent while a document has no findings,
 * so a file without findings would never answer an edit. Such a file gets this identity (no
 * isolationScope: one finding) appended before the timed edits.
 */
const PROBE = `

resource benchProbeIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'bench-probe'
  location: 'westeurope'
}
`;

/**
 * Opens one document in a fresh server and types into it: each edit inserts or deletes one
 * blank of indentation on a line chosen evenly over the whole file, and is sent once the
 * diagnostics of the previous version arrived. Latency runs from sending the didChange to
 * receiving the publishDiagnostics of that version. Indentation keeps every version's meaning (so
 * the findings, and with them the publications, continue), and while there are more indented lines
 * than edits no line is edited twice: no two versions share a text, so no cache by content answers
 * an edit for free.
 */
export async function typeInto(session: TypingSession): Promise<TypingResult> {
  const server = await LspServer.start(session.root);
  try {
    const lines = session.text.split('\n');
    const indented = lines.flatMap((line, index) => (/^[ \t]+\S/.test(line) ? [index] : []));
    if (indented.length === 0) throw new Error(`${session.filePath} has no indented line to edit`);
    let version = 1;
    const publicationOf = (uri: string, wanted: number) =>
      server.nextPublication((params) => params.uri === uri && params.version === wanted, `${session.filePath} version ${wanted}`);

    const uri = fileUri(session.filePath);
    const first = publicationOf(uri, version);
    await server.open(session.filePath, languageIdOf(session.filePath), session.text);
    const opened = await first;
    const probeAppended = opened.params.diagnostics.length === 0;
    if (probeAppended) {
      if (!session.filePath.endsWith('.bicep')) throw new Error(`${session.filePath} has no findings: the server publishes nothing per edit`);
      const end = { line: lines.length - 1, character: (lines.at(-1) ?? '').length };
      const probed = publicationOf(uri, ++version);
      await server.change(uri, version, { range: { start: end, end }, text: PROBE });
      if ((await probed).params.diagnostics.length === 0) throw new Error(`${session.filePath}: the probe identity found nothing`);
    }

    const latenciesMs: number[] = [];
    for (let edit = 0; edit < session.edits; edit++) {
      const line = indented[Math.floor(((edit + 0.5) * indented.length) / session.edits)] ?? 0;
      const change = indentationEdit(lines, line, edit % 2 === 0);
      const published = publicationOf(uri, ++version);
      const sentAt = performance.now();
      await server.change(uri, version, change);
      latenciesMs.push((await published).receivedAt - sentAt);
    }
    return {
      latenciesMs,
      p50Ms: percentile(latenciesMs, 0.5),
      p95Ms: percentile(latenciesMs, 0.95),
      lines: lines.length,
      bytes: Buffer.byteLength(session.text),
      probeAppended,
    };
  } finally {
    await server.stop();
  }
}

/** Inserts a blank at the start of `lines[line]`, or deletes its first blank; updates `lines` to match. */
function indentationEdit(lines: string[], line: number, insert: boolean): TextDocumentContentChangeEvent {
  const text = lines[line] ?? '';
  // A line whose indentation earlier edits used up gets a blank instead (only when edits outnumber lines).
  if (insert || !/^[ \t]/.test(text)) {
    lines[line] = ` ${text}`;
    return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' };
  }
  lines[line] = text.slice(1);
  return { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' };
}
