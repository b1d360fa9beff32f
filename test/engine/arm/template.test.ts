import * as assert from 'node:assert/strict';
import { span } from '../../../server/src/engine/model/range';
import { SourceFile } from '../../../server/src/engine/model/source-file';
import type { ResourceDeclaration, Template } from '../../../server/src/engine/model/template';
import { parseArmTemplate, type ArmParseResult } from '../../../server/src/engine/parse/arm';
import { parseTemplateText, rangeOf, TEMPLATE_SCHEMA } from './helpers';

function parseText(text: string): ArmParseResult {
  return parseArmTemplate(new SourceFile('/test/file.json', text));
}

function resource(template: Template, name: string): ResourceDeclaration {
  const found = template.declarations.find((declaration) => declaration.kind === 'resource' && declaration.name === name);
  if (found?.kind !== 'resource') assert.fail(`no resource ${name}`);
  return found;
}

describe('ARM template reading', () => {
  describe('what is a template', () => {
    for (const schema of [
      'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
      'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
      'https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#',
      'https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#',
      'HTTPS://SCHEMA.MANAGEMENT.AZURE.COM/SCHEMAS/2019-04-01/DEPLOYMENTTEMPLATE.JSON#',
    ]) {
      it(`accepts ${schema.split('/').slice(-2).join('/')}`, () => {
        assert.equal(parseText(`{ "$schema": "${schema}", "resources": [] }`).kind, 'template');
      });
    }

    it('finds the $schema after other properties', () => {
      assert.equal(parseText(`{ "contentVersion": "1.0.0.0", "resources": [], "$schema": "${TEMPLATE_SCHEMA}" }`).kind, 'template');
    });

    const notTemplates: [string, string][] = [
      ['a parameters file', '{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#" }'],
      ['a file that only mentions deploymentTemplate', '{ "description": "see deploymentTemplate.json", "resources": [] }'],
      ['a template schema below the root', `{ "nested": { "$schema": "${TEMPLATE_SCHEMA}" } }`],
      ['a root array', `[{ "$schema": "${TEMPLATE_SCHEMA}" }]`],
      ['binary bytes', '\u0000\u0001\u0002deploymentTemplate\u00ff{{['],
      ['an empty file', ''],
    ];
    for (const [what, text] of notTemplates) {
      it(`does not take ${what} for a template`, () => {
        assert.deepEqual(parseText(text), { kind: 'not-template' });
      });
    }

    it('reads a truncated template as a template with problems', () => {
      const text = `{ "$schema": "${TEMPLATE_SCHEMA}", "resources": [ { "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "name": "id-t"`;
      const template = parseTemplateText(text);
      assert.ok(template.problems.length > 0);
      assert.ok(template.problems.every((problem) => problem.range.start === text.length));
      assert.deepEqual(resource(template, 'id-t').typeRange, rangeOf(text, '"Microsoft.ManagedIdentity/userAssignedIdentities"'));
    });
  });

  describe('too deep', () => {
    it('returns invalid for 100,000 levels of nesting, quickly and without a stack overflow', () => {
      const text = `{ "$schema": "${TEMPLATE_SCHEMA}", "variables": { "x": ${'['.repeat(100_000)}${']'.repeat(100_000)} } }`;
      const started = Date.now();
      const result = parseText(text);
      assert.deepEqual(result, {
        kind: 'invalid',
        message: 'The template is too deeply nested to read: JSON is nested 100002 levels deep; the limit is 512',
      });
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    });

    it('returns invalid for a truncated document 100,000 objects deep', () => {
      const result = parseText(`{ "$schema": "${TEMPLATE_SCHEMA}", "a": ${'{ "b": '.repeat(100_000)}`);
      assert.equal(result.kind, 'invalid');
    });

    it('reads a template 400 levels deep', () => {
      const template = parseTemplateText(`{ "$schema": "${TEMPLATE_SCHEMA}", "variables": { "x": ${'['.repeat(400)}${']'.repeat(400)} } }`);
      assert.equal(template.declarations[0]?.kind, 'var');
    });

    it('takes the limit as an option', () => {
      const result = parseArmTemplate(new SourceFile('/t.json', `{ "$schema": "${TEMPLATE_SCHEMA}", "variables": { "x": [[]] } }`), { maxDepth: 3 });
      assert.equal(result.kind, 'invalid');
    });
  });

  describe('declarations', () => {
    const text = `{
  "$schema": "${TEMPLATE_SCHEMA}",
  "metadata": { "_generator": { "name": "bicep", "version": "0.30.0" } },
  "outputs": { "principal": { "type": "string", "value": "[reference('id-a').principalId]" } },
  "variables": {
    "count": 2,
    "copy": [ { "name": "names", "count": 2, "input": "[concat('n', copyIndex('names'))]" } ]
  },
  "resources": [
    {
      "condition": "[equals(variables('count'), 2)]",
      "copy": { "name": "idLoop", "count": "[variables('count')]" },
      "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
      "apiVersion": "[variables('api')]",
      "name": "[concat('id-', copyIndex())]"
    },
    {
      "type": "Microsoft.Sql/servers",
      "name": "sql",
      "resources": [
        { "type": "databases", "name": "db", "resources": [ { "type": "backupShortTermRetentionPolicies", "name": "default" } ] },
        { "type": "Microsoft.Sql/servers/firewallRules", "name": "sql/all" }
      ]
    }
  ]
}`;
    const template = parseTemplateText(text);

    it('lists them in text order, children after their parent', () => {
      assert.deepEqual(
        template.declarations.map((declaration) => `${declaration.kind} ${declaration.name}`),
        [
          'output principal',
          'var count',
          'var names',
          "resource [concat('id-', copyIndex())]",
          'resource sql',
          'resource db',
          'resource default',
          'resource sql/all',
        ],
      );
    });

    it('reads the generator and marks names as case-insensitive', () => {
      assert.equal(template.generator, 'bicep');
      assert.equal(template.caseInsensitiveNames, true);
      assert.equal(template.language, 'arm');
      assert.equal(template.parent, undefined);
    });

    it('declares a variable copy loop with a value nobody guesses', () => {
      const names = template.declarations[2];
      if (names?.kind !== 'var') assert.fail('names is not a variable');
      assert.equal(names.value.kind, 'unparsed');
      assert.deepEqual(names.nameRange, rangeOf(text, '"names"'));
    });

    it('reads an output value', () => {
      const output = template.declarations[0];
      if (output?.kind !== 'output') assert.fail('no output');
      assert.equal(output.value?.kind, 'member');
      assert.deepEqual(output.nameRange, rangeOf(text, '"principal"'));
    });

    it('reads condition, copy loop and an apiVersion written as an expression', () => {
      const identity = resource(template, "[concat('id-', copyIndex())]");
      assert.equal(identity.condition?.kind === 'call' && identity.condition.name, 'equals');
      assert.equal(identity.loop?.kind, 'copy');
      assert.equal(identity.loop.kind === 'copy' && identity.loop.copyName, 'idLoop');
      assert.deepEqual(identity.loop.kind === 'copy' && identity.loop.count.range, rangeOf(text, `"[variables('count')]"`));
      assert.equal(identity.apiVersion, undefined);
      assert.deepEqual(identity.apiVersionRange, rangeOf(text, `"[variables('api')]"`));
    });

    it('gives nested child resources their full type and parent name', () => {
      assert.deepEqual(
        ['sql', 'db', 'default', 'sql/all'].map((name) => [resource(template, name).type, resource(template, name).parentName]),
        [
          ['Microsoft.Sql/servers', undefined],
          ['Microsoft.Sql/servers/databases', 'sql'],
          ['Microsoft.Sql/servers/databases/backupShortTermRetentionPolicies', 'db'],
          ['Microsoft.Sql/servers/firewallRules', 'sql'],
        ],
      );
      assert.deepEqual(resource(template, 'db').typeRange, rangeOf(text, '"databases"'));
    });

    it('keeps a resource without type or name, pointing at its opening brace', () => {
      const bare = parseTemplateText(`{ "$schema": "${TEMPLATE_SCHEMA}", "resources": [ { "location": "westus" } ] }`);
      const [declaration] = bare.declarations;
      if (declaration?.kind !== 'resource') assert.fail('no resource');
      assert.equal(declaration.type, '');
      assert.deepEqual(bare.problems, []);
      const brace = span(declaration.range.start, declaration.range.start + 1);
      assert.deepEqual(declaration.typeRange, brace);
      assert.deepEqual(declaration.nameRange, brace);
    });
  });
});
