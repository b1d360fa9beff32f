import * as assert from 'node:assert/strict';
import { propertyNamed, type Expression, type ObjectExpression } from '../../../server/src/engine/model/expression';
import { span } from '../../../server/src/engine/model/range';
import type { SourceFile } from '../../../server/src/engine/model/source-file';
import type { Declaration, ResourceDeclaration, Template } from '../../../server/src/engine/model/template';
import { parseArmTemplate } from '../../../server/src/engine/parse/arm';
import { expectTemplate, rangeOf, readCase } from './helpers';

function resources(template: Template): ResourceDeclaration[] {
  return template.declarations.filter((declaration): declaration is ResourceDeclaration => declaration.kind === 'resource');
}

function summary(declarations: readonly Declaration[]): string[] {
  return declarations.map((declaration) => `${declaration.kind} ${declaration.name}`);
}

/** The value at a path of property names below an object. */
function valueAt(object: ObjectExpression | undefined, ...path: string[]): Expression | undefined {
  let value: Expression | undefined = object;
  for (const name of path) value = value?.kind === 'object' ? propertyNamed(value, name)?.value : undefined;
  return value;
}

/** Reads a case file, or skips the test when ../shared is not there. */
function caseFile(context: Mocha.Context, caseName: string, file = 'azuredeploy.json'): SourceFile {
  const source = readCase(caseName, file);
  if (source === undefined) context.skip();
  return source;
}

describe('ARM templates from the shared cases', () => {
  it('c11: "[[Regional]" is a literal with one bracket, "[team]owned" a plain literal', function () {
    const file = caseFile(this, 'c11-arm-bracket-escapes');
    const template = expectTemplate(file);
    const text = file.text;
    assert.deepEqual(template.problems, []);
    assert.deepEqual(summary(template.declarations), ['param loc', 'resource id-x']);
    const [identity] = resources(template);
    assert.ok(identity);
    assert.equal(identity.type, 'Microsoft.ManagedIdentity/userAssignedIdentities');
    assert.deepEqual(identity.typeRange, rangeOf(text, '"Microsoft.ManagedIdentity/userAssignedIdentities"'));
    assert.equal(identity.apiVersion, '2024-11-30');
    assert.deepEqual(identity.apiVersionRange, rangeOf(text, '"2024-11-30"'));
    assert.deepEqual(identity.nameRange, rangeOf(text, '"id-x"'));
    assert.equal(identity.keywordOffset, text.indexOf('[{') + 1);
    assert.deepEqual(identity.range, span(text.indexOf('[{') + 1, text.lastIndexOf('}]') + 1));
    assert.equal(identity.hasSymbolicName, false);
    assert.equal(identity.existing, false);
    assert.equal(identity.template, template);
    assert.deepEqual(valueAt(identity.body, 'properties', 'isolationScope'), {
      kind: 'string',
      value: '[Regional]',
      range: rangeOf(text, '"[[Regional]"'),
    });
    assert.deepEqual(valueAt(identity.body, 'tags', 'note'), { kind: 'string', value: '[team]owned', range: rangeOf(text, '"[team]owned"') });
    const location = valueAt(identity.body, 'location');
    if (location?.kind !== 'call') assert.fail(`location is ${location?.kind}`);
    assert.equal(location.name, 'parameters');
    assert.deepEqual(location.range, rangeOf(text, `"[parameters('loc')]"`));
  });

  it('c12: comments and an expression string broken over two lines', function () {
    const file = caseFile(this, 'c12-arm-comments-multiline-string');
    const template = expectTemplate(file);
    assert.deepEqual(template.problems, []);
    const [identity] = resources(template);
    assert.equal(identity?.name, 'id-c');
    const location = valueAt(identity?.body, 'location');
    if (location?.kind !== 'call') assert.fail(`location is ${location?.kind}`);
    assert.equal(location.name, 'concat');
    assert.deepEqual(location.args, [
      { kind: 'string', value: 'west', range: rangeOf(file.text, "'west'") },
      { kind: 'string', value: 'us', range: rangeOf(file.text, "'us'") },
    ]);
    assert.equal(file.lines.positionAt(rangeOf(file.text, "'us'").start).line, 10);
    assert.equal(file.lines.positionAt(identity?.typeRange.start ?? -1).line, 6);
  });

  it('c13: languageVersion 2.0 symbolic resources, an existing one, an expression key', function () {
    const file = caseFile(this, 'c13-arm-symbolic-resources');
    const text = file.text;
    const template = expectTemplate(file);
    assert.deepEqual(summary(template.declarations), ['resource ident', 'resource old', 'resource site']);
    const [ident, old, site] = resources(template);
    assert.ok(ident && old && site);
    assert.deepEqual(
      [ident, old, site].map((resource) => [resource.hasSymbolicName, resource.existing]),
      [
        [true, false],
        [true, true],
        [true, false],
      ],
    );
    assert.deepEqual(ident.nameRange, rangeOf(text, '"ident"'));
    assert.equal(ident.keywordOffset, text.indexOf('"ident"'));
    assert.deepEqual(ident.range, span(text.indexOf('"ident"'), text.indexOf('} },') + 3));
    assert.equal(old.apiVersion, '2023-01-31');
    assert.deepEqual(old.typeRange, rangeOf(text, '"Microsoft.ManagedIdentity/userAssignedIdentities"', 1));
    assert.equal(site.type, 'Microsoft.Web/sites');

    const identities = valueAt(site.body, 'identity', 'userAssignedIdentities');
    if (identities?.kind !== 'object') assert.fail('no userAssignedIdentities object');
    const [entry] = identities.properties;
    if (entry?.kind !== 'property' || typeof entry.key === 'string') assert.fail('expected an expression key');
    const keyText = `"[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-v2')]"`;
    assert.deepEqual(entry.keyRange, rangeOf(text, keyText));
    if (entry.key.kind !== 'call') assert.fail(`the key is ${entry.key.kind}`);
    assert.equal(entry.key.name, 'resourceId');
    assert.deepEqual(entry.key.range, entry.keyRange);
    assert.deepEqual(entry.key.args[1], { kind: 'string', value: 'id-v2', range: rangeOf(text, "'id-v2'") });
    assert.deepEqual(entry.range, span(entry.keyRange.start, text.indexOf('{} }') + 2));
  });

  it('c15: classic resources named by expressions, parameters and a variable', function () {
    const file = caseFile(this, 'c15-arm-classic-cross-region');
    const text = file.text;
    const template = expectTemplate(file);
    assert.deepEqual(summary(template.declarations), [
      'param identityName',
      'param identityLocation',
      'param appLocation',
      'param workerLocation',
      'var identityId',
      "resource [parameters('identityName')]",
      'resource app-same',
      'resource worker',
    ]);
    const [identityName, , appLocation] = template.declarations;
    assert.deepEqual(identityName?.nameRange, rangeOf(text, '"identityName"'));
    assert.deepEqual(identityName?.range, span(text.indexOf('"identityName"'), text.indexOf('"id-worker" }') + 13));
    assert.equal(identityName?.kind === 'param' && identityName.defaultValue?.kind, 'string');
    if (appLocation?.kind !== 'param') assert.fail('appLocation is not a parameter');
    assert.equal(appLocation.defaultValue?.kind === 'call' && appLocation.defaultValue.name, 'parameters');

    const [identity, site, worker] = resources(template);
    assert.ok(identity && site && worker);
    assert.deepEqual(identity.nameRange, rangeOf(text, `"[parameters('identityName')]"`));
    assert.equal(identity.keywordOffset, text.indexOf('{', text.indexOf('"resources"')));
    assert.equal(file.lines.positionAt(identity.typeRange.start).line, 14);
    assert.equal(worker.type, 'Microsoft.ContainerInstance/containerGroups');
    assert.equal(site.parentName, undefined);

    const key = valueAt(worker.body, 'identity', 'userAssignedIdentities');
    const entry = key?.kind === 'object' ? key.properties[0] : undefined;
    assert.equal(entry?.kind === 'property' && file.lines.positionAt(entry.keyRange.start).line, 39);
  });

  it('c17: a package manifest, a parameters file, binary bytes and a truncated file are not templates', function () {
    for (const name of ['package.json', 'azuredeploy.parameters.json', 'blob.json', 'truncated.json']) {
      const file = caseFile(this, 'c17-not-templates', name);
      assert.deepEqual(parseArmTemplate(file), { kind: 'not-template' }, name);
    }
  });

  it('c21: the template is one, its parameters file is not', function () {
    const template = expectTemplate(caseFile(this, 'c21-arm-parameters-file'));
    assert.deepEqual(summary(template.declarations), ['param location', 'param identityLocation', 'resource id-batch', 'resource seed-data']);
    const [location] = template.declarations;
    const defaultValue = location?.kind === 'param' ? location.defaultValue : undefined;
    if (defaultValue?.kind !== 'member') assert.fail('expected resourceGroup().location');
    assert.equal(defaultValue.property, 'location');
    assert.equal(defaultValue.object.kind === 'call' && defaultValue.object.name, 'resourceGroup');
    assert.equal(resources(template)[0]?.apiVersion, '2025-01-31-preview');
    assert.deepEqual(parseArmTemplate(caseFile(this, 'c21-arm-parameters-file', 'azuredeploy.parameters.json')), { kind: 'not-template' });
  });
});
