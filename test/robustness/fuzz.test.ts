import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeText, auditPaths, initParsers } from '../../server/src/engine';
import { LspSession } from '../lsp/lsp-session';
import { GRAMMARS_DIR, REPO_ROOT } from '../helpers/paths';
import { fixFailureKind, formatFailure, formatStats, inputAt, loadSeeds, runEngineFuzz, type FuzzStats, type MutatedInput, type Seed } from './fuzz-core';
import { ServerFuzzer } from './server-fuzz';

// Fixed seeds and bounded counts keep this suite fast and reproducible; `npm run fuzz` runs the same
// checks for longer (scripts/fuzz.js). FUZZ_COUNT / FUZZ_SEED override the engine run's figures here.
const ENGINE_SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const ENGINE_COUNT = Number(process.env.FUZZ_COUNT ?? 1500);
const SERVER_COUNT = 120;
const DISK_COUNT = 150;
const CLI_JS = path.join(REPO_ROOT, 'server', 'out', 'cli.js');

function report(label: string, stats: FuzzStats): void {
  console.log(`      ${formatStats(label, stats)}`);
}

describe('mutation fuzzing (fixed seed, bounded count)', function () {
  this.timeout(60_000);
  let seeds: Seed[];

  before(async function () {
    await initParsers(GRAMMARS_DIR);
    seeds = loadSeeds(120);
    assert.ok(seeds.length >= 4, 'the examples at least');
  });

  describe('through the engine (analyzeText, applyEdits)', function () {
    let stats: FuzzStats;

    before(function () {
      stats = runEngineFuzz(seeds, ENGINE_SEED, ENGINE_COUNT, { hangMillis: 5000, maxFixesPerInput: 6 });
      report('engine', stats);
    });

    it('lets no exception escape and never hangs', function () {
      assert.equal(stats.inputs, ENGINE_COUNT);
      const crashes = stats.failures.filter((f) => f.kind === 'crash' || f.kind === 'crash-after-fix' || f.kind === 'hang');
      assert.deepEqual(crashes.map((f) => formatFailure(f)), []);
    });

    it('verifies fixes: each one parses no worse and clears its finding', function () {
      assert.ok(stats.fixesVerified > 100, `only ${stats.fixesVerified} fixes were offered: the seeds no longer exercise fixes`);
      const bad = stats.failures.filter((f) => f.kind === 'fix-breaks-parse' || f.kind === 'fix-not-cleared' || f.kind === 'fix-throws');
      // Counted apart, as these once differed: no fix is offered in a declaration with a syntax problem.
      const onCleanInput = bad.filter((f) => !hasSyntaxErrors(f.name, f.text));
      console.log(`      engine: ${bad.length - onCleanInput.length} bad fixes on inputs with syntax errors, ${onCleanInput.length} on clean inputs`);
      assert.deepEqual(bad.map((f) => formatFailure(f)), []);
    });

    // The isolation-scope-missing fix, offered on a template with a syntax error next to the identity,
    // used to add a syntax error or miss its finding (49 of 24,024 fixes in `npm run fuzz -- --seed
    // 424242 --count 50000`). Now a declaration with a syntax problem in it gets no fix; the finding stays.
    it('a fix offered on a template with a syntax error near the identity parses no worse and clears its finding', function () {
      const reproductions: [string, string][] = [
        // ARM, truncated inside the identity's object: `"properties": {…}` goes in before the stray `[` without a comma.
        ['azuredeploy.json', '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[{"type":"Microsoft.ManagedIdentity/userAssignedIdentities","apiVersion":"2023-01-31","name":"id","location":"westus",\n['],
        // ARM, a file cut off inside a string value (as while typing): the fix goes inside the string.
        ['azuredeploy.json', '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[{"type":"Microsoft.ManagedIdentity/userAssignedIdentities","apiVersion":"2023-01-31","name":"id-bat'],
        // ARM, an unterminated string after the type: the fix goes inside the string.
        ['azuredeploy.json', '{"$schema":"deploymentTemplate.json","resources":{"id":{"type":"Microsoft.ManagedIdentity/userAssignedIdentities""":"'],
        // Bicep, a property without a value: the inserted `properties: {…}` is read as that value, and the finding stays.
        ['main.bicep', "resource id 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {\n  name: 'id'\n  location:\n}\n"],
      ];
      for (const [name, text] of reproductions) assert.equal(fixFailureKind(`/fuzz/${name}`, text, 'isolation-scope-missing'), undefined, text);
    });

    // A malformed API version ('…@2023-01-31@') once got the new version after its last '@'
    // ('…@2023-01-31@2026-05-31'), and the finding stayed. Found by `npm run fuzz -- --seed 424242` (input 21671).
    it('the API-version fix replaces a malformed API version and clears its finding', function () {
      const text = "resource id 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31@' = {\n  name: 'id'\n  location: 'westus'\n  properties: {\n    isolationScope: 'Regional'\n  }\n}\n";
      assert.equal(hasSyntaxErrors('main.bicep', text), false, 'a clean input');
      assert.equal(fixFailureKind('/fuzz/main.bicep', text, 'isolation-scope-api-version'), undefined);
    });
  });

  describe('through files on disk (auditPaths and the CLI with --fix)', function () {
    let root: string;
    let inputs: { input: MutatedInput; file: string }[];

    before(function () {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-fuzz-'));
      inputs = [];
      for (let index = 0; index < DISK_COUNT; index++) {
        const input = inputAt(seeds, ENGINE_SEED + 1, index);
        const file = path.join(root, `n${index}`, input.seed.name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, input.bytes);
        inputs.push({ input, file });
      }
    });

    after(function () {
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('audits every mutated file (bytes as written: invalid UTF-8, NULs, BOMs) without an exception', async function () {
      const result = await auditPaths([root], { wasmDir: GRAMMARS_DIR });
      const accounted = new Set([...result.files.map((f) => f.path), ...result.skipped, ...result.problems.map((p) => p.file)]);
      assert.deepEqual(
        inputs.filter(({ file }) => !accounted.has(file)).map(({ file }) => file),
        [],
        'every file is analysed, skipped or a problem',
      );
      console.log(`      disk: ${inputs.length} inputs tried, ${result.files.length} analysed, ${result.skipped.length} skipped, ${result.problems.length} problems, 0 crashes`);
    });

    it('--fix writes fixes that parse no worse than the file did', function () {
      const before = new Map(inputs.map(({ file }) => [file, fs.readFileSync(file)]));
      const run = spawnSync(process.execPath, [CLI_JS, 'audit', root, '--fix', '--fail-on', 'none', '--format', 'json'], { encoding: 'utf8', timeout: 50_000 });
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      let changed = 0;
      const worse: string[] = [];
      for (const { file } of inputs) {
        const old = before.get(file) ?? Buffer.alloc(0);
        const now = fs.readFileSync(file);
        if (old.equals(now)) continue;
        changed++;
        const a = analyzeText(file, old.toString('utf8'));
        const b = analyzeText(file, now.toString('utf8'));
        const count = (x: typeof a) => (x.kind === 'analysed' ? x.template.problems.length : -1);
        if (count(b) > count(a)) worse.push(`${file}: ${count(a)} → ${count(b)} syntax errors`);
        if (old.subarray(0, 3).toString('latin1') === '\xef\xbb\xbf') assert.equal(now.subarray(0, 3).toString('latin1'), '\xef\xbb\xbf', `${file} keeps its BOM`);
      }
      console.log(`      cli --fix: ${changed} of ${inputs.length} mutated files fixed and re-parsed`);
      assert.deepEqual(worse, []);
    });
  });

  describe('through the live server process (stdio)', function () {
    let session: LspSession | undefined;

    afterEach(async function () {
      await session?.stop();
      session = undefined;
    });

    it('answers every request, stays up and offers only edits that parse and clear their finding', async function () {
      session = await LspSession.start({ root: fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-fuzz-lsp-')) });
      const fuzzer = new ServerFuzzer(session, { requestTimeoutMillis: 10_000, hoversPerInput: 3 });
      await fuzzer.run(seeds, ENGINE_SEED + 2, SERVER_COUNT);
      const stats = fuzzer.stats;
      report('server', stats);
      assert.ok(session.alive, 'the server is still running');
      const crashes = stats.failures.filter((f) => f.kind === 'crash' || f.kind === 'crash-after-fix' || f.kind === 'hang');
      assert.deepEqual(crashes.map((f) => formatFailure(f)), []);
      const badEdits = stats.failures.filter((f) => !crashes.includes(f));
      assert.deepEqual(badEdits.map((f) => formatFailure(f)), []);
      assert.equal(stats.inputs, SERVER_COUNT);
      // Internal errors are logged, one line each: none is expected on these inputs.
      assert.deepEqual(session.logs.filter((line) => /failed|Cannot analyse/.test(line)), []);
    });
  });
});

/** The known-bug class of the skipped test above: the input had syntax errors before any fix. */
function hasSyntaxErrors(name: string, text: string): boolean {
  const analysis = analyzeText(path.join(os.tmpdir(), 'probe', path.basename(name)), text);
  return analysis.kind === 'analysed' && analysis.template.problems.length > 0;
}
