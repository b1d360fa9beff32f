import { applyEdits } from '../engine/fixes/apply-edits';
import { chooseSafeFixes } from '../engine/fixes/choose-fixes';
import type { FileProblem, Finding, TextEdit } from '../engine/model/finding';
import type { SourceFile } from '../engine/model/source-file';
import { writeFix } from './write-fix';

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

export interface WriteReport {
  /** Fixes written. */
  readonly written: readonly FileFix[];
  /** One per file not written: refused (it changed, or is not UTF-8) or failed. */
  readonly problems: readonly FileProblem[];
  /** Whether a write failed (rather than being refused on purpose). */
  readonly failed: boolean;
}

/** Writes each file's fix; a file that cannot be written is a problem of its own and the others are still written. */
export async function writeFixes(fixes: readonly FileFix[]): Promise<WriteReport> {
  const written: FileFix[] = [];
  const problems: FileProblem[] = [];
  let failed = false;
  for (const fix of fixes) {
    const outcome = await writeFix(fix.source.path, fix.source.withBom(fix.source.text), fix.newText);
    if (outcome.kind === 'written') {
      written.push(fix);
    } else {
      problems.push({ file: fix.source.path, message: outcome.message });
      failed ||= outcome.kind === 'failed';
    }
  }
  return { written, problems, failed };
}
