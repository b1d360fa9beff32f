import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Position as LspPosition, Range as LspRange, TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { Range, SourceFile, TextEdit } from '../engine';

/** Extensions by language id, for documents whose URI has none (`untitled:Untitled-1`). */
const EXTENSION_BY_LANGUAGE: Record<string, string> = {
  bicep: '.bicep',
  'bicep-params': '.bicepparam',
  json: '.json',
  jsonc: '.json',
  'arm-template': '.json',
};

/**
 * The path the engine knows a document by. File URIs become their file-system path; anything else
 * (`untitled:`, a URI no path can name) becomes a pseudo path under its scheme, with the extension
 * of the document's language when it has none (the engine chooses the syntax by extension).
 */
export function documentPath(uri: string, languageId: string): string {
  const url = URL.canParse(uri) ? new URL(uri) : undefined;
  if (url?.protocol === 'file:') {
    try {
      return fileURLToPath(url);
    } catch {
      // An encoded `/` in the path: fall through to the pseudo path.
    }
  }
  const pseudo = url ? path.posix.join('/', url.protocol.replace(/:$/, ''), decodePath(url.pathname)) : path.posix.join('/', uri);
  return path.extname(pseudo) ? pseudo : pseudo + (EXTENSION_BY_LANGUAGE[languageId] ?? '');
}

function decodePath(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

export function fileUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/** Paths of file URIs; undefined for other schemes and for file URIs no path can name. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Converts the engine's offsets (UTF-16 code units into the BOM-less text) to LSP positions
 * (UTF-16 too: the only encoding the server offers). Editors hide a file's BOM, so usually the
 * two agree; a client whose text still starts with U+FEFF counts it as the first character of
 * line 0, and positions on that line shift by one.
 */
export class TextPositions {
  private constructor(
    readonly file: SourceFile,
    private readonly bomColumns: 0 | 1,
  ) {}

  /** The text a client sent: a BOM in it is a character the client counts. */
  static ofEditorText(file: SourceFile): TextPositions {
    return new TextPositions(file, file.hasBom ? 1 : 0);
  }

  /** Text read from disk: the editor that opens it will hide its BOM. */
  static ofDiskText(file: SourceFile): TextPositions {
    return new TextPositions(file, 0);
  }

  position(offset: number): LspPosition {
    const { line, character } = this.file.lines.positionAt(offset);
    return { line, character: line === 0 ? character + this.bomColumns : character };
  }

  range(range: Range): LspRange {
    return { start: this.position(range.start), end: this.position(range.end) };
  }

  offset(position: LspPosition): number {
    const character = position.line === 0 ? Math.max(0, position.character - this.bomColumns) : position.character;
    return this.file.lines.offsetAt({ line: position.line, character });
  }

  textEdit(edit: TextEdit): LspTextEdit {
    return { range: this.range(edit.range), newText: edit.newText };
  }
}

/** Whether two LSP ranges share a position (touching counts: a cursor at a diagnostic's end is on it). */
export function rangesTouch(a: LspRange, b: LspRange): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

function comparePositions(a: LspPosition, b: LspPosition): number {
  return a.line - b.line || a.character - b.character;
}
