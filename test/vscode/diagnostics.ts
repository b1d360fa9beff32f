import * as vscode from 'vscode';
import { PRODUCT_NAME } from '../../server/src/lsp/protocol';
import { waitFor } from './wait-for';

export function ruleOf(diagnostic: vscode.Diagnostic): string {
  return typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
}

/** Our server's diagnostics for one file, as the Problems panel has them. */
export function findingsOf(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === PRODUCT_NAME && (rule === undefined || ruleOf(diagnostic) === rule));
}

/** Waits for a finding of `rule` on a 0-based line. */
export function waitForFinding(uri: vscode.Uri, rule: string, line: number): Promise<vscode.Diagnostic> {
  return waitFor(`${rule} on line ${line + 1} of ${uri.path}`, () => findingsOf(uri, rule).find((diagnostic) => diagnostic.range.start.line === line));
}

export function waitForNoFinding(uri: vscode.Uri, rule: string): Promise<true> {
  return waitFor(`no ${rule} in ${uri.path}`, () => (findingsOf(uri, rule).length === 0 ? true : undefined));
}
