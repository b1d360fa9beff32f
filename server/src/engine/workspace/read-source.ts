import { readFile } from 'node:fs/promises';
import { SourceFile } from '../model/source-file';

export interface ReadLimits {
  /** Larger files are not analysed (default 20 MB). */
  readonly maxBytes?: number;
}

export type ReadOutcome = { readonly kind: 'text'; readonly file: SourceFile } | { readonly kind: 'unreadable'; readonly message: string } | { readonly kind: 'binary' };

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** Reads a file as text; binary files (NUL bytes) and files over the limit are told apart, never parsed. */
export async function readSource(filePath: string, limits: ReadLimits = {}, read: (path: string) => Promise<Buffer> = readFile): Promise<ReadOutcome> {
  let bytes: Buffer;
  try {
    bytes = await read(filePath);
  } catch (error) {
    return { kind: 'unreadable', message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    return { kind: 'unreadable', message: `is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit for analysis` };
  }
  if (bytes.subarray(0, 8192).includes(0)) return { kind: 'binary' };
  return { kind: 'text', file: new SourceFile(filePath, bytes.toString('utf8')) };
}
