import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { RULES } from '../server/src/engine/rules';
import { copyToTemp, REPO_ROOT } from './helpers/paths';

const CLI = path.join(REPO_ROOT, 'server', 'out', 'cli.js');

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
}

describe('the bundled example workspace (README command)', () => {
  it('shows a real finding of every rule and fails on its errors', () => {
    const run = cli(['audit', 'examples', '--format', 'json'], REPO_ROOT);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; file: string; line: number }[]; problems: unknown[] };
    assert.deepEqual(report.problems, []);
    assert.deepEqual([...new Set(report.findings.map((f) => f.ruleId))].sort(), RULES.map((rule) => rule.id).sort());
    assert.ok(report.findings.every((f) => f.file.startsWith('examples/')));
  });

  it('--fix applies the safe fixes once; a second --fix changes nothing', () => {
    const root = copyToTemp(path.join(REPO_ROOT, 'examples'));
    const first = cli(['audit', '.', '--fix', '--format', 'json', '--fail-on', 'none'], root);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /^Applied \d+ fix(es)? to \d+ files?\.\n$/);
    const remaining = JSON.parse(first.stdout) as { findings: { ruleId: string; file: string }[] };
    // The unsafe Regional fix (it would break the container group in another region) is left for a person.
    assert.ok(remaining.findings.some((f) => f.ruleId === 'isolation-scope-missing' && f.file === 'platform/azuredeploy.json'));
    assert.ok(!remaining.findings.some((f) => f.ruleId === 'isolation-scope-missing' && f.file === 'web/main.bicep'));
    const second = cli(['audit', '.', '--fix', '--dry-run', '--fail-on', 'none'], root);
    assert.equal(second.status, 0, second.stderr);
    assert.ok(!second.stdout.includes('--- a/'), 'no diff left to apply');
  });
});
