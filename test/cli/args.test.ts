import * as assert from 'node:assert/strict';
import { parseArgs, UsageError, type AuditCommand } from '../../server/src/cli/args';

function audit(...argv: string[]): AuditCommand {
  const command = parseArgs(['audit', ...argv]);
  if (command.kind !== 'audit') assert.fail(`expected an audit command, got ${command.kind}`);
  return command;
}

function usageError(argv: string[], pattern: RegExp): void {
  assert.throws(() => parseArgs(argv), (error: unknown) => error instanceof UsageError && pattern.test(error.message));
}

describe('cli args', () => {
  it('audits the current folder with text output, failing on errors, by default', () => {
    assert.deepEqual(audit(), {
      kind: 'audit',
      paths: ['.'],
      format: 'text',
      output: undefined,
      fix: false,
      dryRun: false,
      failOn: 'error',
      includeGenerated: false,
      jobs: undefined,
      config: undefined,
      baseline: undefined,
    });
  });

  it('reads --config and --baseline', () => {
    const parsed = audit('--config', 'ci/bicepconfig.json', '--baseline', 'old.sarif');
    assert.equal(parsed.kind === 'audit' && parsed.config, 'ci/bicepconfig.json');
    assert.equal(parsed.kind === 'audit' && parsed.baseline, 'old.sarif');
  });

  it('takes paths anywhere among the options', () => {
    assert.deepEqual(audit('a', '--format', 'json', 'b.bicep').paths, ['a', 'b.bicep']);
  });

  it('takes paths that start with a dash after --', () => {
    assert.deepEqual(audit('--', '--odd-name', 'x').paths, ['--odd-name', 'x']);
  });

  it('reads each audit option, as `--name value` and as `--name=value`', () => {
    assert.equal(audit('--format', 'sarif').format, 'sarif');
    assert.equal(audit('--format=json').format, 'json');
    assert.equal(audit('--output', 'report.sarif').output, 'report.sarif');
    assert.equal(audit('--output=r.json').output, 'r.json');
    assert.equal(audit('--fix').fix, true);
    const dryRun = audit('--fix', '--dry-run');
    assert.equal(dryRun.fix && dryRun.dryRun, true);
    assert.equal(audit('--fail-on', 'warning').failOn, 'warning');
    assert.equal(audit('--fail-on=info').failOn, 'info');
    assert.equal(audit('--fail-on', 'none').failOn, 'none');
    assert.equal(audit('--include-generated').includeGenerated, true);
    assert.equal(audit('--jobs', '4').jobs, 4);
  });

  it('reads the graph command and its format', () => {
    assert.deepEqual(parseArgs(['graph']), { kind: 'graph', paths: ['.'], format: 'json' });
    assert.deepEqual(parseArgs(['graph', 'infra', '--format', 'mermaid']), { kind: 'graph', paths: ['infra'], format: 'mermaid' });
  });

  it('answers --help and --version wherever they are', () => {
    assert.deepEqual(parseArgs(['--help']), { kind: 'help' });
    assert.deepEqual(parseArgs(['audit', '-h']), { kind: 'help' });
    assert.deepEqual(parseArgs(['audit', '--bogus', '--help']), { kind: 'help' });
    assert.deepEqual(parseArgs(['--version']), { kind: 'version' });
  });

  it('rejects a missing or unknown command', () => {
    usageError([], /missing command/);
    usageError(['lint'], /unknown command 'lint'/);
  });

  it('rejects unknown options and values', () => {
    usageError(['audit', '--bogus'], /unknown option '--bogus'/);
    usageError(['audit', '-x'], /unknown option '-x'/);
    usageError(['audit', '--format', 'xml'], /invalid value 'xml' for --format/);
    usageError(['audit', '--fail-on', 'fatal'], /invalid value 'fatal' for --fail-on/);
    usageError(['audit', '--jobs', '0'], /invalid value '0' for --jobs/);
    usageError(['audit', '--jobs', '2.5'], /invalid value '2.5' for --jobs/);
    usageError(['graph', '--format', 'sarif'], /invalid value 'sarif' for --format/);
    usageError(['graph', '--fix'], /unknown option '--fix' for graph/);
  });

  it('rejects a missing value and a value given to a flag', () => {
    usageError(['audit', '--format'], /--format needs a value/);
    usageError(['audit', '--output', '--fix'], /--output needs a value/);
    usageError(['audit', '--fix=yes'], /--fix takes no value/);
  });

  it('rejects --dry-run without --fix', () => {
    usageError(['audit', '--dry-run'], /--dry-run only makes sense with --fix/);
  });
});
