import { TextDocumentEdit, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Fix, TextEdit } from '../engine';
import type { FileLocator } from './file-texts';

/** Engine edits per absolute file path, in the order they were chosen. */
export type FileEdits = ReadonlyMap<string, readonly TextEdit[]>;

export function editsOf(fixes: readonly Fix[]): FileEdits {
  const byFile = new Map<string, TextEdit[]>();
  for (const fix of fixes) byFile.set(fix.file, [...(byFile.get(fix.file) ?? []), ...fix.edits]);
  return byFile;
}

/**
 * Engine edits as an LSP workspace edit. With `documentChanges`, each file names the version the
 * edits were computed for (null for a file that is not open), so a client rejects them once the
 * document has moved on. A file whose text is unknown is left out rather than edited blindly.
 */
export function toWorkspaceEdit(edits: FileEdits, locator: FileLocator, documentChanges: boolean): WorkspaceEdit {
  const converted: { uri: string; version: number | null; edits: LspTextEdit[] }[] = [];
  for (const [file, fileEdits] of edits) {
    const positions = locator.positions(file);
    if (!positions || fileEdits.length === 0) continue;
    converted.push({ uri: locator.uri(file), version: locator.version(file), edits: fileEdits.map((edit) => positions.textEdit(edit)) });
  }
  if (documentChanges) return { documentChanges: converted.map(({ uri, version, edits: lspEdits }) => TextDocumentEdit.create({ uri, version }, lspEdits)) };
  return { changes: Object.fromEntries(converted.map(({ uri, edits: lspEdits }) => [uri, lspEdits])) };
}
