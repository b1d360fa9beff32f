import { Uri, window, workspace } from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { AuditWorkspaceResult } from '../../../server/src/lsp/protocol';
import { summarizeAudit } from './audit-summary';
import { runWorkspaceAudit } from './run-audit';
import { foldersOnDisk } from './workspace-folders';
import { exportSarif, openTextReport } from './workspace-report';

const OPEN_REPORT = 'Open Report';
const EXPORT_SARIF = 'Export SARIF…';

/**
 * "Identity Isolation: Audit Workspace". Resolves with the audit once the server is done, without
 * waiting for the user to answer the summary message (its buttons are handled on their own).
 */
export function auditWorkspaceCommand(client: BaseLanguageClient): () => Promise<AuditWorkspaceResult | undefined> {
  return async () => {
    const result = await runWorkspaceAudit(client, 'Identity isolation: auditing the workspace');
    if (result) void offerReports(client, result, foldersOnDisk());
    return result;
  };
}

async function offerReports(client: BaseLanguageClient, result: AuditWorkspaceResult, folders: string[]): Promise<void> {
  const summary = summarizeAudit(result, (uri) => workspace.asRelativePath(Uri.parse(uri)));
  const buttons = result.files > 0 ? [OPEN_REPORT, EXPORT_SARIF] : [];
  try {
    const choice = await window.showInformationMessage(summary, ...buttons);
    if (choice === OPEN_REPORT) await openTextReport(client, folders);
    if (choice === EXPORT_SARIF) await exportSarif(client, folders);
  } catch (error) {
    void window.showErrorMessage(`Identity isolation: ${error instanceof Error ? error.message : String(error)}`);
  }
}
