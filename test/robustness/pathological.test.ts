import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditPaths, type AuditResult } from '../../server/src/engine';
import { GRAMMARS_DIR } from '../helpers/paths';
import { armIdentity, armTemplate, bicepPair, timed, writeWorkspace } from './helpers';

/** A storage account in westus carrying identity 'id' (ARM). */
const ARM_SOURCE = {
  type: 'Microsoft.Storage/storageAccounts',
  apiVersion: '2023-01-01',
  name: 'st',
  location: 'westus',
  identity: { type: 'UserAssigned', userAssignedIdentities: { "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id')]": {} } },
};
const REGIONAL = { properties: { isolationScope: 'Regional' } };

/** Each case: files, and what the note deciding the pair must say. Nothing may loop, throw or guess a finding. */
const CYCLES: { name: string; files: Record<string, string>; note: RegExp }[] = [
  { name: 'a variable that refers to itself', files: { 'main.bicep': `var a = a\n${bicepPair('a')}` }, note: /'a' refers to itself/ },
  { name: 'variables in a cycle (a → b → c → a)', files: { 'main.bicep': `var a = b\nvar b = c\nvar c = a\n${bicepPair('a')}` }, note: /refers to itself/ },
  { name: 'a variable inside its own object', files: { 'main.bicep': `var o = { x: o.x, y: o }\n${bicepPair('o.x')}` }, note: /refers to itself/ },
  { name: 'a variable through a lambda over itself', files: { 'main.bicep': `var l = map(l, x => x)\n${bicepPair('l[0]')}` }, note: /refers to itself|cannot|undecided/ },
  { name: 'a parameter default that refers to itself', files: { 'main.bicep': `param p string = p\n${bicepPair('p')}` }, note: /'p' refers to itself/ },
  { name: 'parameter defaults that refer to each other', files: { 'main.bicep': `param p1 string = p2\nparam p2 string = p1\n${bicepPair('p1')}` }, note: /refers to itself/ },
  { name: 'a resource whose location is its own', files: { 'main.bicep': bicepPair('id.location') }, note: /'location' of 'id' refers to itself/ },
  {
    name: 'ARM: a variable that refers to itself',
    files: { 'azuredeploy.json': armTemplate({ variables: { a: "[variables('a')]" }, resources: [armIdentity('id', "[variables('a')]", REGIONAL), ARM_SOURCE] }) },
    note: /'a' refers to itself/,
  },
  {
    name: 'ARM: parameter defaults that refer to each other',
    files: {
      'azuredeploy.json': armTemplate({
        parameters: { p1: { type: 'string', defaultValue: "[parameters('p2')]" }, p2: { type: 'string', defaultValue: "[parameters('p1')]" } },
        resources: [armIdentity('id', "[parameters('p1')]", REGIONAL), ARM_SOURCE],
      }),
    },
    note: /refers to itself/,
  },
];

/** Cycles through a string function or an interpolation: undecided, but the note loses the cycle. */
const CYCLES_THROUGH_STRINGS: { name: string; files: Record<string, string> }[] = [
  { name: 'a variable interpolating itself', files: { 'main.bicep': `var a = '\${a}x'\n${bicepPair('a')}` } },
  { name: 'a variable concatenating itself', files: { 'main.bicep': `var a = concat(a, 'x')\n${bicepPair('a')}` } },
  {
    name: 'ARM: variables in a cycle through concat and an object',
    files: {
      'azuredeploy.json': armTemplate({
        variables: { a: "[concat(variables('b').x, '')]", b: { x: "[variables('a')]" } },
        resources: [armIdentity('id', "[variables('a')]", REGIONAL), ARM_SOURCE],
      }),
    },
  },
];

function notes(result: AuditResult): string[] {
  return result.findings.filter((f) => f.ruleId === 'isolation-unresolved').map((f) => f.message);
}

describe('pathological expressions and module graphs', function () {
  this.timeout(20_000);
  const roots: string[] = [];

  afterEach(function () {
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  async function audit(files: Record<string, string>): Promise<{ result: AuditResult; millis: number }> {
    const root = writeWorkspace(files);
    roots.push(root);
    const { value, millis } = await timed(() => auditPaths([root], { wasmDir: GRAMMARS_DIR }));
    return { result: value, millis };
  }

  for (const { name, files, note } of CYCLES) {
    it(`${name}: detected, reported as undecided, no finding guessed`, async function () {
      const { result, millis } = await audit(files);
      assert.ok(millis < 5000, `took ${Math.round(millis)} ms`);
      assert.deepEqual(result.problems, []);
      assert.ok(!result.findings.some((f) => f.ruleId === 'identity-cross-region'), 'no cross-region finding is guessed');
      assert.ok(notes(result).some((message) => note.test(message)), notes(result).join('\n') || 'no note');
    });
  }

  for (const { name, files } of CYCLES_THROUGH_STRINGS) {
    it(`${name}: ends, reported as undecided, no finding guessed`, async function () {
      const { result, millis } = await audit(files);
      assert.ok(millis < 5000, `took ${Math.round(millis)} ms`);
      assert.ok(!result.findings.some((f) => f.ruleId === 'identity-cross-region'), 'no cross-region finding is guessed');
      assert.ok(notes(result).some((message) => /Cannot tell whether identity 'id' and 'st' are in the same region/.test(message)), notes(result).join('\n') || 'no note');
    });
  }

  // BUG: a cycle through concat(), format() or a '${…}' interpolation loses its reason: the note says
  // "the location is not a string" instead of "'a' refers to itself" (string functions drop the
  // reason of an undecided argument). Repro: `var a = concat(a, 'x')` as an identity's location.
  it('a cycle through a string function is named in the note', async function () {
    for (const { files } of CYCLES_THROUGH_STRINGS) {
      const { result } = await audit(files);
      assert.ok(notes(result).some((message) => /refers to itself/.test(message)), notes(result).join('\n'));
    }
  });

  it('a Bicep module that includes itself: reported, and the rest of the file analysed', async function () {
    const { result } = await audit({ 'main.bicep': `module self './main.bicep' = {\n  name: 'self'\n}\n${bicepPair("'eastus'")}` });
    assert.ok(notes(result).some((m) => /module 'self' includes a file that includes it/.test(m)), notes(result).join('\n'));
    assert.equal(result.findings.filter((f) => f.ruleId === 'identity-cross-region').length, 1, 'the identity beside the module is still checked');
  });

  it('Bicep modules that include each other in a ring of three, each passing outputs on: reported, ends', async function () {
    const { result, millis } = await audit({
      'a.bicep': "module b './b.bicep' = {\n  name: 'b'\n}\noutput o string = b.outputs.o\n",
      'b.bicep': "module c './c.bicep' = {\n  name: 'c'\n}\noutput o string = c.outputs.o\n",
      'c.bicep': `module a './a.bicep' = {\n  name: 'a'\n}\noutput o string = a.outputs.o\n${bicepPair('a.outputs.o')}`,
    });
    assert.ok(millis < 5000, `took ${Math.round(millis)} ms`);
    for (const file of ['a.bicep', 'b.bicep', 'c.bicep']) {
      assert.ok(
        result.findings.some((f) => path.basename(f.file) === file && /includes a file that includes it/.test(f.message)),
        `${file}: ${notes(result).join('\n')}`,
      );
    }
    assert.ok(!result.findings.some((f) => f.ruleId === 'identity-cross-region'));
  });

  it('a module loop that fans out into itself 100 times: one note, no blow-up', async function () {
    const { result, millis } = await audit({ 'main.bicep': `module m './main.bicep' = [for i in range(0, 100): {\n  name: 'm\${i}'\n}]\n${bicepPair("'westus'")}` });
    assert.ok(millis < 5000, `took ${Math.round(millis)} ms`);
    assert.equal(result.findings.filter((f) => /includes a file that includes it/.test(f.message)).length, 1);
  });

  it('a chain of 40 modules, deeper than the engine follows: stops and says so', async function () {
    const files: Record<string, string> = {};
    for (let index = 0; index < 40; index++) files[`m${index}.bicep`] = `module next './m${index + 1}.bicep' = {\n  name: 'n${index}'\n}\noutput o string = next.outputs.o\n`;
    files['m40.bicep'] = "output o string = 'westus'\n";
    files['m0.bicep'] += bicepPair('next.outputs.o');
    const { result, millis } = await audit(files);
    assert.ok(millis < 10_000, `took ${Math.round(millis)} ms`);
    assert.ok(result.findings.some((f) => /nested too deeply to follow/.test(f.message)), notes(result).slice(0, 5).join('\n'));
  });

  it('ARM templateLinks that include each other: the audit ends', async function () {
    const link = (name: string, target: string) => ({ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name, properties: { mode: 'Incremental', templateLink: { relativePath: target } } });
    const { result, millis } = await audit({
      'a.json': armTemplate({ resources: [link('b', 'b.json'), ARM_SOURCE] }),
      'b.json': armTemplate({ resources: [link('a', 'a.json'), link('self', 'b.json'), armIdentity('id', 'eastus', REGIONAL)] }),
    });
    assert.ok(millis < 5000, `took ${Math.round(millis)} ms`);
    assert.deepEqual(result.problems, []);
  });

  // BUG: linkedTemplateEvaluators (graph/build.ts) skips a templateLink back into the chain without a
  // note (Bicep modules get "includes a file that includes it"): the cycle is not reported.
  it('ARM templateLinks that include each other: reported like Bicep modules', async function () {
    const link = (name: string, target: string) => ({ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name, properties: { mode: 'Incremental', templateLink: { relativePath: target } } });
    const { result } = await audit({
      'a.json': armTemplate({ resources: [link('b', 'b.json')] }),
      'b.json': armTemplate({ resources: [link('a', 'a.json'), armIdentity('id', 'eastus', REGIONAL)] }),
    });
    assert.ok(result.findings.some((f) => /includes a file that includes it/.test(f.message)), result.findings.map((f) => f.message).join('\n'));
  });
});
