import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useTempFolder } from './temp-folder';

// Compiled to out/test/cli/: the repository is three folders up.
const REPOSITORY = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(REPOSITORY, 'server', 'out', 'cli.js');

describe('the built CLI', () => {
  const tempFolder = useTempFolder();

  function cli(...argv: string[]) {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run node scripts/build.js first`);
    return spawnSync(process.execPath, [CLI, ...argv], { cwd: tempFolder(), encoding: 'utf8' });
  }

  it('prints help with exit code 0', () => {
    const { status, stdout } = cli('--help');
    assert.equal(status, 0);
    assert.match(stdout, /identity-isolation audit \[paths\.\.\.\]/);
  });

  it('prints the package version', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPOSITORY, 'package.json'), 'utf8')) as { version: string };
    assert.equal(cli('--version').stdout, `${version}\n`);
  });

  it('rejects a bad flag with exit code 2 and one line on stderr', () => {
    const { status, stdout, stderr } = cli('audit', '--no-such-flag');
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.equal(stderr.trimEnd().split('\n').length, 1);
    assert.match(stderr, /--no-such-flag.*--help/);
  });

  it('audits an empty folder: exit code 0 and a JSON report with zero counts', () => {
    const { status, stdout, stderr } = cli('audit', '--format', 'json');
    assert.equal(stderr, '');
    assert.equal(status, 0);
    assert.deepEqual(JSON.parse(stdout), { version: 1, summary: { files: 0, skipped: 0, error: 0, warning: 0, info: 0 }, findings: [], problems: [] });
  });

  it('finds its grammars two folders above the bundle', () => {
    assert.ok(fs.existsSync(path.join(path.dirname(CLI), '..', '..', 'grammars', 'tree-sitter-bicep.wasm')));
  });
});
