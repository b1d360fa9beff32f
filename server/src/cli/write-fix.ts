import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * What happened to one file's fix. `refused`: left alone on purpose (writing it would lose or
 * change bytes the fix does not own); `failed`: the file system said no.
 */
export type WriteOutcome = { readonly kind: 'written' } | { readonly kind: 'refused' | 'failed'; readonly message: string };

/**
 * Writes a fix's new text over `file`, provided the file still holds `readText` (the text, BOM
 * included, that the audit read and the fix was computed from). Never throws.
 *
 * - A symbolic link stays a link: the file it points to is the one written.
 * - A file with one name is replaced atomically (temporary file beside it, then rename), keeping
 *   its mode; a failure leaves it whole. A file with several hard links is written in place
 *   instead, since a rename would split it from its other names; should that write fail, the
 *   bytes read just before are put back.
 * - The file's bytes are compared with `readText` right before the rename (or the in-place
 *   write): a save made meanwhile is never overwritten, and a file that is not valid UTF-8 is
 *   refused, since writing the decoded text back would change bytes no fix touches.
 */
export async function writeFix(file: string, readText: string, newText: string): Promise<WriteOutcome> {
  try {
    const target = await fs.realpath(file);
    const { mode, nlink } = await fs.stat(target);
    return nlink > 1 ? await writeInPlace(target, readText, newText) : await replaceAtomically(target, readText, newText, mode & 0o7777);
  } catch (error) {
    return { kind: 'failed', message: `could not be written: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function replaceAtomically(target: string, readText: string, newText: string, mode: number): Promise<WriteOutcome> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temporary, newText, { mode });
    // writeFile's mode passes through the umask; chmod sets it exactly.
    await fs.chmod(temporary, mode);
    const refusal = refusalFor(await fs.readFile(target), readText);
    if (refusal) {
      await fs.rm(temporary, { force: true });
      return refusal;
    }
    await fs.rename(temporary, target);
    return { kind: 'written' };
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

async function writeInPlace(target: string, readText: string, newText: string): Promise<WriteOutcome> {
  const current = await fs.readFile(target);
  const refusal = refusalFor(current, readText);
  if (refusal) return refusal;
  try {
    await fs.writeFile(target, newText);
    return { kind: 'written' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    try {
      await fs.writeFile(target, current);
    } catch (restoreError) {
      // The file may now be cut short: say so, with both causes.
      return { kind: 'failed', message: `could not be written: ${message}; restoring its content failed too: ${restoreError instanceof Error ? restoreError.message : String(restoreError)}` };
    }
    return { kind: 'failed', message: `could not be written: ${message}` };
  }
}

function refusalFor(current: Buffer, readText: string): WriteOutcome | undefined {
  const decoded = current.toString('utf8');
  if (decoded !== readText) return { kind: 'refused', message: 'not fixed: it changed since it was read (audit it again)' };
  if (!Buffer.from(decoded, 'utf8').equals(current)) {
    return { kind: 'refused', message: 'not fixed: it is not valid UTF-8, and writing it back would change bytes that no fix touches' };
  }
  return undefined;
}
