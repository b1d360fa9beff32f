import type { FixAllWorkspaceResult } from '../../../server/src/lsp/protocol';
import { count } from './plural';

export const APPLY_FIXES = 'Apply Fixes';

/** The modal question before workspace-wide fixes; in Restricted Mode it says so. */
export function fixAllConfirmation(plan: Pick<FixAllWorkspaceResult, 'fixes' | 'files'>, trusted: boolean): { message: string; detail: string } {
  const message = `Apply ${count(plan.fixes, 'safe fix', 'safe fixes')} in ${count(plan.files, 'file')}?`;
  const paragraphs = [
    'These are the safe quick fixes of the Problems panel, applied as one edit: Undo reverts all of them, and the files stay unsaved for you to review.',
  ];
  if (!trusted) {
    paragraphs.push('This workspace is in Restricted Mode (you have not trusted its authors). The fixes only change template text, but check them before you deploy.');
  }
  return { message, detail: paragraphs.join('\n\n') };
}
