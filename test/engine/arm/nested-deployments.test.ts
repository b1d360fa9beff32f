import * as assert from 'node:assert/strict';
import { propertyNamed } from '../../../server/src/engine/model/expression';
import type { Template } from '../../../server/src/engine/model/template';
import { parseTemplateText, rangeOf, TEMPLATE_SCHEMA } from './helpers';

const text = `{
  "$schema": "${TEMPLATE_SCHEMA}",
  "parameters": { "location": { "type": "string", "defaultValue": "westus" } },
  "resources": [
    {
      "type": "Microsoft.Resources/deployments",
      "apiVersion": "2022-09-01",
      "name": "inner-deployment",
      "properties": {
        "mode": "Incremental",
        "expressionEvaluationOptions": { "scope": "Inner" },
        "parameters": { "regionParam": { "value": "[parameters('location')]" } },
        "template": {
          "$schema": "${TEMPLATE_SCHEMA}",
          "metadata": { "_generator": { "name": "bicep" } },
          "parameters": { "regionParam": { "type": "string" } },
          "resources": [
            {
              "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
              "apiVersion": "2024-11-30",
              "name": "id-inner",
              "location": "[parameters('regionParam')]"
            },
            {
              "type": "microsoft.resources/DEPLOYMENTS",
              "name": "grandchild",
              "properties": {
                "template": { "resources": [ { "type": "Microsoft.Web/sites", "name": "app-deep" } ] }
              }
            }
          ]
        }
      }
    },
    {
      "type": "Microsoft.Resources/deployments",
      "name": "outer-deployment",
      "properties": {
        "template": { "variables": { "v": "[parameters('location')]" } }
      }
    },
    {
      "type": "Microsoft.Resources/deployments",
      "name": "linked",
      "properties": { "templateLink": { "uri": "https://example.com/t.json" } }
    }
  ]
}`;

function names(template: Template): string[] {
  return template.declarations.map((declaration) => `${declaration.kind} ${declaration.name}`);
}

describe('ARM nested deployments', () => {
  const outer = parseTemplateText(text);
  const [inner, outerScoped] = outer.nested;

  it('declares inner resources on the inner template, not on the outer one', () => {
    assert.deepEqual(names(outer), ['param location', 'resource inner-deployment', 'resource outer-deployment', 'resource linked']);
    assert.equal(outer.nested.length, 2, 'a templateLink deployment has no inline template');
    assert.ok(inner && outerScoped);
    assert.deepEqual(names(inner.template), ['param regionParam', 'resource id-inner', 'resource grandchild']);
    assert.deepEqual(names(outerScoped.template), ['var v']);
  });

  it('reads the expression scope case-insensitively and defaults to outer', () => {
    assert.equal(inner?.scope, 'inner');
    assert.equal(outerScoped?.scope, 'outer');
  });

  it('links the deployment, its parameter values and the parent', () => {
    assert.ok(inner);
    assert.equal(inner.deployment.name, 'inner-deployment');
    assert.equal(inner.template.parent, inner);
    assert.equal(inner.template.generator, 'bicep');
    assert.deepEqual(inner.template.problems, []);
    const regionParam = inner.parameterValues && propertyNamed(inner.parameterValues, 'regionParam');
    assert.deepEqual(regionParam?.keyRange, rangeOf(text, '"regionParam"'));
    const identity = inner.template.declarations[1];
    if (identity?.kind !== 'resource') assert.fail('no identity resource');
    assert.equal(identity.template, inner.template);
    assert.deepEqual(identity.nameRange, rangeOf(text, '"id-inner"'));
  });

  it('recurses into deployments inside deployments', () => {
    const [grandchild] = inner?.template.nested ?? [];
    assert.ok(grandchild);
    assert.equal(grandchild.deployment.name, 'grandchild');
    assert.equal(grandchild.scope, 'outer');
    assert.equal(grandchild.template.parent, grandchild);
    assert.deepEqual(names(grandchild.template), ['resource app-deep']);
    assert.deepEqual(outer.nested.map((nested) => nested.template.parent?.deployment.template), [outer, outer]);
  });
});
