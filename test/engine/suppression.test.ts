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
    assert.deepEqual(await rules({ 'main.bicep': bicep('#disable-next-line identity-cross-region') }), ['isolation-scope-missing']);
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
    assert.deepEqual(await rules({ 'azuredeploy.json': template('// #disable-next-line isolation-unresolved') }), ['isolation-scope-missing']);
  });
});
