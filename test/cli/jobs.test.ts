import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CASES_DIR, REPO_ROOT, sharedAvailable, tempWorkspace } from '../helpers/paths';
import { bicepIdentity, ENGINE_FAULTS_PRELOAD, INJECTED_FAULT_TYPE } from '../robustness/helpers';

const CLI = path.join(REPO_ROOT, 'server', 'out', 'cli.js');

/** Across files: a module, an `existing` identity declared elsewhere, parameter files, a file with nothing to analyse. */
const WORKSPACE: Record<string, string> = {
  'main.bicep': [
    "param location string = 'westus'",
    "module app './app.bicep' = {",
    "  name: 'app'",
    '  params: { location: location }',
    '}',
    '',
  ].join('\n'),
  'main.parameters.json': JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: { location: { value: 'eastus' } } }),
  'app.bicep': [
    'param location string',
    "resource id 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {",
    "  name: 'shared-id'",
    '}',
    "resource site 'Microsoft.Web/sites@2023-01-01' = {",
    "  name: 'site'",
    '  location: location',
    "  identity: { type: 'UserAssigned', userAssignedIdentities: { '${id.id}': {} } }",
    '}',
    '',
  ].join('\n'),
  'identities/shared.bicep': [
    "resource shared 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
    "  name: 'shared-id'",
    "  location: 'northeurope'",
    '}',
    '',
  ].join('\n'),
  'plain/storage.bicep': "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'sa'\n  location: 'westus'\n  kind: 'StorageV2'\n  sku: { name: 'Standard_LRS' }\n}\nvar broken = (\n",
};

function audit(folder: string, jobs: number, format: string, preloads: readonly string[] = []) {
  return spawnSync(process.execPath, [...preloads.flatMap((preload) => ['--require', preload]), CLI, 'audit', folder, '--format', format, '--fail-on', 'none', '--include-generated', '--jobs', String(jobs)], { cwd: folder, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe('the CLI audit with --jobs', function () {
  this.timeout(120_000);

  function assertSameForEveryJobCount(folder: string) {
    for (const format of ['json', 'sarif']) {
      const one = audit(folder, 1, format);
      assert.equal(one.status, 0, one.stderr);
      for (const jobs of [2, 3]) {
        const many = audit(folder, jobs, format);
        assert.equal(many.status, 0, many.stderr);
        assert.equal(many.stdout, one.stdout, `--jobs ${jobs} --format ${format}`);
      }
    }
  }

  it('reports byte for byte what --jobs 1 reports, across modules, existing identities and parameter files', () => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run node scripts/build.js first`);
    const folder = tempWorkspace(WORKSPACE);
    assertSameForEveryJobCount(folder);
    const report = JSON.parse(audit(folder, 2, 'json').stdout) as { summary: { files: number }; findings: { file: string }[]; problems: { file: string }[] };
    assert.equal(report.summary.files, 4);
    assert.ok(report.findings.some((finding) => finding.file === 'app.bicep'), 'the existing identity is judged by its declaration in another file');
    assert.deepEqual(report.problems.map((problem) => problem.file), ['plain/storage.bicep'], 'a template with nothing to analyse still shows its syntax problems');
  });

  it('does the same on every shared case', function () {
    if (!sharedAvailable()) this.skip();
    assertSameForEveryJobCount(CASES_DIR);
  });
});

describe('the CLI audit with --jobs, when the engine fails on one file', function () {
  this.timeout(120_000);

  it('reports that file as one problem and the other files’ findings, with one thread or several', () => {
    // The engine-faults preload makes the engine throw on this resource type, in every thread.
    const failing = `resource boom '${INJECTED_FAULT_TYPE}@2020-01-01' = { name: 'boom' }\n${bicepIdentity('broken')}`;
    const folder = tempWorkspace({ 'good.bicep': bicepIdentity('good'), 'bad.bicep': failing, 'sub/other.bicep': bicepIdentity('other') });
    for (const jobs of [1, 2]) {
      const run = audit(folder, jobs, 'json', [ENGINE_FAULTS_PRELOAD]);
      assert.match(run.stdout, /could not be analysed: injected engine fault/, `--jobs ${jobs}`);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as { findings: { file: string; ruleId: string }[]; problems: { file: string; message: string }[] };
      assert.deepEqual(report.problems.map((problem) => problem.file), ['bad.bicep'], `--jobs ${jobs}`);
      assert.deepEqual([...new Set(report.findings.map((finding) => finding.file))].sort(), ['good.bicep', 'sub/other.bicep'], `--jobs ${jobs}`);
    }
  });
});
