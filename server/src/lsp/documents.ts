import type { PublishDiagnosticsParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceFile, type Template } from '../engine';
import { documentPath, fileUri, TextPositions } from './convert';
import { filesOf, notAnalysedDiagnostic, toDiagnostic } from './diagnostics';
import type { AnalysedText, TextOutcome } from './document-analysis';
import { analysedState, carriedState, lightenedState, type DocumentState } from './document-state';
import { EditLog } from './edit-log';
import { withFilesFromDisk, type FileLocator } from './file-texts';
import { describeError } from './guard';

export type { DocumentState } from './document-state';

export interface LiveDocumentsHost {
  analyse(filePath: string, text: string): TextOutcome;
  sendDiagnostics(params: PublishDiagnosticsParams): void;
  logError(message: string): void;
}

/**
 * The open documents and their latest analyses. A change schedules one analysis on the next turn
 * of the event loop, which analyses the document's text as it is then: changes applied before it
 * runs share it. There is no timed debounce: the engine re-parses only the declarations an edit
 * touched, and changes that only move text (indentation) carry the previous findings over without
 * analysing (the edit log says what changed). Diagnostics are published only for the version that is still current when they are
 * sent, so a client never receives ranges of an older text after those of a newer one.
 */
/** Open documents whose whole analyses stay in memory for hovers and code actions: the most recently analysed. */
const FULL_ANALYSES_KEPT = 8;

export class LiveDocuments implements FileLocator {
  private readonly states = new Map<string, DocumentState>();
  /**
   * Which state each lightened one replaced, by number (a reference would keep the analysis the
   * lightening lets go): a request still holding the replaced state is not stale.
   */
  private readonly lightenedFrom = new WeakMap<DocumentState, number>();
  private readonly stateNumbers = new WeakMap<DocumentState, number>();
  private nextStateNumber = 0;
  private readonly uriByPath = new Map<string, string>();
  private readonly scheduled = new Set<string>();
  /** Documents whose last publication was an empty list: another empty one would say nothing. */
  private readonly publishedEmpty = new Set<string>();
  /** Documents whose analysis failure was logged: a failure repeats on every keystroke. */
  private readonly failureLogged = new Set<string>();
  private started = false;

  constructor(
    private readonly documents: Pick<TextDocuments<TextDocument>, 'get' | 'all'>,
    private readonly host: LiveDocumentsHost,
    /** The log the documents are updated through; without one, every version is analysed whole. */
    private readonly edits: Pick<EditLog, 'since' | 'forget' | 'close'> = new EditLog(),
  ) {}

  /** Starts analysing (once the settings are known), beginning with the documents already open. */
  start(): void {
    this.started = true;
    this.reanalyseAll();
  }

  /** After a change of settings, of the workspace folders or of files on disk (modules): every open document again. */
  reanalyseAll(): void {
    this.states.clear();
    for (const document of this.documents.all()) this.schedule(document);
  }

  /** After a change: the document, and the open documents whose last analysis read it (as a module). */
  changed(document: TextDocument): void {
    const filePath = this.pathOf(document);
    this.schedule(document);
    // Their versions did not change, but the text they read did: their analyses are stale.
    for (const state of [...this.states.values()]) {
      if (state.uri === document.uri || !readsFile(state, filePath)) continue;
      this.states.delete(state.uri);
      this.scheduleUri(state.uri);
    }
  }

  private schedule(document: TextDocument): void {
    this.uriByPath.set(this.pathOf(document), document.uri);
    this.scheduleUri(document.uri);
  }

  private scheduleUri(uri: string): void {
    if (!this.started || this.scheduled.has(uri)) return;
    this.scheduled.add(uri);
    setImmediate(() => this.run(uri));
  }

  /** The analysis of the document's current version (made now if the scheduled one has not run yet). */
  current(uri: string): DocumentState | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const known = this.states.get(uri);
    if (known?.version === document.version) return known;
    const filePath = this.pathOf(document);
    const text = document.getText();
    const analyse = () => this.host.analyse(filePath, text);
    const changes = known && this.edits.since(uri, known.version, document.version);
    const carried = changes && known ? carriedState(known, document.version, text, changes, analyse) : undefined;
    const state = carried ?? analysedState(uri, filePath, document.version, analyse());
    this.states.delete(uri); // Re-inserted last: the map's order is the order of recent use.
    this.states.set(uri, state);
    this.lightenOlderStates();
    this.edits.forget(uri, document.version);
    if (!state.carried) this.noteFailure(state);
    return state;
  }

  /** Documents past the most recently analysed few keep their findings, not their whole analyses. */
  private lightenOlderStates(): void {
    const older = this.states.size - FULL_ANALYSES_KEPT;
    if (older <= 0) return;
    let index = 0;
    const host = this.host;
    const analyse = (filePath: string, text: string) => host.analyse(filePath, text);
    for (const [uri, state] of this.states) {
      if (index++ >= older) break;
      // Read by the getter only if its analysis was made; a lightened or carried state stays as it is.
      if (state.carried || this.lightenedFrom.has(state)) continue;
      const lightened = lightenedState(state, analyse);
      this.lightenedFrom.set(lightened, this.numberOf(state));
      this.states.set(uri, lightened);
    }
  }

  private numberOf(state: DocumentState): number {
    let number = this.stateNumbers.get(state);
    if (number === undefined) {
      number = this.nextStateNumber++;
      this.stateNumbers.set(state, number);
    }
    return number;
  }

  /** Forgets a closed document; returns its path so the caller can decide what the file shows now. */
  close(document: TextDocument): string {
    const filePath = this.pathOf(document);
    this.states.delete(document.uri);
    this.scheduled.delete(document.uri);
    this.publishedEmpty.delete(document.uri);
    this.failureLogged.delete(document.uri);
    this.edits.close(document.uri);
    if (this.uriByPath.get(filePath) === document.uri) this.uriByPath.delete(filePath);
    return filePath;
  }

  /** Whether an analysis is still the one for the document's text (and for the files it read). */
  isLatest(state: DocumentState): boolean {
    const known = this.states.get(state.uri);
    const same = known === state || (known !== undefined && this.lightenedFrom.get(known) === this.numberOf(state));
    return same && this.documents.get(state.uri)?.version === state.version;
  }

  isOpen(filePath: string): boolean {
    return this.documentAt(filePath) !== undefined;
  }

  /** The open document's text, for the workspace audit (the open text wins over the disk). */
  openText(filePath: string): string | undefined {
    return this.documentAt(filePath)?.getText();
  }

  /** An open template's current analysis, for modules that load it (the editor's text, not the disk's). */
  openTemplate(filePath: string): { file: SourceFile; template: Template } | undefined {
    const uri = this.uriByPath.get(filePath);
    const state = uri === undefined ? undefined : this.states.get(uri);
    return state && this.isLatest(state) ? analysedText(state) : undefined;
  }

  positions(filePath: string): TextPositions | undefined {
    const document = this.documentAt(filePath);
    if (!document) return undefined;
    const state = this.states.get(document.uri);
    return TextPositions.ofEditorText((state?.version === document.version ? state.file : undefined) ?? new SourceFile(filePath, document.getText()));
  }

  uri(filePath: string): string {
    return this.uriByPath.get(filePath) ?? fileUri(filePath);
  }

  version(filePath: string): number | null {
    return this.documentAt(filePath)?.version ?? null;
  }

  private documentAt(filePath: string): TextDocument | undefined {
    const uri = this.uriByPath.get(filePath);
    return uri === undefined ? undefined : this.documents.get(uri);
  }

  private pathOf(document: TextDocument): string {
    return documentPath(document.uri, document.languageId);
  }

  private run(uri: string): void {
    this.scheduled.delete(uri);
    const state = this.current(uri);
    if (state) this.publish(state).catch((error: unknown) => this.host.logError(`Cannot publish diagnostics for ${uri}: ${describeError(error)}`));
  }

  private async publish(state: DocumentState): Promise<void> {
    const findings = state.findings;
    // A carried-over state always comes from an analysed one: asking it for its outcome would analyse.
    const notAnalysed = state.carried ? undefined : notAnalysedDiagnostic(state.outcome, state.version);
    if (notAnalysed) {
      this.publishedEmpty.delete(state.uri);
      this.host.sendDiagnostics({ uri: state.uri, version: state.version, diagnostics: [notAnalysed] });
      return;
    }
    if (findings.length === 0) {
      if (this.publishedEmpty.has(state.uri)) return;
      this.publishedEmpty.add(state.uri);
      this.host.sendDiagnostics({ uri: state.uri, version: state.version, diagnostics: [] });
      return;
    }
    const locator = await withFilesFromDisk(this, filesOf(findings));
    // Reading another file's text may have let newer changes in: their own analysis publishes.
    if (!this.isLatest(state)) return;
    this.publishedEmpty.delete(state.uri);
    this.host.sendDiagnostics({ uri: state.uri, version: state.version, diagnostics: findings.map((finding) => toDiagnostic(finding, locator, state.version)) });
  }

  private noteFailure(state: DocumentState): void {
    if (state.outcome.kind === 'quiet' && state.outcome.reason === 'failed') {
      if (this.failureLogged.has(state.uri)) return;
      this.failureLogged.add(state.uri);
      this.host.logError(`Cannot analyse ${state.uri} (version ${state.version}); it gets no diagnostics until an edit analyses cleanly: ${describeError(state.outcome.error)}`);
    } else {
      this.failureLogged.delete(state.uri);
    }
  }
}

/** Whether an analysis read a file besides its own: a module it loaded (the engine evaluates each file it reads). */
function readsFile(state: DocumentState, filePath: string): boolean {
  return state.reads.has(filePath);
}

export function analysedText(state: DocumentState | undefined): AnalysedText | undefined {
  return state?.outcome.kind === 'analysed' ? state.outcome.analysis : undefined;
}
