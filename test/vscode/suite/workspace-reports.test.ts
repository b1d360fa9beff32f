import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../client/src/command-ids';
import { stub } from '../stub';
import { waitFor } from '../wait-for';

interface Sarif {
  readonly version: string;
  readonly runs: { readonly results: unknown[] }[];
}

/** The parsed file, or undefined while it is missing or still being written. */
function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Runs the audit and presses `button` on its summary message. */
async function auditAndChoose(button: string): Promise<void> {
  const offered: string[][] = [];
  const restore = stub(vscode.window, 'showInformationMessage', (_message: string, ...buttons: string[]) => {
    offered.push(buttons);
    return Promise.resolve(offered.length === 1 ? button : undefined);
  });
  try {
    await vscode.commands.executeCommand(COMMANDS.auditWorkspace);
    await waitFor('the audit summary', () => offered[0]);
  } finally {
    restore();
  }
  assert.ok(offered[0]?.includes(button), `the summary offers ${offered[0]?.join(', ')}`);
}

describe('audit reports', () => {
  it('"Open Report" opens the text report in an untitled editor', async () => {
    await auditAndChoose('Open Report');
    const report = await waitFor('an untitled report', () =>
      vscode.workspace.textDocuments.find((document) => document.isUntitled && document.getText().includes('isolation-scope-api-version')),
    );
    assert.match(report.getText(), /azuredeploy\.json/);
  });

  it('"Export SARIF…" writes SARIF 2.1.0 where the save dialog says', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-sarif-'));
    const target = path.join(folder, 'audit.sarif');
    const restore = stub(vscode.window, 'showSaveDialog', () => Promise.resolve(vscode.Uri.file(target)));
    let sarif: Sarif;
    try {
      await auditAndChoose('Export SARIF…');
      sarif = await waitFor('the SARIF file', () => readJson<Sarif>(target));
    } finally {
      restore();
      fs.rmSync(folder, { recursive: true, force: true });
    }
    assert.equal(sarif.version, '2.1.0');
    assert.ok((sarif.runs[0]?.results.length ?? 0) >= 3, 'the findings of the fixture are in the SARIF');
  });
});
