import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** One change as the client sent it, in offsets of the text before it. */
export interface LoggedChange {
  /** The version the change produced. */
  readonly version: number;
  /** The whole text before the change (the string the document held: no copy). */
  readonly before: string;
  /** Undefined for a change that replaced the whole text. */
  readonly start?: number;
  readonly end?: number;
  readonly text: string;
}

const MAX_LOGGED = 64;

/**
 * The changes of each open document since its last analysis, so that an analysis can tell what an
 * edit touched instead of comparing texts. The documents are updated through `configuration`,
 * one change at a time, since each change's range refers to the text the previous one left.
 */
export class EditLog {
  /** Per document: the version the changes start from (the last one analysed) and the changes since. */
  private readonly logs = new Map<string, { readonly base: number | undefined; readonly changes: LoggedChange[] }>();

  readonly configuration: TextDocumentsConfiguration<TextDocument> = {
    create: (uri, languageId, version, content) => {
      this.logs.delete(uri);
      return TextDocument.create(uri, languageId, version, content);
    },
    update: (document, changes, version) => this.update(document, changes, version),
  };

  /** The changes that led from `version` to `current`, oldest first; undefined when they are not all known. */
  since(uri: string, version: number, current: number): readonly LoggedChange[] | undefined {
    const log = this.logs.get(uri);
    if (log?.base !== version || log.changes.at(-1)?.version !== current) return undefined;
    return log.changes;
  }

  /** `version` has been analysed: the changes before it, and the texts they hold, are no longer needed. */
  forget(uri: string, version: number): void {
    this.logs.set(uri, { base: version, changes: [] });
  }

  close(uri: string): void {
    this.logs.delete(uri);
  }

  private update(document: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): TextDocument {
    let log = this.logs.get(document.uri);
    if (!log) this.logs.set(document.uri, (log = { base: undefined, changes: [] }));
    // Changes nobody analysed (before the server started analysing): too many old texts to keep.
    if (log.changes.length > MAX_LOGGED) this.logs.set(document.uri, (log = { base: undefined, changes: [] }));
    for (const change of changes) {
      const before = document.getText();
      const range = 'range' in change ? { start: document.offsetAt(change.range.start), end: document.offsetAt(change.range.end) } : {};
      log.changes.push({ version, before, ...range, text: change.text });
      TextDocument.update(document, [change], version);
    }
    return document;
  }
}
