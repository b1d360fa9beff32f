import { ARM_SCHEMA, lines, testRule } from '../../helpers/rule-tester';

testRule('isolation-unresolved', {
  valid: [
    {
      name: 'everything decided',
      language: 'bicep',
      code: lines(
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
        "  name: 'id-d'",
        "  location: 'westus'",
        "  properties: { isolationScope: 'Regional' }",
        '}',
      ),
    },
    {
      name: 'a site without user-assigned identities',
      language: 'arm',
      code: lines(
        '{',
        `  ${ARM_SCHEMA}`,
        '  "resources": [ { "type": "Microsoft.Web/sites", "apiVersion": "2023-12-01", "name": "app", "location": "westus", "identity": { "type": "SystemAssigned" } } ]',
        '}',
      ),
    },
  ],
  invalid: [
    {
      name: 'an identity set computed from a parameter',
      language: 'bicep',
      code: lines(
        'param idList string[]',
        "resource app 'Microsoft.Web/sites@2023-12-01' = {",
        "  name: 'app-b'",
        "  location: 'eastus'",
        '  identity: {',
        "    type: 'UserAssigned'",
        '    userAssignedIdentities: toObject(idList, i => i, i => {})',
        '  }',
        '}',
      ),
      reports: [{ line: 7, column: 29, severity: 'info', message: /The identity assigned to 'app' .* cannot be resolved/ }],
      output: null,
    },
    {
      name: 'a literal region against a parameter without a default',
      language: 'arm',
      code: lines(
        '{',
        `  ${ARM_SCHEMA}`,
        '  "parameters": { "where": { "type": "string" } },',
        '  "resources": [',
        '    { "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "apiVersion": "2024-11-30", "name": "id-u", "location": "westus", "properties": { "isolationScope": "Regional" } },',
        '    { "type": "Microsoft.Web/sites", "apiVersion": "2023-12-01", "name": "app-u", "location": "[parameters(\'where\')]",',
        '      "identity": { "type": "UserAssigned", "userAssignedIdentities": { "[resourceId(\'Microsoft.ManagedIdentity/userAssignedIdentities\', \'id-u\')]": {} } } }',
        '  ]',
        '}',
      ),
      reports: [{ line: 7, column: 73, severity: 'info', message: /Cannot tell whether identity 'id-u' and 'app-u' are in the same region/ }],
      output: null,
    },
  ],
});
