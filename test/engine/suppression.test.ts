import * as assert from 'node:assert/strict';
import { audit } from '../helpers/fix-harness';
import { ARM_SCHEMA, lines } from '../helpers/rule-tester';
import { tempWorkspace } from '../helpers/paths';

const rules = async (files: Record<string, string>) => (await audit(tempWorkspace(files))).findings.map((f) => f.ruleId).sort();

describe('#disable-next-line', () => {
  const bicep = (directive: string) =>
    lines(
      directive,
      "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {",
      "  name: 'id-s'",
      "  location: 'westus'",
      '}',
    );

  it('silences the listed rule on the next line in Bicep, and only that rule', async () => {
    assert.deepEqual(await rules({ 'main.bicep': bicep('#disable-next-line isolation-scope-missing') }), []);
    assert.deepEqual(await rules({ 'main.bicep': bicep('#disable-next-line BCP073 isolation-scope-missing // reviewed') }), []);
    // A directive for a rule that does not fire there silences nothing, and says so.
    assert.deepEqual(await rules({ 'main.bicep': bicep('#disable-next-line identity-cross-region') }), ['isolation-scope-missing', 'unused-suppression']);
    assert.deepEqual(await rules({ 'main.bicep': bicep('// #disable-next-line isolation-scope-missing') }), ['isolation-scope-missing'], 'a comment is not a Bicep directive');
  });

  it('works as a // comment in ARM JSON', async () => {
    const template = (directive: string) =>
      lines(
        '{',
        `  ${ARM_SCHEMA}`,
        '  "resources": [',
        '    {',
        `      ${directive}`,
        '      "type": "Microsoft.ManagedIdentity/userAssignedIdentities",',
        '      "apiVersion": "2024-11-30",',
        '      "name": "id-j",',
        '      "location": "westus"',
        '    }',
        '  ]',
        '}',
      );
    assert.deepEqual(await rules({ 'azuredeploy.json': template('// #disable-next-line isolation-scope-missing') }), []);
    assert.deepEqual(await rules({ 'azuredeploy.json': template('// #disable-next-line isolation-unresolved') }), ['isolation-scope-missing', 'unused-suppression']);
  });

  it('#disable-diagnostics silences rules until #restore-diagnostics (or the end of the file)', async () => {
    const identity = (name: string) => [
      `resource ${name} 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {`,
      `  name: '${name}'`,
      "  location: 'westus'",
      '}',
    ];
    const file = lines('#disable-diagnostics isolation-scope-missing', ...identity('a'), '#restore-diagnostics isolation-scope-missing', ...identity('b'));
    const result = await audit(tempWorkspace({ 'main.bicep': file }));
    assert.deepEqual(result.findings.map((f) => `${f.ruleId}@${f.range.start}`), [`isolation-scope-missing@${file.indexOf("'Microsoft", file.indexOf('resource b'))}`]);
    assert.deepEqual(await rules({ 'main.bicep': lines('#disable-diagnostics isolation-scope-missing', ...identity('a'), ...identity('b')) }), []);
  });
});
