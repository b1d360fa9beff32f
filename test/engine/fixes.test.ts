import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertFixClears, audit, findingAt } from '../helpers/fix-harness';
import { CASES_DIR, copyToTemp, sharedAvailable, tempWorkspace } from '../helpers/paths';

const BCP073 = "// Bicep's type data marks properties read-only on this API version; Azure applies isolationScope from 2024-11-30.";

async function fixCase(caseName: string, file: string, ruleId: string, line: number) {
  const root = copyToTemp(path.join(CASES_DIR, caseName));
  const before = await audit(root);
  const finding = findingAt(before, ruleId, file, line);
  const [fix] = finding.fixes;
  assert.ok(fix, 'a fix is offered');
  const { text, after } = await assertFixClears(root, finding, fix);
  return { root, finding, fix, text, after };
}

describe('fixes on the shared cases', function () {
  before(function () {
    if (!sharedAvailable()) this.skip();
  });

  it('c01: adds properties and moves the API version to the newest GA version', async () => {
    const { text, fix } = await fixCase('c01-missing-basic', 'main.bicep', 'isolation-scope-missing', 3);
    assert.equal(fix.title, "Set isolationScope to 'Regional' and move the API version to 2026-05-31");
    assert.ok(fix.safe && fix.isPreferred);
    assert.equal(
      text.split('\n').slice(2, 10).join('\n'),
      [
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {",
        "  name: 'id-web'",
        '  location: location',
        '  properties: {',
        "    isolationScope: 'Regional'",
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('c02: adds properties at the body indentation, with the BCP073 directive, and leaves the decorator alone', async () => {
    const { text } = await fixCase('c02-scope-is-not-isolation-scope', 'main.bicep', 'isolation-scope-missing', 2);
    assert.equal(
      text,
      [
        '@onlyIfNotExists()',
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
        '  scope: resourceGroup()',
        "  name: 'id-build'",
        '  location: resourceGroup().location',
        `  ${BCP073}`,
        '  #disable-next-line BCP073',
        '  properties: {',
        "    isolationScope: 'Regional'",
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('c03: no fix turns a value from a parameter into a literal; the old identity moves its API version', async () => {
    const root = copyToTemp(path.join(CASES_DIR, 'c03-scope-from-param-and-old-api'));
    const result = await audit(root);
    const fromParameter = findingAt(result, 'isolation-scope-not-regional', 'main.bicep', 7);
    assert.deepEqual(fromParameter.fixes, []);
    assert.match(fromParameter.message, /from the default of parameter 'isolation'/);
    assert.deepEqual(
      fromParameter.related.map((r) => r.range.start),
      [fs.readFileSync(path.join(root, 'main.bicep'), 'utf8').indexOf("= 'None'") + 2],
    );
    const { fix } = await fixCase('c03-scope-from-param-and-old-api', 'main.bicep', 'isolation-scope-missing', 10);
    assert.match(fix.title, /move the API version to 2026-05-31/);
  });

  it('c09: fills the empty properties block and replaces only the None literal, keeping tabs', async () => {
    const first = await fixCase('c09-empty-properties-and-tabs', 'main.bicep', 'isolation-scope-missing', 1);
    assert.equal(
      first.text.split('\n').slice(0, 9).join('\n'),
      [
        "resource a 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
        "  name: 'id-1'",
        "  location: 'westus'",
        `  ${BCP073}`,
        '  #disable-next-line BCP073',
        '  properties: {',
        "    isolationScope: 'Regional'",
        '  }',
        '}',
      ].join('\n'),
    );
    assert.equal((first.text.match(/properties:/g) ?? []).length, 2, 'no second properties key');
    const second = findingAt(first.after, 'isolation-scope-not-regional', 'main.bicep', 13);
    const [fix] = second.fixes;
    assert.ok(fix);
    assert.deepEqual(fix.edits.map((edit) => edit.newText), ["'Regional'"]);
    const { text, after } = await assertFixClears(first.root, second, fix);
    assert.ok(text.includes("\tproperties: { isolationScope: 'Regional' }\n"), 'tabs kept');
    assert.deepEqual(after.findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId), [], 'nothing left to fix');
  });

  it('c10: inserts CRLF only, never splits a CRLF, keeps the missing final newline', async () => {
    const { text, fix } = await fixCase('c10-crlf-no-final-newline', 'main.bicep', 'isolation-scope-missing', 1);
    assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    assert.ok(!text.endsWith('\n'));
    const original = fs.readFileSync(path.join(CASES_DIR, 'c10-crlf-no-final-newline', 'main.bicep'), 'utf8');
    for (const edit of fix.edits) {
      for (const offset of [edit.range.start, edit.range.end]) assert.ok(!(original[offset - 1] === '\r' && original[offset] === '\n'), 'edit inside a CRLF');
    }
  });

  it('c11: replaces the escaped literal with "Regional"', async () => {
    const { text } = await fixCase('c11-arm-bracket-escapes', 'azuredeploy.json', 'isolation-scope-not-regional', 11);
    assert.ok(text.includes('"properties": { "isolationScope": "Regional" }'));
    assert.ok(text.includes('"note": "[team]owned"'));
  });

  it('c12: inserts properties with valid commas and keeps both comments byte for byte', async () => {
    const { text } = await fixCase('c12-arm-comments-multiline-string', 'azuredeploy.json', 'isolation-scope-missing', 7);
    assert.ok(text.includes('    // build identity\n'));
    assert.ok(text.includes('"name": "id-c", /* keep */\n'));
    assert.ok(text.includes(`"location": "[concat('west',\n        'us')]",\n      "properties": {\n        "isolationScope": "Regional"\n      }\n    }`));
  });

  it('c15: the Regional fix would break the container group: not preferred, not safe, and its title says so', async () => {
    const root = copyToTemp(path.join(CASES_DIR, 'c15-arm-classic-cross-region'));
    const finding = findingAt(await audit(root), 'isolation-scope-missing', 'azuredeploy.json', 15);
    const [fix] = finding.fixes;
    assert.ok(fix);
    assert.equal(fix.safe, false);
    assert.equal(fix.isPreferred, false);
    assert.equal(fix.title, "Set isolationScope to 'Regional' (breaks the assignment to 'worker' in swedencentral)");
  });

  it('c16: moves the API version and names it in the title', async () => {
    const { text, fix } = await fixCase('c16-scope-on-old-api-version', 'main.bicep', 'isolation-scope-api-version', 1);
    assert.equal(fix.title, 'Move the API version to 2026-05-31, which has isolationScope');
    assert.ok(text.startsWith("resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {"));
  });
});

describe('fixes keep the file as it was written', () => {
  it('keeps a BOM and tab indentation in ARM JSON and adds a comma after the last property', async () => {
    const root = tempWorkspace({
      'azuredeploy.json':
        '\uFEFF{\n\t"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n\t"resources": [\n\t\t{\n\t\t\t"type": "Microsoft.ManagedIdentity/userAssignedIdentities",\n\t\t\t"apiVersion": "2023-01-31",\n\t\t\t"name": "id-t",\n\t\t\t"location": "westus"\n\t\t}\n\t]\n}\n',
    });
    const finding = findingAt(await audit(root), 'isolation-scope-missing', 'azuredeploy.json', 5);
    const [fix] = finding.fixes;
    assert.ok(fix);
    const { text } = await assertFixClears(root, finding, fix);
    assert.equal(
      text,
      '\uFEFF{\n\t"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n\t"resources": [\n\t\t{\n\t\t\t"type": "Microsoft.ManagedIdentity/userAssignedIdentities",\n\t\t\t"apiVersion": "2024-11-30",\n\t\t\t"name": "id-t",\n\t\t\t"location": "westus",\n\t\t\t"properties": {\n\t\t\t\t"isolationScope": "Regional"\n\t\t\t}\n\t\t}\n\t]\n}\n',
    );
  });

  it('adds to a one-line Bicep properties object with a comma', async () => {
    const root = tempWorkspace({
      'main.bicep': "resource u 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {\n  name: 'id-o'\n  location: 'westus'\n  properties: { tags: 'x' }\n}\n",
    });
    const finding = findingAt(await audit(root), 'isolation-scope-missing', 'main.bicep', 1);
    const [fix] = finding.fixes;
    assert.ok(fix);
    const { text } = await assertFixClears(root, finding, fix);
    assert.ok(text.includes("  properties: { tags: 'x', isolationScope: 'Regional' }\n"));
  });
});
