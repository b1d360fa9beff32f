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
  /** The p95 of the edits that change a string's content (every other edit), and of the blank edits. */
  readonly contentP95Ms: number;
  readonly blankP95Ms: number;
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
 * Opens one document in a fresh server and types into it, alternating two kinds of edit on lines
 * chosen evenly over the whole file, each sent once the diagnostics of the previous version
 * arrived. Latency runs from sending the didChange to receiving the publishDiagnostics of that
 * version. Even edits insert or delete one blank of indentation: they keep the meaning, and the
 * server may carry its findings over. Odd edits insert a letter at the end of the last string on
 * the line (a name, a location, a type, a value): they change the meaning, and the server must analyse
 * again. Both kinds count in p50 and p95, so a shortcut for one kind cannot hide the other's cost.
 * While there are more candidate lines than edits no line is edited twice: no two versions share a
 * text, so no cache by content answers an edit for free.
 */
export async function typeInto(session: TypingSession): Promise<TypingResult> {
  const server = await LspServer.start(session.root);
  try {
    const lines = session.text.split('\n');
    const indented = lines.flatMap((line, index) => (/^[ \t]+\S/.test(line) ? [index] : []));
    const quoted = lines.flatMap((line, index) => (stringEditOffset(line) === undefined ? [] : [index]));
    if (indented.length === 0 || quoted.length === 0) throw new Error(`${session.filePath} has no indented line or no string to edit`);
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
    const contentMs: number[] = [];
    const blankMs: number[] = [];
    for (let edit = 0; edit < session.edits; edit++) {
      const content = edit % 2 === 1;
      const candidates = content ? quoted : indented;
      const line = candidates[Math.floor(((edit + 0.5) * candidates.length) / session.edits)] ?? 0;
      const change = content ? stringEdit(lines, line) : indentationEdit(lines, line, edit % 4 === 0);
      const published = publicationOf(uri, ++version);
      const sentAt = performance.now();
      await server.change(uri, version, change);
      const latency = (await published).receivedAt - sentAt;
      latenciesMs.push(latency);
      (content ? contentMs : blankMs).push(latency);
    }
    return {
      latenciesMs,
      p50Ms: percentile(latenciesMs, 0.5),
      p95Ms: percentile(latenciesMs, 0.95),
      contentP95Ms: percentile(contentMs, 0.95),
      blankP95Ms: percentile(blankMs, 0.95),
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

/**
 * Where a letter goes into the line's last quoted string ('…' in Bicep, "…" in JSON): before its
 * closing quote, so that a value changes and a JSON key or a `$schema` keeps its meaning (a file
 * that stopped being a template would stop publishing). Undefined for a line without such a string.
 */
function stringEditOffset(line: string): number | undefined {
  if (line.includes('$schema')) return undefined;
  const quote = /'[^'\n]*'\s*,?\s*$|"[^"\n]*"\s*,?\s*$/.exec(line);
  if (!quote) return undefined;
  return line.lastIndexOf(quote[0].trimEnd().replace(/,$/, '').slice(-1));
}

/** Inserts a letter at the end of the last string on `lines[line]`; updates `lines` to match. */
function stringEdit(lines: string[], line: number): TextDocumentContentChangeEvent {
  const text = lines[line] ?? '';
  const character = stringEditOffset(text) ?? 0;
  lines[line] = `${text.slice(0, character)}k${text.slice(character)}`;
  return { range: { start: { line, character }, end: { line, character } }, text: 'k' };
}
