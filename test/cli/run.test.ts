import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, type CliEnvironment } from '../../server/src/cli/run';
import type { AuditOptions, AuditResult } from '../../server/src/engine/audit';
import type { Finding } from '../../server/src/engine/model/finding';
import { SourceFile } from '../../server/src/engine/model/source-file';
import { discoverFiles } from '../../server/src/engine/workspace/discover';
import { useTempFolder, writeTree } from './temp-folder';

/**
 * A stand-in engine: `bad` is an error with a safe fix (→ `good`), `meh` a warning whose only fix
 * is unsafe, and `dup` gets two findings that share one fix (append `!`).
 */
async function fakeAudit(paths: readonly string[]): Promise<AuditResult> {
  const { files, problems } = await discoverFiles(paths);
  const sources = files.map((file) => new SourceFile(file, fs.readFileSync(file, 'utf8')));
  const findings: Finding[] = [];
  for (const source of sources) {
    for (const match of source.text.matchAll(/\b(bad|meh|dup)\b/g)) {
      const range = { start: match.index, end: match.index + match[0].length };
      const fix = (newText: string, safe: boolean, at = range) => ({ title: 'fix', file: source.path, edits: [{ range: at, newText }], isPreferred: safe, safe });
      const base = { message: `found ${match[0]}`, file: source.path, range, parameterFile: null, related: [] };
      if (match[0] === 'bad') findings.push({ ...base, ruleId: 'no-bad', severity: 'error', fixes: [fix('good', true)] });
      if (match[0] === 'meh') findings.push({ ...base, ruleId: 'no-meh', severity: 'warning', fixes: [fix('fine', false)] });
      if (match[0] === 'dup') {
        const shared = fix('!', true, { start: range.end, end: range.end });
        findings.push({ ...base, ruleId: 'dup-a', severity: 'info', fixes: [shared] }, { ...base, ruleId: 'dup-b', severity: 'info', fixes: [shared] });
      }
    }
  }
  return { files: sources, skipped: [], findings, problems };
}

describe('runCli', () => {
  const tempFolder = useTempFolder();

  interface Run {
    code: number;
    stdout: string;
    stderr: string;
    auditCalls: { paths: readonly string[]; options: AuditOptions }[];
  }

  async function run(argv: string[], audit: CliEnvironment['audit'] = fakeAudit): Promise<Run> {
    const outcome: Run = { code: -1, stdout: '', stderr: '', auditCalls: [] };
    outcome.code = await runCli(argv, {
      cwd: tempFolder(),
      stdout: (text) => (outcome.stdout += text),
      stderr: (text) => (outcome.stderr += text),
      version: '9.9.9',
      informationUri: 'https://example.org',
      wasmDir: '/opt/grammars',
      rules: [],
      audit: (paths, options) => {
        outcome.auditCalls.push({ paths, options });
        return audit(paths, options);
      },
    });
    return outcome;
  }

  function read(relative: string): string {
    return fs.readFileSync(path.join(tempFolder(), relative), 'utf8');
  }

  it('prints help and the version', async () => {
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage:/);
    assert.deepEqual(await run(['--version']), { code: 0, stdout: '9.9.9\n', stderr: '', auditCalls: [] });
  });

  it('reports a usage error in one line pointing to --help, with exit code 2', async () => {
    const outcome = await run(['audit', '--format', 'xml']);
    assert.equal(outcome.code, 2);
    assert.equal(outcome.stderr, "identity-isolation: invalid value 'xml' for --format: expected text, json, sarif. Run 'identity-isolation --help' for usage.\n");
    assert.deepEqual(outcome.auditCalls, []);
  });

  it('audits the working directory by default, passing the grammar folder, --include-generated and the working directory as a module root', async () => {
    const outcome = await run(['audit', '--include-generated']);
    assert.deepEqual(outcome.auditCalls, [
      {
        paths: [tempFolder()],
        options: {
          wasmDir: '/opt/grammars',
          includeGenerated: true,
          workspaceRoots: [tempFolder()],
          severities: {},
          exclude: [],
          followModulesOutsideWorkspace: false,
          parameterFiles: new Map(),
          bicepModuleCache: undefined,
          jobs: undefined,
          workerScript: undefined,
          limits: { maxBytes: undefined, maxDepth: undefined },
        },
      },
    ]);
    const named = await run(['audit', 'a', 'b/c.bicep']);
    assert.deepEqual(named.auditCalls[0]?.paths, [path.join(tempFolder(), 'a'), path.join(tempFolder(), 'b', 'c.bicep')]);
    assert.equal((await run(['audit', '--jobs', '3'])).auditCalls[0]?.options.jobs, 3);
  });

  it('exits 1 only for a finding at or above --fail-on', async () => {
    writeTree(tempFolder(), { 'warn.bicep': 'meh\n' });
    assert.equal((await run(['audit'])).code, 0);
    assert.equal((await run(['audit', '--fail-on', 'warning'])).code, 1);
    assert.equal((await run(['audit', '--fail-on', 'info'])).code, 1);
    writeTree(tempFolder(), { 'err.bicep': 'bad\n' });
    assert.equal((await run(['audit'])).code, 1);
    assert.equal((await run(['audit', '--fail-on', 'none'])).code, 0);
  });

  it('writes the report to --output instead of stdout', async () => {
    writeTree(tempFolder(), { 'a.bicep': 'bad\n' });
    const outcome = await run(['audit', '--format', 'json', '--output', 'report.json']);
    assert.equal(outcome.stdout, '');
    const report = JSON.parse(read('report.json')) as { summary: unknown };
    assert.deepEqual(report.summary, { files: 1, skipped: 0, error: 1, warning: 0, info: 0 });
  });

  it('--fix applies the safe fixes, keeping BOM and file mode, then reports what remains', async () => {
    writeTree(tempFolder(), { 'a.bicep': '\uFEFFbad meh\r\nbad\r\n' });
    const file = path.join(tempFolder(), 'a.bicep');
    fs.chmodSync(file, 0o640);
    const outcome = await run(['audit', '--fix']);
    assert.equal(read('a.bicep'), '\uFEFFgood meh\r\ngood\r\n');
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.equal(outcome.auditCalls.length, 2);
    assert.equal(outcome.stderr, 'Applied 2 fixes to 1 file.\n');
    assert.equal(outcome.stdout, 'a.bicep:1:6 warning found meh no-meh\n1 finding (0 errors, 1 warning, 0 info) in 1 file; 0 files skipped; 0 problems\n');
    assert.equal(outcome.code, 0);
    assert.deepEqual(fs.readdirSync(tempFolder()), ['a.bicep'], 'no temporary file is left behind');
  });

  it('--fix applies a fix shared by two findings once', async () => {
    writeTree(tempFolder(), { 'a.bicep': 'dup\n' });
    await run(['audit', '--fix']);
    assert.equal(read('a.bicep'), 'dup!\n');
  });

  it('--fix --dry-run prints the diff, writes nothing and reports the findings as they are', async () => {
    writeTree(tempFolder(), { 'sub/a.bicep': 'one\nbad\n', 'sub/clean.bicep': 'meh\n' });
    const outcome = await run(['audit', '--fix', '--dry-run']);
    assert.equal(read('sub/a.bicep'), 'one\nbad\n');
    assert.equal(outcome.auditCalls.length, 1);
    assert.equal(
      outcome.stdout,
      '--- a/sub/a.bicep\n+++ b/sub/a.bicep\n@@ -1,2 +1,2 @@\n one\n-bad\n+good\n' +
        'sub/a.bicep:2:1 error found bad no-bad\n' +
        'sub/clean.bicep:1:1 warning found meh no-meh\n' +
        '2 findings (1 error, 1 warning, 0 info) in 2 files; 0 files skipped; 0 problems\n',
    );
    assert.equal(outcome.code, 1);
  });

  it('turns an unexpected failure into a message and exit code 2', async () => {
    const outcome = await run(['audit'], () => Promise.reject(new Error('engine exploded')));
    assert.equal(outcome.code, 2);
    assert.match(outcome.stderr, /^identity-isolation: Error: engine exploded/);
  });
});
