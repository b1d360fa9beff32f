import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import * as path from 'node:path';
import { discoverFiles, type DiscoveryFileSystem } from '../../server/src/engine/workspace/discover';
import { globToRegExp } from '../../server/src/engine/workspace/glob';
import { useTempFolder, writeTree } from './temp-folder';

describe('discoverFiles', () => {
  const tempFolder = useTempFolder();

  function files(root: string, ...relative: string[]): string[] {
    return relative.map((file) => path.join(root, file));
  }

  it('walks folders for template files, skipping node_modules and .git', async () => {
    const root = tempFolder();
    writeTree(root, {
      'main.bicep': '',
      'main.bicepparam': '',
      'azuredeploy.json': '{}',
      'settings.jsonc': '{}',
      'UPPER.JSON': '{}',
      'readme.md': '',
      'sub/deep/module.bicep': '',
      'node_modules/pkg/template.json': '{}',
      'sub/node_modules/other.bicep': '',
      '.git/config.json': '{}',
    });
    const result = await discoverFiles([root]);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(
      result.files,
      files(root, 'UPPER.JSON', 'azuredeploy.json', 'main.bicep', 'main.bicepparam', 'settings.jsonc', 'sub/deep/module.bicep'),
    );
  });

  it('takes a file named directly as it is, whatever its extension and the excludes', async () => {
    const root = tempFolder();
    writeTree(root, { 'notes.txt': '', 'x.parameters.json': '{}' });
    const result = await discoverFiles([path.join(root, 'notes.txt'), path.join(root, 'x.parameters.json')], { exclude: ['*.parameters.json'] });
    assert.deepEqual(result.files, files(root, 'notes.txt', 'x.parameters.json'));
  });

  it('resolves relative paths against the working directory', async () => {
    const root = tempFolder();
    writeTree(root, { 'a.bicep': '' });
    const relative = path.relative(process.cwd(), path.join(root, 'a.bicep'));
    assert.deepEqual((await discoverFiles([relative])).files, files(root, 'a.bicep'));
  });

  it('lists each file once when paths overlap', async () => {
    const root = tempFolder();
    writeTree(root, { 'a.bicep': '', 'sub/b.bicep': '' });
    const result = await discoverFiles([path.join(root, 'sub'), root, path.join(root, 'a.bicep'), `${root}${path.sep}`]);
    assert.deepEqual(result.files, files(root, 'a.bicep', 'sub/b.bicep'));
  });

  it('follows symbolic links and does not loop on one that points back up', async () => {
    const root = tempFolder();
    const outside = path.join(root, 'outside');
    const project = path.join(root, 'project');
    writeTree(root, { 'outside/shared.bicep': '', 'project/main.bicep': '', 'target.json': '{}' });
    fs.symlinkSync(project, path.join(project, 'loop'), 'dir');
    fs.symlinkSync(outside, path.join(project, 'linked'), 'dir');
    fs.symlinkSync(path.join(root, 'target.json'), path.join(project, 'file-link.json'), 'file');
    // Two links pointing at each other cannot be followed at all; they are ignored.
    fs.symlinkSync(path.join(project, 'ping'), path.join(project, 'pong'));
    fs.symlinkSync(path.join(project, 'pong'), path.join(project, 'ping'));

    const result = await discoverFiles([project]);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.files, files(project, 'file-link.json', 'linked/shared.bicep', 'main.bicep'));
  });

  it('reports a broken link with a template name as a problem', async () => {
    const root = tempFolder();
    fs.symlinkSync(path.join(root, 'gone.bicep'), path.join(root, 'dangling.bicep'));
    const result = await discoverFiles([root]);
    assert.deepEqual(result.files, []);
    assert.deepEqual(result.problems, [{ file: path.join(root, 'dangling.bicep'), message: 'No such file or folder.' }]);
  });

  it('reports a missing path as a problem, once, and still walks the others', async () => {
    const root = tempFolder();
    writeTree(root, { 'a.bicep': '' });
    const missing = path.join(root, 'missing');
    const result = await discoverFiles([missing, root, missing]);
    assert.deepEqual(result.files, files(root, 'a.bicep'));
    assert.deepEqual(result.problems, [{ file: missing, message: 'No such file or folder.' }]);
  });

  it('reports a folder it cannot read as a problem and goes on', async () => {
    const root = tempFolder();
    writeTree(root, { 'locked/a.bicep': '', 'open/b.bicep': '' });
    const locked = path.join(root, 'locked');
    const faulty: DiscoveryFileSystem = {
      stat: (file) => fsPromises.stat(file),
      realpath: (file) => fsPromises.realpath(file),
      readdir: (folder, options) =>
        folder === locked ? Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })) : fsPromises.readdir(folder, options),
    };
    const result = await discoverFiles([root], { fs: faulty });
    assert.deepEqual(result.files, files(root, 'open/b.bicep'));
    assert.deepEqual(result.problems, [{ file: locked, message: 'Cannot read this folder: permission denied.' }]);
  });

  it('excludes files and folders by glob, relative to the walked folder', async () => {
    const root = tempFolder();
    writeTree(root, {
      'main.bicep': '',
      'main.parameters.json': '{}',
      'env/prod.parameters.json': '{}',
      'env/prod.bicepparam': '',
      'generated/out.json': '{}',
      'modules/generated/keep.bicep': '',
      'modules/storage.bicep': '',
    });
    const result = await discoverFiles([root], { exclude: ['*.parameters.json', 'generated/**'] });
    assert.deepEqual(result.files, files(root, 'env/prod.bicepparam', 'main.bicep', 'modules/generated/keep.bicep', 'modules/storage.bicep'));

    const anyDepth = await discoverFiles([root], { exclude: ['**/generated/**'] });
    assert.deepEqual(anyDepth.files.map((file) => path.relative(root, file).split(path.sep).join('/')), [
      'env/prod.bicepparam',
      'env/prod.parameters.json',
      'main.bicep',
      'main.parameters.json',
      'modules/storage.bicep',
    ]);
  });
});

describe('globToRegExp', () => {
  function matches(glob: string, relativePath: string): boolean {
    return globToRegExp(glob).test(relativePath);
  }

  it('keeps * and ? within one segment', () => {
    assert.equal(matches('src/*.json', 'src/a.json'), true);
    assert.equal(matches('src/*.json', 'src/deep/a.json'), false);
    assert.equal(matches('src/?.json', 'src/a.json'), true);
    assert.equal(matches('src/?.json', 'src/ab.json'), false);
  });

  it('lets ** span any number of segments, none included', () => {
    assert.equal(matches('**/foo/**', 'foo/a.bicep'), true);
    assert.equal(matches('**/foo/**', 'x/y/foo/z/a.bicep'), true);
    assert.equal(matches('**/foo/**', 'x/foobar/a.bicep'), false);
    assert.equal(matches('a/**/b.json', 'a/b.json'), true);
    assert.equal(matches('a/**/b.json', 'a/x/y/b.json'), true);
  });

  it('matches a pattern without a slash at any depth', () => {
    assert.equal(matches('*.parameters.json', 'main.parameters.json'), true);
    assert.equal(matches('*.parameters.json', 'env/prod.parameters.json'), true);
    assert.equal(matches('*.parameters.json', 'main.json'), false);
  });

  it('anchors a pattern with a slash to the root and treats regex characters literally', () => {
    assert.equal(matches('./env/*.json', 'env/a.json'), true);
    assert.equal(matches('/env/*.json', 'env/a.json'), true);
    assert.equal(matches('env/*.json', 'x/env/a.json'), false);
    assert.equal(matches('a+b(1).json', 'a+b(1).json'), true);
    assert.equal(matches('a.json', 'abjson'), false);
  });
});
