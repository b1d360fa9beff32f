import { window, workspace } from 'vscode';
import type { BaseLanguageClient, WorkspaceEdit } from 'vscode-languageclient';
import { FixAllWorkspaceRequest } from '../requests';
import { APPLY_FIXES, fixAllConfirmation } from './fix-all-confirmation';
import { count } from './plural';
import { runWorkspaceAudit } from './run-audit';

/**
 * "Identity Isolation: Fix All in Workspace". Audits first, so the fixes match the files as they
 * are now, always asks before changing anything (trusted workspace or not), and applies every
 * fix as one workspace edit. Resolves with whether fixes were applied.
 */
export function fixAllWorkspaceCommand(client: BaseLanguageClient): () => Promise<boolean> {
  return async () => {
    const audit = await runWorkspaceAudit(client, 'Identity isolation: looking for safe fixes');
    if (!audit || audit.cancelled) return false;
    const plan = await client.sendRequest(FixAllWorkspaceRequest);
    if (plan.fixes === 0) {
      void window.showInformationMessage('Identity isolation: no safe fixes to apply.');
      return false;
    }
    const { message, detail } = fixAllConfirmation(plan, workspace.isTrusted);
    if ((await window.showWarningMessage(message, { modal: true, detail }, APPLY_FIXES)) !== APPLY_FIXES) return false;
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(plan.edit as WorkspaceEdit);
    if (!(await workspace.applyEdit(edit))) {
      void window.showErrorMessage('Identity isolation: the fixes could not be applied (a file changed meanwhile?). Run the command again.');
      return false;
    }
    void window.showInformationMessage(`Identity isolation: applied ${count(plan.fixes, 'fix', 'fixes')} in ${count(plan.files, 'file')}. Review, then save.`);
    return true;
  };
}
