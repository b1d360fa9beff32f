import { ARM_SCHEMA, lines, testRule } from '../../helpers/rule-tester';

testRule('unused-suppression', {
  valid: [
    {
      name: 'a directive that silences a finding',
      language: 'bicep',
      code: lines(
        '#disable-next-line isolation-scope-missing',
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {",
        "  name: 'id-a'",
        "  location: 'westus'",
        '}',
      ),
    },
    {
      name: 'another tool\'s code is none of our business',
      language: 'arm',
      code: lines('{', `  ${ARM_SCHEMA}`, '  // #disable-next-line some-other-linter-rule', '  "resources": []', '}'),
    },
  ],
  invalid: [
    {
      name: 'a directive whose finding is gone',
      language: 'bicep',
      code: lines(
        '#disable-next-line BCP073 isolation-scope-missing',
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {",
        "  name: 'id-a'",
        "  location: 'westus'",
        "  properties: { isolationScope: 'Regional' }",
        '}',
      ),
      reports: [{ line: 1, column: 1, severity: 'info', message: /silences nothing any more \(isolation-scope-missing\)/ }],
      output: null,
    },
    {
      name: 'a file-wide disable in ARM JSON that silences nothing',
      language: 'arm',
      code: lines('{', `  ${ARM_SCHEMA}`, '  // #disable-diagnostics identity-cross-region', '  "resources": []', '}'),
      reports: [{ line: 3, column: 3, severity: 'info' }],
      output: null,
    },
  ],
});
