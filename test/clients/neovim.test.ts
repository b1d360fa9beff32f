import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CASES_DIR, copyToTemp, REPO_ROOT } from '../helpers/paths';
import { SERVER_JS } from '../lsp/lsp-session';

/** Lua is not compiled: the probe runs from the source tree. */
const PROBE = path.join(REPO_ROOT, 'test', 'clients', 'neovim-probe.lua');

function neovimInstalled(): boolean {
  return spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Runs headless Neovim on a file with the probe, its XDG folders under `home`; `timeout` ends it even if a Lua error leaves it hanging. */
function runNeovim(cwd: string, file: string, home: string): Promise<{ status: number | null; output: string }> {
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_STATE_HOME: path.join(home, 'state'),
    IDENTITY_ISOLATION_NODE: process.execPath,
    IDENTITY_ISOLATION_SERVER: SERVER_JS,
  };
  const child = spawn('timeout', ['60', 'nvim', '--headless', '--clean', '-i', 'NONE', '-n', '-c', `luafile ${PROBE}`, file], { cwd, env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, output })));
}

describe('Neovim 0.7 as a real LSP client', function () {
  this.timeout(90000);

  before(function () {
    if (neovimInstalled()) return;
    if (process.env.REQUIRE_REAL_CLIENTS === '1') throw new Error('Neovim is required (REQUIRE_REAL_CLIENTS=1) but `nvim` is not installed: run scripts/install-real-clients.sh.');
    console.log('skipped: neovim not installed');
    this.skip();
  });

  it('shows the diagnostic, offers the preferred fix first, applies its versioned edit, and the diagnostic clears (c01)', async function () {
    assert.ok(fs.existsSync(SERVER_JS), `${SERVER_JS} is missing: run \`node scripts/build.js\` first.`);
    const root = copyToTemp(path.join(CASES_DIR, 'c01-missing-basic'));
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-nvim-'));
    const { status, output } = await runNeovim(root, 'main.bicep', home).finally(() => {
      for (const folder of [root, home]) fs.rmSync(folder, { recursive: true, force: true });
    });
    assert.equal(status, 0, output);
    const lines = output.split('\n');
    assert.ok(lines.includes('DIAG 2:14 isolation-scope-missing identity-isolation'), output);
    const actions = lines.filter((line) => line.startsWith('ACTION '));
    assert.match(actions[0] ?? '', /^ACTION quickfix \| Set isolationScope to 'Regional'.* \| preferred=true$/);
    assert.equal(actions[1], 'ACTION source.fixAll.identityIsolation | Fix all identity isolation problems in this file | preferred=false');
    assert.ok(lines.includes('EDIT documentChanges'), 'Neovim 0.7 is sent versioned edits, which it applies');
    assert.ok(lines.includes('CLEARED true'), output);
    assert.ok(lines.includes("LINE     isolationScope: 'Regional'"), output);
  });
});
