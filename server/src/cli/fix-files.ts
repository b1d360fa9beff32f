import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits } from '../engine/fixes/apply-edits';
import { chooseSafeFixes } from '../engine/fixes/choose-fixes';
import type { Finding, TextEdit } from '../engine/model/finding';
import type { SourceFile } from '../engine/model/source-file';

export interface FileFix {
  readonly source: SourceFile;
  /** The file's full new content, BOM included. */
  readonly newText: string;
  readonly fixCount: number;
}

/** What `--fix` writes: the engine's choice of safe fixes, applied file by file. */
export function planFixes(findings: readonly Finding[], sourceOf: (file: string) => SourceFile | undefined): FileFix[] {
  const chosen = new Map<string, { source: SourceFile; edits: TextEdit[]; fixCount: number }>();
  for (const fix of chooseSafeFixes(findings)) {
    const source = sourceOf(fix.file);
    if (!source) continue;
    const plan = chosen.get(fix.file) ?? { source, edits: [], fixCount: 0 };
    plan.edits.push(...fix.edits);
    plan.fixCount++;
    chosen.set(fix.file, plan);
  }
  return [...chosen.values()]
    .map(({ source, edits, fixCount }) => ({ source, newText: applyEdits(source, edits), fixCount }))
    .filter((plan) => plan.newText !== plan.source.withBom(plan.source.text));
}

/** Replaces a file's content in one step (temp file in the same folder, then rename), keeping its mode. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const { mode } = await fs.stat(file);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temporary, text, { mode: mode & 0o7777 });
    await fs.chmod(temporary, mode & 0o7777);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
