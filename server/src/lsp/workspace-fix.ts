import { chooseSafeFixes, readSource, SourceFile, type AuditResult, type FileLimits } from '../engine';
import type { LiveDocuments } from './documents';
import { diskFilesLocator } from './file-texts';
import { editsOf, toWorkspaceEdit } from './fix-plan';
import type { FixAllWorkspaceResult } from './protocol';

/**
 * The safe fixes of the last workspace audit (the client audits just before asking), as one
 * workspace edit. A fix whose file has changed since it was audited is left out: its offsets
 * belong to the old text.
 */
export async function fixAllInWorkspace(
  last: AuditResult | undefined,
  live: LiveDocuments,
  documentChanges: boolean,
  limitsFor: (filePath: string) => FileLimits,
): Promise<FixAllWorkspaceResult> {
  if (!last) return { edit: {}, files: 0, fixes: 0 };
  const audited = new Map(last.files.map((file) => [file.path, file]));
  const fixes = chooseSafeFixes(last.findings);
  const unchanged = new Set<string>();
  for (const file of new Set(fixes.map((fix) => fix.file))) {
    const before = audited.get(file);
    if (before && (await currentText(file, live, limitsFor(file))) === before.text) unchanged.add(file);
  }
  const applicable = fixes.filter((fix) => unchanged.has(fix.file));
  const edits = editsOf(applicable);
  return { edit: toWorkspaceEdit(edits, diskFilesLocator(last.files, live), documentChanges), files: edits.size, fixes: applicable.length };
}

/** The text as the engine sees it (BOM aside): the open document's, else the disk's. */
async function currentText(filePath: string, live: LiveDocuments, limits: FileLimits): Promise<string | undefined> {
  const open = live.openText(filePath);
  if (open !== undefined) return new SourceFile(filePath, open).text;
  const read = await readSource(filePath, limits);
  return read.kind === 'text' ? read.file.text : undefined;
}
