import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, DiagnosticSeverity, DidChangeConfigurationNotification, DidCloseTextDocumentNotification, TextDocumentEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  AUDIT_WORKSPACE_REQUEST,
  FIX_ALL_WORKSPACE_REQUEST,
  WORKSPACE_REPORT_REQUEST,
  type AuditWorkspaceParams,
  type AuditWorkspaceResult,
  type FixAllWorkspaceResult,
  type WorkspaceReportParams,
  type WorkspaceReportResult,
} from '../../server/src/lsp/protocol';
import { CASES_DIR, copyToTemp, REPO_ROOT } from '../helpers/paths';
import { LspSession } from './lsp-session';

/** One workspace holding several cases, each in a folder named by its number (c01, c04, …). */
function workspaceOf(cases: readonly string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-lsp-'));
  for (const name of cases) {
    // Through copyToTemp, which makes the copies writable (../shared is read-only).
    const copy = copyToTemp(path.join(CASES_DIR, name));
    fs.cpSync(copy, path.join(root, name.slice(0, 3)), { recursive: true });
    fs.rmSync(copy, { recursive: true, force: true });
  }
  return root;
}

const CLI_JS = path.join(REPO_ROOT, 'server', 'out', 'cli.js');
const CASES = ['c01-missing-basic', 'c04-identity-key-forms', 'c15-arm-classic-cross-region', 'c17-not-templates'];

describe('LSP workspace requests (bundled server over stdio)', function () {
  let session: LspSession;
  let root: string;

  beforeEach(function () {
    root = workspaceOf(CASES);
  });

  afterEach(async function () {
    await session?.stop();
  });

  function auditWorkspace(token?: CancellationTokenSource): Promise<AuditWorkspaceResult> {
    const params: AuditWorkspaceParams = { folders: [root], workDoneToken: 'audit' };
    // A trailing undefined would be sent as a second positional parameter: pass the token only when there is one.
    return token ? session.connection.sendRequest<AuditWorkspaceResult>(AUDIT_WORKSPACE_REQUEST, params, token.token) : session.connection.sendRequest<AuditWorkspaceResult>(AUDIT_WORKSPACE_REQUEST, params);
  }

  it('audits every template, publishes diagnostics for files not open, reports progress and sums up', async function () {
    session = await LspSession.start({ root });
    // The open text wins over the disk: c01 is fixed in the editor only.
    const fixedText = fs.readFileSync(path.join(root, 'c01', 'main.bicep'), 'utf8').replace("  location: location\n}", "  location: location\n  properties: { isolationScope: 'Regional' }\n}").replace('@2023-01-31', '@2024-11-30');
    const c01 = await session.open('c01/main.bicep', 'bicep', fixedText);
    await session.waitForDiagnostics(c01, () => true, 'the open c01');

    const result = await auditWorkspace();
    assert.equal(result.cancelled, false);
    assert.equal(result.files, 3);
    assert.deepEqual(result.totals, { error: 1, warning: 2, info: 0 });
    assert.deepEqual(result.byRule, { 'identity-cross-region': { error: 1, warning: 1, info: 0 }, 'isolation-scope-missing': { error: 0, warning: 1, info: 0 } });
    assert.deepEqual(result.worstFiles, [
      { uri: session.uri('c15/azuredeploy.json'), findings: 2 },
      { uri: session.uri('c04/main.bicep'), findings: 1 },
    ]);

    const c04 = await session.waitForDiagnostics(session.uri('c04/main.bicep'), (params) => params.diagnostics.length > 0, 'audit diagnostics for c04');
    assert.deepEqual(
      c04.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
      [['identity-cross-region', 13]],
    );
    const c15 = await session.waitForDiagnostics(session.uri('c15/azuredeploy.json'), () => true, 'audit diagnostics for c15');
    assert.deepEqual(c15.diagnostics.map((diagnostic) => diagnostic.code).sort(), ['identity-cross-region', 'isolation-scope-missing']);
    assert.ok(session.publications(c01).every((params) => params.diagnostics.length === 0), 'the open document keeps its live diagnostics');

    const kinds = session.progress.map((event) => event.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    const messages = session.progress.flatMap((event) => (event.value.kind === 'report' && event.value.message ? [event.value.message] : []));
    const total = Number(/^Auditing 1 of (\d+) files$/.exec(messages[0] ?? '')?.[1]);
    assert.deepEqual(messages, [...Array.from({ length: total }, (_, index) => `Auditing ${index + 1} of ${total} files`), 'Analysing deployments']);
  });

  it('clears the diagnostics of a file that a later audit finds clean', async function () {
    session = await LspSession.start({ root });
    await auditWorkspace();
    const c04 = session.uri('c04/main.bicep');
    await session.waitForDiagnostics(c04, (params) => params.diagnostics.length > 0, 'audit diagnostics for c04');
    const file = path.join(root, 'c04', 'main.bicep');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("location: 'eastus'", "location: 'westus'"));
    const second = await auditWorkspace();
    assert.deepEqual(second.totals, { error: 0, warning: 3, info: 0 });
    await session.waitForDiagnostics(c04, (params) => params.diagnostics.length === 0, 'c04 cleared');
  });

  it('audits all shared cases as whole deployments and reports them exactly as the CLI does (text, JSON, SARIF)', async function () {
    fs.rmSync(root, { recursive: true, force: true });
    root = copyToTemp(CASES_DIR);
    session = await LspSession.start({ root });
    const result = await auditWorkspace();
    assert.ok(result.totals.error > 0 && result.files > 20, JSON.stringify(result));
    for (const format of ['text', 'json', 'sarif'] as const) {
      const report = await session.connection.sendRequest<WorkspaceReportResult>(WORKSPACE_REPORT_REQUEST, { format, root } satisfies WorkspaceReportParams);
      const cli = spawnSync(process.execPath, [CLI_JS, 'audit', '--format', format, '.'], { cwd: root, encoding: 'utf8' });
      assert.equal(report.content, cli.stdout, `${format}: the same as \`identity-isolation audit --format ${format} .\` in the folder`);
    }
  });

  it('returns the safe fixes of the workspace as one edit, without the unsafe one', async function () {
    session = await LspSession.start({ root });
    await auditWorkspace();
    const plan = await session.connection.sendRequest<FixAllWorkspaceResult>(FIX_ALL_WORKSPACE_REQUEST);
    assert.equal(plan.fixes, 1);
    assert.equal(plan.files, 1);
    const edit = plan.edit as WorkspaceEdit;
    const changes = (edit.documentChanges ?? []).filter((change) => TextDocumentEdit.is(change));
    assert.deepEqual(
      changes.map((change) => change.textDocument),
      [{ uri: session.uri('c01/main.bicep'), version: null }],
    );
    const before = fs.readFileSync(path.join(root, 'c01', 'main.bicep'), 'utf8');
    const after = TextDocument.applyEdits(TextDocument.create(session.uri('c01/main.bicep'), 'bicep', 0, before), changes[0]?.edits.flatMap((textEdit) => ('newText' in textEdit ? [textEdit] : [])) ?? []);
    assert.match(after, /isolationScope: 'Regional'/);
  });

  it('leaves out a fix whose file changed since the audit', async function () {
    session = await LspSession.start({ root });
    await auditWorkspace();
    const file = path.join(root, 'c01', 'main.bicep');
    fs.writeFileSync(file, `// edited after the audit\n${fs.readFileSync(file, 'utf8')}`);
    const plan = await session.connection.sendRequest<FixAllWorkspaceResult>(FIX_ALL_WORKSPACE_REQUEST);
    assert.deepEqual([plan.fixes, plan.files], [0, 0]);
  });

  it('shows the audit’s findings again when a document closes, and nothing for a file no audit read', async function () {
    session = await LspSession.start({ root });
    await auditWorkspace();
    const c04 = await session.open('c04/main.bicep', 'bicep');
    const live = await session.waitForDiagnostics(c04, (params) => params.version === 1, 'live diagnostics');
    const before = session.publications(c04).length;
    await session.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: c04 } });
    const reopened = await session.waitFor(() => session.publications(c04)[before], 'the publication after closing');
    assert.equal(reopened.version, undefined);
    assert.deepEqual(reopened.diagnostics.map((diagnostic) => diagnostic.range), live.diagnostics.map((diagnostic) => diagnostic.range));

    const scratch = await session.open('scratch.bicep', 'bicep', "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {\n  name: 'a'\n  location: 'westus'\n}\n");
    await session.waitForDiagnostics(scratch, (params) => params.diagnostics.length > 0, 'scratch diagnostics');
    await session.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: scratch } });
    await session.waitForDiagnostics(scratch, (params) => params.diagnostics.length === 0, 'scratch cleared on close');
  });

  it('reads the identityIsolation section of bicepconfig.json, with the editor’s settings over it', async function () {
    fs.writeFileSync(path.join(root, 'bicepconfig.json'), JSON.stringify({ identityIsolation: { rules: { 'isolation-scope-missing': { level: 'off' }, 'identity-cross-region': { level: 'info' } } } }));
    session = await LspSession.start({ root, settings: { severity: { 'identity-cross-region': 'warning' } } });
    const c01 = await session.open('c01/main.bicep', 'bicep');
    await session.waitForDiagnostics(c01, (params) => params.diagnostics.length === 0, 'isolation-scope-missing off by bicepconfig.json');
    const c04 = await session.open('c04/main.bicep', 'bicep');
    const published = await session.waitForDiagnostics(c04, (params) => params.diagnostics.length > 0, 'c04 diagnostics');
    assert.deepEqual(
      published.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
      [['identity-cross-region', DiagnosticSeverity.Warning]],
    );
  });

  it('honours exclude in the audit and severity in the diagnostics, and re-analyses when settings change', async function () {
    session = await LspSession.start({ root, settings: { exclude: ['c04/**'], severity: { 'isolation-scope-missing': 'off' } } });
    const c01 = await session.open('c01/main.bicep', 'bicep');
    await session.waitForDiagnostics(c01, (params) => params.diagnostics.length === 0, 'no diagnostics with the rule off');
    const result = await auditWorkspace();
    assert.equal(result.files, 2);
    assert.deepEqual(result.byRule, { 'identity-cross-region': { error: 0, warning: 1, info: 0 } });
    assert.equal(session.publications(session.uri('c04/main.bicep')).length, 0);
    const excluded = await session.open('c04/main.bicep', 'bicep');
    assert.deepEqual((await session.waitForDiagnostics(excluded, () => true, 'the excluded document')).diagnostics, []);

    session.settings = { severity: { 'isolation-scope-missing': 'error' } };
    await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { identityIsolation: session.settings } });
    const published = await session.waitForDiagnostics(c01, (params) => params.diagnostics.length > 0, 'diagnostics once the rule is on');
    assert.equal(published.diagnostics[0]?.severity, 1);
  });

  it('stops a cancelled audit before it reads the next file', async function () {
    session = await LspSession.start({ root });
    const source = new CancellationTokenSource();
    const pending = auditWorkspace(source);
    source.cancel();
    const result = await pending;
    assert.equal(result.cancelled, true);
    assert.ok(result.files < 3, `stopped early (${result.files} files audited)`);
  });
});
