import * as vscode from 'vscode';

/** A file of the fixture workspace (scripts/prepare-vscode-fixture.js): root folder name, then the path inside it. */
export function fixtureFile(folderName: 'editor' | 'unopened', ...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.name === folderName);
  if (!folder) throw new Error(`the fixture workspace has no folder '${folderName}': open the workspace the runner prepares`);
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function openInEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

export function isOpen(uri: vscode.Uri): boolean {
  return vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString());
}
