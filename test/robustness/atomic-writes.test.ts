import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocumentEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { AUDIT_WORKSPACE_REQUEST, FIX_ALL_WORKSPACE_REQUEST, type FixAllWorkspaceResult } from '../../server/src/lsp/protocol';
import type { LspSession } from '../lsp/lsp-session';
import { bicepIdentity, FS_FAULTS_PRELOAD, runCli, startServer, writeWorkspace } from './helpers';
import type { FsFaults } from './preload/fs-faults';

const FIXED = /isolationScope: 'Regional'/;

function fixWith(root: string, faults?: FsFaults) {
  return runCli(['audit', '.', '--fix'], faults ? { cwd: root, preloads: [FS_FAULTS_PRELOAD], env: { IDENTITY_FS_FAULTS: JSON.stringify(faults) } } : { cwd: root });
}

/** Files in a folder other than `expected` (temporary files left behind). */
function strays(folder: string, expected: readonly string[]): string[] {
  return fs.readdirSync(folder).filter((name) => !expected.includes(name));
}

describe('--fix and workspace fixes write atomically', function () {
  this.timeout(30_000);
  let root: string;

  beforeEach(function () {
    root = writeWorkspace({ 'main.bicep': bicepIdentity('main'), 'other.bicep': bicepIdentity('other') });
  });

  afterEach(function () {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('keeps each file’s mode', function () {
    fs.chmodSync(path.join(root, 'main.bicep'), 0o640);
    fs.chmodSync(path.join(root, 'other.bicep'), 0o755);
    const run = fixWith(root);
    assert.equal(run.status, 0, run.stderr);
    assert.match(fs.readFileSync(path.join(root, 'main.bicep'), 'utf8'), FIXED);
    assert.equal(fs.statSync(path.join(root, 'main.bicep')).mode & 0o7777, 0o640);
    assert.equal(fs.statSync(path.join(root, 'other.bicep')).mode & 0o7777, 0o755);
    assert.deepEqual(strays(root, ['main.bicep', 'other.bicep']), []);
  });

  it('keeps the BOM and the CRLF line breaks, and changes nothing else', function () {
    const original = `\uFEFF${bicepIdentity('main').replace(/\n/g, '\r\n')}`;
    fs.writeFileSync(path.join(root, 'main.bicep'), original);
    assert.equal(fixWith(root).status, 0);
    const after = fs.readFileSync(path.join(root, 'main.bicep'), 'utf8');
    assert.ok(after.startsWith('\uFEFF'));
    assert.doesNotMatch(after.replace(/\r\n/g, ''), /\n/, 'every line break is CRLF');
    assert.ok(after.startsWith(original.slice(0, original.lastIndexOf('\r\n}'))), 'the text before the insertion is untouched');
  });

  it('a write that fails halfway leaves the file whole and no temporary file behind', function () {
    const before = fs.readFileSync(path.join(root, 'main.bicep'));
    const run = fixWith(root, { failWriteHalfway: true });
    assert.notEqual(run.status, 0, 'the failure is reported');
    assert.match(run.stderr, /ENOSPC/);
    assert.ok(fs.readFileSync(path.join(root, 'main.bicep')).equals(before), 'not half a file');
    assert.deepEqual(strays(root, ['main.bicep', 'other.bicep']), []);
  });

  it('a rename that fails leaves the file whole and no temporary file behind', function () {
    const before = fs.readFileSync(path.join(root, 'main.bicep'));
    const run = fixWith(root, { failRename: true });
    assert.notEqual(run.status, 0);
    assert.ok(fs.readFileSync(path.join(root, 'main.bicep')).equals(before));
    assert.deepEqual(strays(root, ['main.bicep', 'other.bicep']), []);
  });

  it('a file that cannot be written is a per-file message; the other files are still fixed', function () {
    const run = fixWith(root, { failRename: [path.join(root, 'main.bicep')] });
    assert.equal(run.status, 2, 'a write that failed fails the run');
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.match(run.stderr + run.stdout, /main\.bicep.*(could not|cannot) be written/);
    assert.match(run.stdout, /^main\.bicep:\d+:\d+ warning .*isolation-scope-missing$/m, 'the report of what remains is printed');
    assert.match(run.stdout, /^1 finding .*; 1 problem$/m);
    assert.match(fs.readFileSync(path.join(root, 'other.bicep'), 'utf8'), FIXED);
    assert.deepEqual(strays(root, ['main.bicep', 'other.bicep']), []);
  });

  it('keeps a symbolic link a link and fixes the file it points to', function () {
    const target = path.join(root, 'shared', 'id.bicep');
    fs.mkdirSync(path.dirname(target));
    fs.renameSync(path.join(root, 'main.bicep'), target);
    fs.mkdirSync(path.join(root, 'infra'));
    fs.symlinkSync(path.join('..', 'shared', 'id.bicep'), path.join(root, 'infra', 'main.bicep'));
    const run = runCli(['audit', 'infra', '--fix'], { cwd: root });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(fs.lstatSync(path.join(root, 'infra', 'main.bicep')).isSymbolicLink(), 'still a link');
    assert.match(fs.readFileSync(target, 'utf8'), FIXED, 'the target is fixed');
  });

  it('never writes over a file whose content changed since it was read', function () {
    const target = path.join(root, 'main.bicep');
    const saved = `// saved by someone else meanwhile\n${bicepIdentity('main')}`;
    const run = fixWith(root, { changeWhenTemporaryWritten: { [target]: saved } });
    assert.equal(fs.readFileSync(target, 'utf8'), saved);
    assert.match(run.stderr, /main\.bicep: not fixed: it changed since it was read/);
    assert.match(fs.readFileSync(path.join(root, 'other.bicep'), 'utf8'), FIXED);
    assert.deepEqual(strays(root, ['main.bicep', 'other.bicep']), []);
  });

  it('keeps hard links: every name of the file sees the fix', function () {
    fs.mkdirSync(path.join(root, 'infra'));
    fs.mkdirSync(path.join(root, 'copy'));
    fs.renameSync(path.join(root, 'main.bicep'), path.join(root, 'infra', 'main.bicep'));
    fs.linkSync(path.join(root, 'infra', 'main.bicep'), path.join(root, 'copy', 'main.bicep'));
    const run = runCli(['audit', 'infra', '--fix'], { cwd: root });
    assert.equal(run.status, 0, run.stderr);
    assert.match(fs.readFileSync(path.join(root, 'copy', 'main.bicep'), 'utf8'), FIXED, 'the other name is fixed too');
    assert.equal(fs.statSync(path.join(root, 'infra', 'main.bicep')).nlink, 2, 'still one file with two names');
    assert.deepEqual(strays(path.join(root, 'infra'), ['main.bicep']), []);
  });

  describe('workspace fixes in the language server', function () {
    let session: LspSession | undefined;

    afterEach(async function () {
      await session?.stop();
      session = undefined;
    });

    it('leave out a file that changed on disk since the audit, and fix the others', async function () {
      const folder = writeWorkspace({ 'main.bicep': bicepIdentity('main'), 'other.bicep': bicepIdentity('other') }, 'identity-isolation-wsfix-');
      session = await startServer({ root: folder });
      await session.connection.sendRequest(AUDIT_WORKSPACE_REQUEST, { folders: [folder] });
      fs.writeFileSync(path.join(folder, 'main.bicep'), `// edited after the audit\n${bicepIdentity('main')}`);
      const plan = await session.connection.sendRequest<FixAllWorkspaceResult>(FIX_ALL_WORKSPACE_REQUEST);
      const edit = plan.edit as WorkspaceEdit;
      const uris = (edit.documentChanges ?? []).filter((change): change is TextDocumentEdit => TextDocumentEdit.is(change)).map((change) => change.textDocument.uri);
      assert.deepEqual(uris, [session.uri('other.bicep')]);
      assert.equal(plan.files, 1);
      assert.match(fs.readFileSync(path.join(folder, 'main.bicep'), 'utf8'), /edited after the audit/, 'the server writes nothing itself');
    });

    it('write nothing themselves: the edit goes to the client, which asks first', async function () {
      const folder = writeWorkspace({ 'main.bicep': bicepIdentity('main') }, 'identity-isolation-wsfix-');
      const before = fs.readFileSync(path.join(folder, 'main.bicep'));
      session = await startServer({ root: folder });
      await session.connection.sendRequest(AUDIT_WORKSPACE_REQUEST, { folders: [folder] });
      const plan = await session.connection.sendRequest<FixAllWorkspaceResult>(FIX_ALL_WORKSPACE_REQUEST);
      assert.equal(plan.fixes, 1);
      assert.ok(fs.readFileSync(path.join(folder, 'main.bicep')).equals(before));
      assert.deepEqual(fs.readdirSync(folder), ['main.bicep']);
    });
  });
});
