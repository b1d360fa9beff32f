import { workspace } from 'vscode';

/**
 * File-system paths of the workspace folders the audit can walk. Folders of a virtual workspace
 * (another URI scheme) have no files on disk for the server to read, so they are left out.
 */
export function foldersOnDisk(): string[] {
  return (workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
}
