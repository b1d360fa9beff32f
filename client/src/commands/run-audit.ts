import { window } from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { AuditWorkspaceResult } from '../../../server/src/lsp/protocol';
import { AuditWorkspaceRequest } from '../requests';
import { withServerProgress } from './server-progress';
import { foldersOnDisk } from './workspace-folders';

/**
 * Audits every workspace folder on disk (all of them in a multi-root workspace); the server
 * publishes the findings to the Problems panel, opened files or not. Undefined when there is
 * nothing to audit or the user cancelled before the server answered.
 */
export async function runWorkspaceAudit(client: BaseLanguageClient, title: string): Promise<AuditWorkspaceResult | undefined> {
  const folders = foldersOnDisk();
  if (folders.length === 0) {
    void window.showWarningMessage('Identity isolation: the workspace audit reads files on disk, and this workspace has no folder on disk. Open documents are still analysed.');
    return undefined;
  }
  const result = await withServerProgress(client, title, async (workDoneToken, cancellation): Promise<AuditWorkspaceResult | null> => {
    try {
      // Cancelled while in flight, the client answers null instead of waiting for the server.
      return await client.sendRequest(AuditWorkspaceRequest, { folders, workDoneToken }, cancellation);
    } catch (error) {
      // Cancelled before it was sent, the request fails instead: that is no error to show.
      if (cancellation.isCancellationRequested) return null;
      throw error;
    }
  });
  return result ?? undefined;
}
