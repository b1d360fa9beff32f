import { readFile } from 'node:fs/promises';
import { SourceFile } from '../engine';
import { TextPositions } from './convert';

/** Where diagnostics, related locations and edits point: a file's URI, its positions, its open version. */
export interface FileLocator {
  /** Undefined when the file's text is not known (not open, not read). */
  positions(filePath: string): TextPositions | undefined;
  uri(filePath: string): string;
  /** The open document's version; null for a file that is not open. */
  version(filePath: string): number | null;
}

/**
 * A locator that also knows the files in `paths` that `base` does not, read from disk. Findings
 * rarely point outside their own document, so the usual call reads nothing and resolves at once.
 */
export async function withFilesFromDisk(base: FileLocator, paths: Iterable<string>): Promise<FileLocator> {
  const missing = [...new Set(paths)].filter((filePath) => !base.positions(filePath));
  if (missing.length === 0) return base;
  const read = new Map<string, TextPositions>();
  await Promise.all(
    missing.map(async (filePath) => {
      try {
        read.set(filePath, TextPositions.ofDiskText(new SourceFile(filePath, await readFile(filePath, 'utf8'))));
      } catch {
        // Unreadable (deleted, a pseudo path): locations in it fall back to the file's start.
      }
    }),
  );
  return {
    positions: (filePath) => base.positions(filePath) ?? read.get(filePath),
    uri: (filePath) => base.uri(filePath),
    version: (filePath) => base.version(filePath),
  };
}

/** A locator over a fixed set of texts (an audit's files), for files that are not open. */
export function diskFilesLocator(files: Iterable<SourceFile>, open: FileLocator): FileLocator {
  const known = new Map<string, TextPositions>();
  for (const file of files) known.set(file.path, TextPositions.ofDiskText(file));
  return {
    positions: (filePath) => open.positions(filePath) ?? known.get(filePath),
    uri: (filePath) => open.uri(filePath),
    version: (filePath) => open.version(filePath),
  };
}
