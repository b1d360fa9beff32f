import * as assert from 'node:assert/strict';
import { audit } from '../helpers/fix-harness';
import { ARM_SCHEMA, lines } from '../helpers/rule-tester';
import { tempWorkspace } from '../helpers/paths';

async function crossRegion(files: Record<string, string>): Promise<string[]> {
  const result = await audit(tempWorkspace(files));
  assert.deepEqual(result.problems, []);
  return result.findings.filter((f) => f.ruleId === 'identity-cross-region').map((f) => `${f.severity}: ${f.message}`);
}

const nestedDeployment = (scope: 'inner' | 'outer', identityLocation: string) =>
  lines(
    '{',
    `  ${ARM_SCHEMA}`,
    '  "parameters": { "region": { "type": "string", "defaultValue": "westus" } },',
    '  "resources": [',
    '    {',
    '      "type": "Microsoft.Resources/deployments",',
    '      "apiVersion": "2022-09-01",',
    '      "name": "inner-deploy",',
    '      "properties": {',
    '        "mode": "Incremental",',
    `        "expressionEvaluationOptions": { "scope": "${scope}" },`,
    '        "parameters": { "region": { "value": "eastus" } },',
    '        "template": {',
    `          ${ARM_SCHEMA}`,
    '          "parameters": { "region": { "type": "string" } },',
    '          "resources": [',
    `            { "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "apiVersion": "2024-11-30", "name": "id-n", "location": "${identityLocation}", "properties": { "isolationScope": "Regional" } },`,
    '            { "type": "Microsoft.Web/sites", "apiVersion": "2023-12-01", "name": "app-n", "location": "[parameters(\'region\')]",',
    '              "identity": { "type": "UserAssigned", "userAssignedIdentities": { "[resourceId(\'Microsoft.ManagedIdentity/userAssignedIdentities\', \'id-n\')]": {} } } }',
    '          ]',
    '        }',
    '      }',
    '    }',
    '  ]',
    '}',
  );

describe('evaluation of regions', () => {
  it("inner-scope nested deployments read their own parameters, fed by the deployment's values", async () => {
    const found = await crossRegion({ 'azuredeploy.json': nestedDeployment('inner', 'westus') });
    assert.equal(found.length, 1);
    assert.match(found[0] ?? '', /^error: .*Regional in westus .* in eastus \(from the value passed to parameter 'region'\)/);
  });

  it("outer-scope nested deployments read the enclosing template's parameters", async () => {
    assert.deepEqual(await crossRegion({ 'azuredeploy.json': nestedDeployment('outer', 'westus') }), []);
    const found = await crossRegion({ 'azuredeploy.json': nestedDeployment('outer', 'northeurope') });
    assert.match(found[0] ?? '', /Regional in northeurope .* in westus \(from the default of parameter 'region'\)/);
  });

  it('compares deployment().location and resourceGroup().location only with themselves', async () => {
    const template = (identity: string, site: string) =>
      lines(
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
        "  name: 'id-d'",
        `  location: ${identity}`,
        "  properties: { isolationScope: 'Regional' }",
        '}',
        "resource site 'Microsoft.Web/sites@2023-12-01' = {",
        "  name: 'app-d'",
        `  location: ${site}`,
        "  identity: { type: 'UserAssigned', userAssignedIdentities: { '${uami.id}': {} } }",
        '}',
      );
    const result = await audit(tempWorkspace({ 'main.bicep': template('deployment().location', 'resourceGroup().location') }));
    assert.deepEqual(result.findings.map((f) => `${f.ruleId}/${f.severity}`), ['isolation-unresolved/info']);
    const same = await audit(tempWorkspace({ 'main.bicep': template('az.resourceGroup().location', 'resourceGroup().location') }));
    assert.deepEqual(same.findings, []);
  });

  it("reads another resource's .location, variables, ternaries with a decided condition and toLower()", async () => {
    const found = await crossRegion({
      'main.bicep': lines(
        "param primary string = 'West Europe'",
        'param useSecondary bool = true',
        "var secondary = toLower('NorthEurope')",
        "resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {",
        "  name: 'plan'",
        '  location: useSecondary ? secondary : primary',
        '}',
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
        "  name: 'id-l'",
        '  location: primary',
        "  properties: { isolationScope: 'Regional' }",
        '}',
        "resource site 'Microsoft.Web/sites@2023-12-01' = {",
        "  name: 'app-l'",
        '  location: plan.location',
        "  identity: { type: 'UserAssigned', userAssignedIdentities: { '${uami.id}': {} } }",
        '}',
      ),
    });
    assert.equal(found.length, 1);
    assert.match(found[0] ?? '', /Regional in westeurope \(from the default of parameter 'primary'\) but is assigned to 'site' in northeurope/);
  });

  it('matches an identity named by a full resource id string', async () => {
    const found = await crossRegion({
      'main.bicep': lines(
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
        "  name: 'id-full'",
        "  location: 'westus'",
        "  properties: { isolationScope: 'Regional' }",
        '}',
        "resource site 'Microsoft.Web/sites@2023-12-01' = {",
        "  name: 'app-f'",
        "  location: 'eastus'",
        '  identity: {',
        "    type: 'UserAssigned'",
        "    userAssignedIdentities: { '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-full': {} }",
        '  }',
        '}',
      ),
    });
    assert.equal(found.length, 1);
  });

  it('still reports findings on conditional resources and conditional identity blocks, and says so', async () => {
    const found = await crossRegion({
      'main.bicep': lines(
        'param deploySite bool',
        'param useIdentity bool',
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
        "  name: 'id-c'",
        "  location: 'westus'",
        "  properties: { isolationScope: 'Regional' }",
        '}',
        "resource site 'Microsoft.Web/sites@2023-12-01' = if (deploySite) {",
        "  name: 'app-c'",
        "  location: 'eastus'",
        "  identity: { type: 'UserAssigned', userAssignedIdentities: { '${uami.id}': {} } }",
        '}',
        "resource job 'Microsoft.App/jobs@2024-03-01' = {",
        "  name: 'job-c'",
        "  location: 'eastus'",
        "  identity: useIdentity ? { type: 'UserAssigned', userAssignedIdentities: { '${uami.id}': {} } } : null",
        '}',
      ),
    });
    assert.equal(found.length, 2);
    for (const message of found) assert.match(message, /^error: .*This holds when the conditions on these resources are met\.$/);
  });

  it('treats a resource inside a nested deployment like one at the top: opaque properties with no identity in sight are not an unresolved identity', async () => {
    // Both resources take all of `properties` from a parameter nobody supplied; neither mentions an
    // identity. The top-level one always gave nothing; the nested one used to give an
    // isolation-unresolved info, so main.bicep and its compiled main.json disagreed.
    const opaque = (name: string) => `{ "type": "Microsoft.DataProtection/backupVaults/backupPolicies", "apiVersion": "2024-04-01", "name": "${name}", "properties": "[parameters('policy')]" }`;
    const result = await audit(
      tempWorkspace({
        'azuredeploy.json': lines(
          '{',
          `  ${ARM_SCHEMA}`,
          '  "parameters": { "policy": { "type": "object" } },',
          '  "resources": [',
          `    ${opaque('vault/top')},`,
          '    { "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "inner-deploy",',
          '      "properties": { "mode": "Incremental", "expressionEvaluationOptions": { "scope": "inner" },',
          '        "parameters": { "policy": { "value": "[parameters(\'policy\')]" } },',
          '        "template": {',
          `          ${ARM_SCHEMA}`,
          '          "parameters": { "policy": { "type": "object" } },',
          `          "resources": [ ${opaque('vault/nested')} ]`,
          '        } } }',
          '  ]',
          '}',
        ),
      }),
    );
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.findings, []);
  });
});
