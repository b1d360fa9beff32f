import * as path from 'node:path';
import { Uri, window, workspace } from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { WorkspaceReportRequest } from '../requests';
import { reportRoot } from './report-root';

/** The last audit's text report (the CLI's format) in a new untitled editor. */
export async function openTextReport(client: BaseLanguageClient, folders: readonly string[]): Promise<void> {
  const { content } = await client.sendRequest(WorkspaceReportRequest, { format: 'text', root: reportRoot(folders) });
  const document = await workspace.openTextDocument({ language: 'plaintext', content });
  await window.showTextDocument(document);
}

/** Writes the last audit as SARIF 2.1.0 (for code-scanning upload) where the user chooses. */
export async function exportSarif(client: BaseLanguageClient, folders: readonly string[]): Promise<void> {
  const root = reportRoot(folders);
  const target = await window.showSaveDialog({
    title: 'Export Identity Isolation SARIF',
    saveLabel: 'Export',
    defaultUri: Uri.file(path.join(root, 'identity-isolation.sarif')),
    filters: { SARIF: ['sarif'], JSON: ['json'] },
  });
  if (!target) return;
  const { content } = await client.sendRequest(WorkspaceReportRequest, { format: 'sarif', root });
  await workspace.fs.writeFile(target, new TextEncoder().encode(content));
  void window.showInformationMessage(`Identity isolation: SARIF written to ${workspace.asRelativePath(target)}.`);
}
