import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeActionRequest, HoverRequest, LogMessageNotification, ShowMessageNotification, TelemetryEventNotification } from 'vscode-languageserver-protocol/node';
import { AUDIT_WORKSPACE_REQUEST, type AuditWorkspaceResult } from '../../server/src/lsp/protocol';
import type { LspSession } from '../lsp/lsp-session';
import { bicepIdentity, ENGINE_FAULTS_PRELOAD, INJECTED_FAULT_TYPE, startServer, writeWorkspace } from './helpers';

/**
 * A document the engine fails on: the server runs with a preload that makes the engine throw on a
 * resource of type `Fault.Injected/…` (see preload/engine-faults.ts), as a bug in a rule would.
 * The engine's own known failures are fixed (deep nesting is now a "too deeply nested" problem), so
 * the failure is injected; the server process and everything else are real.
 */
const FAILING = `resource boom '${INJECTED_FAULT_TYPE}@2020-01-01' = { name: 'boom' }\n${bicepIdentity('broken', 'v')}`;

describe('the language server survives a failing document', function () {
  this.timeout(30_000);
  let session: LspSession | undefined;
  let notifications: { method: string; message: string }[];

  beforeEach(async function () {
    session = await startServer({ root: fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-faults-lsp-')) }, { preloads: [ENGINE_FAULTS_PRELOAD] });
    notifications = [];
    session.connection.onNotification(ShowMessageNotification.type, (params) => {
      notifications.push({ method: 'window/showMessage', message: params.message });
    });
    session.connection.onNotification(TelemetryEventNotification.type, () => {
      notifications.push({ method: 'telemetry/event', message: '' });
    });
    session.connection.onNotification(LogMessageNotification.type, (params) => {
      session?.logs.push(params.message);
      notifications.push({ method: 'window/logMessage', message: params.message });
    });
  });

  afterEach(async function () {
    await session?.stop();
    session = undefined;
  });

  it('keeps serving the other documents, answers requests on the failing one, and logs its failure once', async function () {
    assert.ok(session);
    const live = session;
    const good = await live.open('good.bicep', 'bicep', bicepIdentity('good'));
    const bad = await live.open('bad.bicep', 'bicep', FAILING);
    await live.waitForDiagnostics(good, (params) => params.diagnostics.length === 1, 'the good document’s finding');

    // Thirty edits of the failing document, each still failing, interleaved with requests.
    for (let edit = 0; edit < 30; edit++) {
      await live.change(bad, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `// edit ${edit}\n` }]);
      assert.equal(await live.connection.sendRequest(HoverRequest.type, { textDocument: { uri: bad }, position: { line: 0, character: 3 } }), null);
      const actions = await live.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: bad }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }, context: { diagnostics: [] } });
      assert.deepEqual(actions, []);
    }

    // The good document is still analysed as it changes.
    await live.change(good, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: "  properties: { isolationScope: 'Regional' }\n" }]);
    await live.waitForDiagnostics(good, (params) => params.version === 2 && params.diagnostics.length === 0, 'the fixed good document');
    assert.ok(live.alive);

    const failures = live.logs.filter((line) => line.includes(bad) || /bad\.bicep/.test(line));
    assert.equal(failures.length, 1, `one log line for the failing document, not one per edit:\n${failures.join('\n')}`);
    assert.match(failures[0] ?? '', /Cannot analyse .*bad\.bicep.*until an edit analyses cleanly/s);
    assert.deepEqual(notifications.filter((n) => n.method !== 'window/logMessage'), [], 'no pop-ups or other notifications');
    assert.ok(notifications.length <= 2, `${notifications.length} notifications: ${notifications.map((n) => n.message.slice(0, 80)).join(' | ')}`);
  });

  it('recovers when the document is edited into shape, and logs a new failure once again', async function () {
    assert.ok(session);
    const live = session;
    const bad = await live.open('bad.bicep', 'bicep', FAILING);
    await live.waitFor(() => (live.logs.some((line) => /bad\.bicep/.test(line)) ? true : undefined), 'the failure to be logged');
    const lines = FAILING.split('\n');
    // Replace the failing resource with a plain variable: the document now analyses.
    await live.change(bad, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: (lines[0] ?? '').length } }, text: "var v = 'westus'" }]);
    await live.waitForDiagnostics(bad, (params) => params.diagnostics.some((d) => d.code === 'isolation-scope-missing'), 'diagnostics once it analyses');
    await live.change(bad, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: "var v = 'westus'".length } }, text: lines[0] ?? '' }]);
    await live.waitFor(() => (live.logs.filter((line) => /bad\.bicep/.test(line)).length === 2 ? true : undefined), 'the second failure to be logged');
    assert.ok(live.alive);
  });

  it('a workspace audit that meets the failing file answers, and says so once', async function () {
    assert.ok(session);
    const folder = writeWorkspace({ 'good.bicep': bicepIdentity('good'), 'bad.bicep': FAILING, 'sub/other.bicep': bicepIdentity('other') });
    try {
      const result = await session.connection.sendRequest<AuditWorkspaceResult>(AUDIT_WORKSPACE_REQUEST, { folders: [folder] });
      assert.equal(result.cancelled, false);
      assert.ok(session.alive);
      const logged = session.logs.filter((line) => /Workspace audit/.test(line));
      assert.ok(logged.length <= 1, logged.join('\n'));
      assert.ok(result.problems >= 1, 'the failing file is a problem');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  // The engine analyses a folder's templates together but catches each file's failure: the failing
  // file is one problem, the others keep their findings, and the failure is one line of the log.
  it('a workspace audit that meets a failing file still reports the other files’ findings', async function () {
    assert.ok(session);
    const folder = writeWorkspace({ 'good.bicep': bicepIdentity('good'), 'bad.bicep': FAILING, 'sub/other.bicep': bicepIdentity('other') });
    try {
      const result = await session.connection.sendRequest<AuditWorkspaceResult>(AUDIT_WORKSPACE_REQUEST, { folders: [folder] });
      assert.equal(result.problems, 1);
      assert.equal(result.totals.warning, 2);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
