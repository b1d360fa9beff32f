import { ARM_SCHEMA, lines, testRule } from '../../helpers/rule-tester';

const armIdentity = (apiVersion: string, properties: string) =>
  lines(
    '{',
    `  ${ARM_SCHEMA}`,
    '  "resources": [',
    '    {',
    '      "type": "Microsoft.ManagedIdentity/userAssignedIdentities",',
    `      "apiVersion": "${apiVersion}",`,
    '      "name": "id-v",',
    '      "location": "westus",',
    `      "properties": ${properties}`,
    '    }',
    '  ]',
    '}',
  );

testRule('isolation-scope-api-version', {
  valid: [
    {
      name: 'the first API version with the property',
      language: 'bicep',
      code: lines(
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
        "  name: 'id-a'",
        "  location: 'westus'",
        "  properties: { isolationScope: 'Regional' }",
        '}',
      ),
    },
    { name: 'a preview version that has it', language: 'arm', code: armIdentity('2025-01-31-preview', '{ "isolationScope": "Regional" }') },
  ],
  invalid: [
    {
      name: 'Regional on 2023-01-31: Bicep moves to the newest GA version',
      language: 'bicep',
      code: lines(
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {",
        "  name: 'id-a'",
        "  location: 'westus'",
        "  properties: { isolationScope: 'Regional' }",
        '}',
      ),
      reports: [{ line: 1, column: 15, severity: 'error', message: /API version 2023-01-31 does not have that property/ }],
      output: lines(
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {",
        "  name: 'id-a'",
        "  location: 'westus'",
        "  properties: { isolationScope: 'Regional' }",
        '}',
      ),
    },
    {
      name: 'ARM JSON moves to 2024-11-30',
      language: 'arm',
      code: armIdentity('2018-11-30', '{ "isolationScope": "Regional" }'),
      reports: [{ line: 5, column: 15, severity: 'error' }],
      output: armIdentity('2024-11-30', '{ "isolationScope": "Regional" }'),
    },
  ],
});
