import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeActionRequest, TextDocumentEdit, type CodeAction, type Diagnostic, type Range, type WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CASES_DIR, copyToTemp, REPO_ROOT } from '../helpers/paths';
import { LspSession } from './lsp-session';

const CLI_JS = path.join(REPO_ROOT, 'server', 'out', 'cli.js');

/** Applies the edits a workspace edit makes to one document, checking the version they were made for. */
function applyToText(edit: WorkspaceEdit | undefined, uri: string, text: string, version: number): string {
  const changes = edit?.documentChanges?.filter((change): change is TextDocumentEdit => TextDocumentEdit.is(change) && change.textDocument.uri === uri) ?? [];
  assert.equal(changes.length, 1, 'one versioned edit of the document');
  assert.equal(changes[0]?.textDocument.version, version);
  const edits = (changes[0]?.edits ?? []).map((textEdit) => {
    assert.ok('newText' in textEdit, 'plain text edits, no snippets');
    return textEdit;
  });
  return TextDocument.applyEdits(TextDocument.create(uri, 'bicep', version, text), edits);
}

describe('LSP code actions (bundled server over stdio)', function () {
  let session: LspSession;

  afterEach(async function () {
    await session?.stop();
  });

  async function actionsFor(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const result = await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } });
    return (result ?? []) as CodeAction[];
  }

  async function openCase(name: string, file: string, languageId: string): Promise<{ uri: string; text: string; diagnostics: Diagnostic[] }> {
    const root = copyToTemp(path.join(CASES_DIR, name));
    session = await LspSession.start({ root });
    const uri = await session.open(file, languageId);
    const published = await session.waitForDiagnostics(uri, (params) => params.diagnostics.length > 0, `diagnostics of ${name}`);
    return { uri, text: fs.readFileSync(path.join(root, file), 'utf8'), diagnostics: published.diagnostics };
  }

  it('offers fix, fix-all, disable and documentation in that order; the preferred fix clears the finding (c01)', async function () {
    const { uri, text, diagnostics } = await openCase('c01-missing-basic', 'main.bicep', 'bicep');
    const [diagnostic] = diagnostics;
    assert.ok(diagnostic);
    const actions = await actionsFor(uri, diagnostic.range, [diagnostic]);
    assert.deepEqual(
      actions.map((action) => [action.kind, action.isPreferred === true]),
      [
        ['quickfix', true],
        ['source.fixAll.identityIsolation', false],
        ['quickfix', false],
        ['quickfix', false],
      ],
    );
    assert.match(actions[0]?.title ?? '', /^Set isolationScope to 'Regional'/);
    assert.equal(actions[1]?.title, 'Fix all identity isolation problems in this file');
    assert.equal(actions[2]?.title, 'Disable isolation-scope-missing for this line');
    assert.equal(actions[3]?.title, 'Show documentation for isolation-scope-missing');
    assert.deepEqual(actions[3]?.command, {
      title: 'Show documentation for isolation-scope-missing',
      command: 'identityIsolation.showDocumentation',
      arguments: ['https://github.com/identity-isolation/bicep-identity-isolation/blob/main/docs/rules/isolation-scope-missing.md'],
    });

    const fixed = applyToText(actions[0]?.edit, uri, text, 1);
    assert.match(fixed, /isolationScope: 'Regional'/);
    assert.doesNotMatch(fixed, /userAssignedIdentities@2023-01-31/);
    const version = await session.change(uri, [{ text: fixed }]);
    const after = await session.waitForDiagnostics(uri, (params) => params.version === version, 'diagnostics after the fix');
    assert.deepEqual(after.diagnostics, []);
  });

  it('offers the unsafe fix of c15 unpreferred, and fix-all leaves it out', async function () {
    const { uri, diagnostics } = await openCase('c15-arm-classic-cross-region', 'azuredeploy.json', 'json');
    const missing = diagnostics.find((diagnostic) => diagnostic.code === 'isolation-scope-missing');
    assert.ok(missing);
    const actions = await actionsFor(uri, missing.range, [missing]);
    const fix = actions.find((action) => action.title.startsWith("Set isolationScope to 'Regional'"));
    assert.ok(fix, 'the unsafe fix is still offered');
    assert.match(fix.title, /worker/);
    assert.notEqual(fix.isPreferred, true);
    assert.equal(actions.filter((action) => action.kind === 'source.fixAll.identityIsolation').length, 0);
    const onSave = await actionsFor(uri, { start: { line: 0, character: 0 }, end: { line: 47, character: 0 } }, [], ['source.fixAll']);
    assert.deepEqual(onSave, []);
  });

  it('keeps CRLF line breaks and the missing final newline, in fixes and in the disable directive (c10)', async function () {
    const { uri, text, diagnostics } = await openCase('c10-crlf-no-final-newline', 'main.bicep', 'bicep');
    const [diagnostic] = diagnostics;
    assert.ok(diagnostic);
    const cli = JSON.parse(spawnSync(process.execPath, [CLI_JS, 'audit', '--format', 'json', 'main.bicep'], { cwd: session.root, encoding: 'utf8' }).stdout) as { findings: { line: number; column: number }[] };
    assert.deepEqual([diagnostic.range.start.line + 1, diagnostic.range.start.character + 1], [cli.findings[0]?.line, cli.findings[0]?.column], 'the CLI’s position');
    const lines = text.split('\r\n');
    const actions = await actionsFor(uri, diagnostic.range, [diagnostic]);
    for (const action of actions.filter((candidate) => candidate.edit)) {
      for (const change of action.edit?.documentChanges ?? []) {
        assert.ok(TextDocumentEdit.is(change));
        for (const edit of change.edits) {
          for (const position of [edit.range.start, edit.range.end]) assert.ok(position.character <= (lines[position.line] ?? '').length, `${action.title}: no position between CR and LF`);
        }
      }
      const edited = applyToText(action.edit, uri, text, 1);
      assert.doesNotMatch(edited, /[^\r]\n/, `${action.title}: CRLF only`);
      assert.doesNotMatch(edited, /\n$/, `${action.title}: still no final newline`);
    }
    const disabled = applyToText(actions.find((action) => action.title.startsWith('Disable '))?.edit, uri, text, 1);
    assert.ok(disabled.startsWith('#disable-next-line isolation-scope-missing\r\nresource uami'));
  });

  it('returns the file’s fix-all when asked for source.fixAll', async function () {
    const { uri } = await openCase('c01-missing-basic', 'main.bicep', 'bicep');
    const actions = await actionsFor(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.deepEqual(
      actions.map((action) => action.kind),
      ['source.fixAll.identityIsolation'],
    );
  });

  it('returns nothing for diagnostics of an older version', async function () {
    const { uri, diagnostics } = await openCase('c01-missing-basic', 'main.bicep', 'bicep');
    const version = await session.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
    await session.waitForDiagnostics(uri, (params) => params.version === version, 'the new version');
    const [stale] = diagnostics;
    assert.ok(stale);
    assert.deepEqual(await actionsFor(uri, stale.range, [stale]), []);
  });

  it('disables a rule for a Bicep line with the directive, indented, and the finding goes', async function () {
    const { uri, text, diagnostics } = await openCase('c01-missing-basic', 'main.bicep', 'bicep');
    const [diagnostic] = diagnostics;
    assert.ok(diagnostic);
    const disable = (await actionsFor(uri, diagnostic.range, [diagnostic])).find((action) => action.title === 'Disable isolation-scope-missing for this line');
    const disabled = applyToText(disable?.edit, uri, text, 1);
    assert.equal(disabled.split('\n')[2], '#disable-next-line isolation-scope-missing');
    const version = await session.change(uri, [{ text: disabled }]);
    const after = await session.waitForDiagnostics(uri, (params) => params.version === version, 'diagnostics after disabling');
    assert.deepEqual(after.diagnostics, []);
  });

  it('adds the rule to a directive already on the line above', async function () {
    const root = copyToTemp(path.join(CASES_DIR, 'c01-missing-basic'));
    session = await LspSession.start({ root });
    const text = fs.readFileSync(path.join(root, 'main.bicep'), 'utf8').replace('resource uami', '#disable-next-line some-other-rule // reviewed\nresource uami');
    const uri = await session.open('main.bicep', 'bicep', text);
    const [diagnostic] = (await session.waitForDiagnostics(uri, (params) => params.diagnostics.length > 0, 'diagnostics')).diagnostics;
    assert.ok(diagnostic);
    const disable = (await actionsFor(uri, diagnostic.range, [diagnostic])).find((action) => action.title === 'Disable isolation-scope-missing for this line');
    const disabled = applyToText(disable?.edit, uri, text, 1);
    assert.equal(disabled.split('\n')[2], '#disable-next-line some-other-rule isolation-scope-missing // reviewed');
  });

  it('disables a rule for an ARM JSON line with a // comment, and only that finding goes (c15)', async function () {
    const { uri, text, diagnostics } = await openCase('c15-arm-classic-cross-region', 'azuredeploy.json', 'json');
    const crossRegion = diagnostics.find((diagnostic) => diagnostic.code === 'identity-cross-region');
    assert.ok(crossRegion);
    const disable = (await actionsFor(uri, crossRegion.range, [crossRegion])).find((action) => action.title === 'Disable identity-cross-region for this line');
    const disabled = applyToText(disable?.edit, uri, text, 1);
    assert.equal(disabled.split('\n')[crossRegion.range.start.line], '          // #disable-next-line identity-cross-region');
    const version = await session.change(uri, [{ text: disabled }]);
    const after = await session.waitForDiagnostics(uri, (params) => params.version === version, 'diagnostics after disabling');
    assert.deepEqual(
      after.diagnostics.map((diagnostic) => diagnostic.code),
      ['isolation-scope-missing'],
    );
  });
});
