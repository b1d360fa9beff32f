import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { perturb } from '../../bench/corpus';
import { REPO_ROOT, tempWorkspace } from '../helpers/paths';

const BENCH_JS = path.join(REPO_ROOT, 'out', 'bench', 'main.js');

const BICEP = `param location string = 'westeurope'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-bench'
  location: location
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-bench'
  location: 'eastus'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '\${identity.id}': {}
    }
  }
}
`;

const ARM = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
      "apiVersion": "2024-11-30",
      "name": "id-arm",
      "location": "westeurope"
    }
  ]
}
`;

/** Metrics a quick run on a corpus without the named real files still measures. */
const EXPECTED_METRICS = [
  'audit_over_naive_parse',
  'scale_2x_over_1x',
  'parallel_speedup_2_cores',
  'cli_peak_rss_mb_2x',
  'keystroke_p50_ms_5k',
  'keystroke_p95_ms_5k',
  'keystroke_p95_ms_20k',
  'keystroke_arm_2mb_over_parse',
  'cold_start_ms',
  'client_require_ms',
  'server_rss_mb_after_audit',
  'server_rss_mb_50_open',
];

describe('the benchmark', function () {
  // It starts the CLI five times and the language server six times.
  this.timeout(60_000);

  it('runs on a tiny corpus and writes finite numbers for its metrics', () => {
    const corpus = tempWorkspace({ 'repo/main.bicep': BICEP, 'arm.json': ARM });
    const out = path.join(corpus, '..', `${path.basename(corpus)}-results.json`);
    try {
      const run = spawnSync(process.execPath, [BENCH_JS, '--corpus', corpus, '--copies', '2', '--edits', '3', '--quick', '--out', out], { encoding: 'utf8' });
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /metric\s+value\s+target\s+met/);
      const { metrics } = JSON.parse(fs.readFileSync(out, 'utf8')) as { metrics: Record<string, unknown> };
      for (const [name, value] of Object.entries(metrics)) assert.ok(typeof value === 'number' && Number.isFinite(value), `${name}: ${String(value)}`);
      assert.deepEqual(EXPECTED_METRICS.filter((name) => !(name in metrics)), []);
    } finally {
      fs.rmSync(corpus, { recursive: true, force: true });
      fs.rmSync(out, { force: true });
    }
  });

  it('perturbs copies only by whitespace at line ends, unique to each copy', () => {
    const json = perturb(ARM, ' \t ');
    assert.deepEqual(JSON.parse(json), JSON.parse(ARM));
    assert.notEqual(json, perturb(ARM, '  \t'));
    assert.equal(perturb('a\r\nb', '   '), 'a   \r\nb   ');
    // tree-sitter-bicep continues a comment that ends in a backslash: blanks after it would change the parse.
    assert.equal(perturb('// path C:\\\nparam x string\n', '   '), '// path C:\\\nparam x string   \n');
  });
});
