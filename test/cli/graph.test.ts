import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT, tempWorkspace } from '../helpers/paths';

const CLI = path.join(REPO_ROOT, 'server', 'out', 'cli.js');

const TEMPLATE = [
  "param location string = 'westus'", // 1
  '@description(\'The identity.\')', // 2
  "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {", // 3
  "  name: 'id-g'", // 4
  '  location: location', // 5
  "  properties: { isolationScope: 'Regional' }", // 6
  '}', // 7
  "resource sql 'Microsoft.Sql/servers@2023-08-01-preview' = {", // 8
  "  name: 'sql-g'", // 9
  "  location: 'eastus'", // 10
  '  identity: {', // 11
  "    type: 'UserAssigned'", // 12
  "    userAssignedIdentities: { '${uami.id}': {} }", // 13
  '  }', // 14
  "  resource db 'databases' = {", // 15
  "    name: 'db'", // 16
  "    location: 'eastus'", // 17
  '  }', // 18
  '}', // 19
  'output id string = uami.id', // 20
  '',
].join('\n');

function graph(format: string): { stdout: string; status: number | null } {
  const root = tempWorkspace({ 'main.bicep': TEMPLATE });
  const run = spawnSync(process.execPath, [CLI, 'graph', '.', '--format', format], { cwd: root, encoding: 'utf8' });
  return { stdout: run.stdout, status: run.status };
}

describe('identity-isolation graph', () => {
  it('prints declarations, identities and assignments as JSON', () => {
    const { stdout, status } = graph('json');
    assert.equal(status, 0);
    const parsed = JSON.parse(stdout) as {
      files: { file: string; declarations: unknown[] }[];
      identities: unknown[];
      assignments: unknown[];
    };
    assert.deepEqual(parsed.files, [
      {
        file: 'main.bicep',
        declarations: [
          { kind: 'param', name: 'location', line: 1, type: null, parent: null },
          { kind: 'resource', name: 'uami', line: 3, type: 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30', parent: null },
          { kind: 'resource', name: 'sql', line: 8, type: 'Microsoft.Sql/servers@2023-08-01-preview', parent: null },
          { kind: 'resource', name: 'db', line: 15, type: 'Microsoft.Sql/servers/databases@2023-08-01-preview', parent: 'sql' },
          { kind: 'output', name: 'id', line: 20, type: null, parent: null },
        ],
      },
    ]);
    assert.deepEqual(parsed.identities, [
      { file: 'main.bicep', line: 3, name: 'uami', isolationScope: 'Regional', region: { value: 'westus', symbolic: null, from: "the default of parameter 'location'" } },
    ]);
    assert.deepEqual(parsed.assignments, [
      {
        file: 'main.bicep',
        line: 13,
        source: 'sql',
        identity: 'uami',
        sourceRegion: { value: 'eastus', symbolic: null, from: null },
        identityRegion: { value: 'westus', symbolic: null, from: "the default of parameter 'location'" },
      },
    ]);
  });

  it('draws regions as subgraphs and marks the cross-region edge in Mermaid', () => {
    const { stdout, status } = graph('mermaid');
    assert.equal(status, 0);
    assert.ok(stdout.startsWith('flowchart LR\n'));
    assert.match(stdout, /subgraph r\d+\["westus"\]\n {4}n0\(\["uami \(Regional\)"\]\)\n {2}end/);
    assert.match(stdout, /subgraph r\d+\["eastus"\]\n {4}n1\["sql"\]\n {2}end/);
    assert.match(stdout, /n0 -\. "cross-region" \.-> n1/);
  });
});
