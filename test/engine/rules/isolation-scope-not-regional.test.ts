import { ARM_SCHEMA, lines, testRule } from '../../helpers/rule-tester';

const armIdentity = (properties: string, parameters = '') =>
  lines(
    '{',
    `  ${ARM_SCHEMA}`,
    `  "parameters": {${parameters}},`,
    '  "resources": [',
    '    {',
    '      "type": "Microsoft.ManagedIdentity/userAssignedIdentities",',
    '      "apiVersion": "2024-11-30",',
    '      "name": "id-n",',
    '      "location": "westus",',
    `      "properties": ${properties}`,
    '    }',
    '  ]',
    '}',
  );

testRule('isolation-scope-not-regional', {
  valid: [
    {
      name: 'a ternary whose branches are both Regional is decided',
      language: 'bicep',
      code: lines(
        'param strict bool',
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {",
        "  name: 'id-t'",
        "  location: 'westus'",
        "  properties: { isolationScope: strict ? 'Regional' : 'Regional' }",
        '}',
      ),
    },
    { name: 'Regional through a variable', language: 'arm', code: armIdentity('{ "isolationScope": "[variables(\'scope\')]" }').replace('"resources"', '"variables": { "scope": "Regional" },\n  "resources"') },
  ],
  invalid: [
    {
      name: "a literal 'None' is replaced, nothing else changes",
      language: 'bicep',
      code: lines(
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {",
        "  name: 'id-n'",
        "  location: 'westus'",
        '  properties: {',
        "    isolationScope: 'None'",
        '  }',
        '}',
      ),
      reports: [{ line: 5, column: 21, severity: 'warning', message: /has isolationScope 'None', so it can be assigned/ }],
      output: lines(
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {",
        "  name: 'id-n'",
        "  location: 'westus'",
        '  properties: {',
        "    isolationScope: 'Regional'",
        '  }',
        '}',
      ),
    },
    {
      name: 'a value from a variable names its origin and is not rewritten',
      language: 'bicep',
      code: lines(
        "var scope = 'None'",
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {",
        "  name: 'id-v'",
        "  location: 'westus'",
        '  properties: { isolationScope: scope }',
        '}',
      ),
      reports: [{ line: 5, column: 33, message: /'None' \(from variable 'scope'\)/ }],
      output: null,
    },
    {
      name: 'a literal "None" in ARM JSON',
      language: 'arm',
      code: armIdentity('{ "isolationScope": "None" }'),
      reports: [{ line: 10, column: 41 }],
      output: armIdentity('{ "isolationScope": "Regional" }'),
    },
    {
      name: 'an invalid value from a parameter default',
      language: 'arm',
      code: armIdentity('{ "isolationScope": "[parameters(\'scope\')]" }', ' "scope": { "type": "string", "defaultValue": "Global" } '),
      reports: [{ line: 10, column: 41, message: /'Global' \(from the default of parameter 'scope'\), which is not a valid value/ }],
      output: null,
    },
  ],
});
