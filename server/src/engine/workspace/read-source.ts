import { open } from 'node:fs/promises';
import { DEFAULT_MAX_BYTES, overSizeLimit, type FileLimits } from '../model/limits';
import { SourceFile } from '../model/source-file';

export type ReadOutcome = { readonly kind: 'text'; readonly file: SourceFile } | { readonly kind: 'unreadable'; readonly message: string } | { readonly kind: 'binary' };

/** Reads a file as text; binary files (NUL bytes) and files over the limit are told apart, never parsed. */
export async function readSource(filePath: string, limits: FileLimits = {}): Promise<ReadOutcome> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  let read: Bounded;
  try {
    read = await readBounded(filePath, maxBytes);
  } catch (error) {
    return { kind: 'unreadable', message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (read.kind === 'too-large') return { kind: 'unreadable', message: overSizeLimit(maxBytes, read.size) };
  if (read.bytes.subarray(0, 8192).includes(0)) return { kind: 'binary' };
  return { kind: 'text', file: new SourceFile(filePath, read.bytes.toString('utf8')) };
}

/**
 * Reads `files` a few ahead of the one handed on, so that the disk and the CPU work at once; each
 * file is handed to `each` in order, and the next is not handed on before `each` has finished.
 */
export async function readAhead(
  files: readonly string[],
  limits: FileLimits,
  each: (filePath: string, outcome: ReadOutcome) => void | Promise<void>,
  ahead = 16,
): Promise<void> {
  const reads = new Map<number, Promise<ReadOutcome>>();
  const start = (index: number) => {
    const file = files[index];
    if (file !== undefined && !reads.has(index)) reads.set(index, readSource(file, limits));
  };
  for (let index = 0; index < Math.min(ahead, files.length); index++) start(index);
  for (const [index, filePath] of files.entries()) {
    start(index + ahead);
    const outcome = await reads.get(index);
    reads.delete(index);
    if (outcome) await each(filePath, outcome);
  }
}

type Bounded = { readonly kind: 'bytes'; readonly bytes: Buffer } | { readonly kind: 'too-large'; readonly size: number | undefined };

const CHUNK = 64 * 1024;

/**
 * Never more than `maxBytes` + 1 bytes in memory. The size from fstat refuses a large file before
 * any byte is read (a 2 GB file must not cost 2 GB); the bound on the read itself covers files
 * whose stat size is 0 (devices, /proc) and files that grow while they are read.
 */
async function readBounded(filePath: string, maxBytes: number): Promise<Bounded> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return { kind: 'too-large', size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(size + 1 - total, CHUNK), maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return { kind: 'too-large', size: undefined };
      // A regular file reads short only at its end; a file whose stat says 0 reads until a read returns nothing.
      if (bytesRead === 0 || (size > 0 && bytesRead < chunk.length)) break;
    }
    return { kind: 'bytes', bytes: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, total) };
  } finally {
    await handle.close();
  }
}
