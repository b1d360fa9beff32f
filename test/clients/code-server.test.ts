import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CASES_DIR, REPO_ROOT } from '../helpers/paths';
import { skipUnlessAvailable } from './real-client-gate';
import { runScript, tail } from './run-script';

const TOOLS = path.join(REPO_ROOT, '.vscode-test', 'cs', 'node_modules');
const REQUIRED: Record<string, string> = {
  'code-server (scripts/install-real-clients.sh)': path.join(TOOLS, '.bin', 'code-server'),
  'playwright-core (scripts/install-real-clients.sh)': path.join(TOOLS, 'playwright-core'),
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  '../shared/cases': CASES_DIR,
  'server/out/server.js (npm run build)': path.join(REPO_ROOT, 'server', 'out', 'server.js'),
};

describe('VS Code extension in code-server 4.100.3 with headless Chromium', function () {
  this.timeout(240_000);

  it('passes the extension-host suite (test/vscode)', async function () {
    skipUnlessAvailable(this, 'code-server suite', Object.keys(REQUIRED).filter((what) => !fs.existsSync(REQUIRED[what] ?? '')));
    const run = await runScript('bash', ['scripts/e2e-code-server.sh'], 230_000);
    assert.equal(run.code, 0, `scripts/e2e-code-server.sh failed:\n${tail(run.output)}`);
    assert.match(run.output, /\d+ passing/);
    assert.doesNotMatch(run.output, /\d+ failing/);
  });

  it('passes the Restricted Mode suite with workspace trust enabled and the workspace untrusted', async function () {
    skipUnlessAvailable(this, 'code-server suite', Object.keys(REQUIRED).filter((what) => !fs.existsSync(REQUIRED[what] ?? '')));
    const run = await runScript('bash', ['scripts/e2e-code-server.sh', '--untrusted'], 230_000);
    assert.equal(run.code, 0, `scripts/e2e-code-server.sh --untrusted failed:\n${tail(run.output)}`);
    assert.match(run.output, /4 passing/);
    assert.doesNotMatch(run.output, /\d+ failing/);
  });
});
