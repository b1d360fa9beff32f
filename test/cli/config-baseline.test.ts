import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, tempWorkspace } from '../helpers/paths';

const CLI = path.join(REPO_ROOT, 'server', 'out', 'cli.js');

const identity = (name: string) =>
  [`resource ${name} 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {`, `  name: '${name}'`, "  location: 'westus'", '}', ''].join('\n');

function audit(root: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, 'audit', '.', '--format', 'json', '--fail-on', 'none', ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr, report: run.status === 0 ? (JSON.parse(run.stdout) as { findings: { ruleId: string; severity: string; file: string; line: number }[] }) : undefined };
}

describe('configuration in bicepconfig.json', () => {
  it('sets rule levels, turns rules off and excludes files, from the nearest bicepconfig.json', () => {
    const root = tempWorkspace({
      'bicepconfig.json': JSON.stringify({
        analyzers: { core: { rules: {} } },
        identityIsolation: { rules: { 'isolation-scope-missing': { level: 'error' } }, exclude: ['legacy/**'] },
      }),
      'app/main.bicep': identity('a'),
      'legacy/old.bicep': identity('b'),
    });
    const { report } = audit(path.join(root, 'app'));
    assert.deepEqual(report?.findings.map((f) => `${f.ruleId}/${f.severity}`), ['isolation-scope-missing/error']);
    const whole = audit(root);
    assert.deepEqual(whole.report?.findings.map((f) => f.file), ['app/main.bicep'], 'legacy/** is excluded');
  });

  it('takes --config over the nearest file, and rejects a broken one with exit code 2', () => {
    const root = tempWorkspace({ 'main.bicep': identity('a'), 'ci.json': JSON.stringify({ rules: { 'isolation-scope-missing': 'off' } }), 'bad.json': '{ "rules": { "x": { "level": "loud" } } }' });
    assert.deepEqual(audit(root, '--config', 'ci.json').report?.findings, []);
    const broken = audit(root, '--config', 'bad.json');
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /configuration: .*bad\.json: rule 'x' needs a level of off, info, warning or error/);
  });

  it('rejects a size or depth limit that is not a positive number', () => {
    const root = tempWorkspace({ 'main.bicep': identity('a'), 'size.json': '{ "maxFileSizeMB": 0 }', 'depth.json': '{ "maxNestingDepth": 2.5 }', 'good.json': '{ "maxFileSizeMB": 0.5, "maxNestingDepth": 8 }' });
    assert.match(audit(root, '--config', 'size.json').stderr, /size\.json: 'maxFileSizeMB' must be a positive number/);
    assert.match(audit(root, '--config', 'depth.json').stderr, /depth\.json: 'maxNestingDepth' must be a positive whole number/);
    assert.equal(audit(root, '--config', 'good.json').status, 0);
  });
});

describe('--baseline', () => {
  for (const format of ['sarif', 'json']) {
    it(`reports only findings that are not in an earlier ${format} report, even after lines move`, () => {
      const root = tempWorkspace({ 'main.bicep': identity('a') });
      const baseline = path.join(root, `baseline.${format}`);
      const first = spawnSync(process.execPath, [CLI, 'audit', '.', '--format', format, '--output', baseline, '--fail-on', 'none'], { cwd: root, encoding: 'utf8' });
      assert.equal(first.status, 0, first.stderr);
      // An unrelated edit above the old finding, and a new identity below it.
      fs.writeFileSync(path.join(root, 'main.bicep'), `// owned by the platform team\n\n${identity('a')}${identity('b')}`);
      const { report } = audit(root, '--baseline', baseline);
      assert.deepEqual(report?.findings.map((f) => `${f.ruleId}:${f.line}`), ['isolation-scope-missing:7']);
    });
  }
});
