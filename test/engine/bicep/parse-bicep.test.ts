import * as assert from 'node:assert/strict';
import type { ResourceDeclaration } from '../../../server/src/engine/model/template';
import { declarationNamed, loadGrammar, parseText, show, textOf } from './helpers';

const NESTED = [
  "resource server 'Microsoft.Sql/servers@2021-11-01' = {",
  "  name: 'sql'",
  '  @batchSize(1)',
  "  resource dbs 'databases' = [for name in names: if (name != 'skip') {",
  '    name: name',
  "    resource atp 'advancedThreatProtectionSettings' = {",
  "      name: 'Default'",
  '    }',
  '  }]',
  '}',
  "resource fileServices 'Microsoft.Storage/storageAccounts/fileServices@2022-09-01' = {",
  "  name: 'default'",
  '  parent: storage',
  '}',
].join('\n');

describe('parseBicep', () => {
  before(loadGrammar);

  it('lists every kind of declaration in text order', () => {
    const { template } = parseText(
      [
        "targetScope = 'resourceGroup'",
        "metadata info = 'x'",
        "import {shared} from 'types.bicep'",
        'extension microsoftGraph',
        'type names = string[]',
        'func double(x int) int => x * 2',
        "param location string = 'westus'",
        'var n = 1',
        "resource r 'A.B/c@2020-01-01' = {}",
        "module m 'mod.bicep' = {}",
        'output o int = n',
        "test t 'mod.bicep' = {}",
        'assert positive = n > 0',
      ].join('\n'),
    );
    assert.equal(template.language, 'bicep');
    assert.equal(template.targetScope, 'resourceGroup');
    assert.deepEqual(
      template.declarations.map((d) => `${d.kind} ${d.name}`),
      ['metadata info', 'import shared', 'extension microsoftGraph', 'type names', 'func double', 'param location', 'var n', 'resource r', 'module m', 'output o', 'test t', 'assert positive'],
    );
    assert.deepEqual(template.problems, []);
    assert.equal(template.caseInsensitiveNames, false);
  });

  it('gives nested child resources their full type, version and parent, right after it', () => {
    const { template } = parseText(NESTED);
    const found = template.declarations.map((d) => (d.kind === 'resource' ? `${d.name} ${d.type}@${d.apiVersion ?? ''} parent=${d.parentName ?? '-'}` : d.name));
    assert.deepEqual(found, [
      'server Microsoft.Sql/servers@2021-11-01 parent=-',
      'dbs Microsoft.Sql/servers/databases@2021-11-01 parent=server',
      'atp Microsoft.Sql/servers/databases/advancedThreatProtectionSettings@2021-11-01 parent=dbs',
      'fileServices Microsoft.Storage/storageAccounts/fileServices@2022-09-01 parent=storage',
    ]);
    const server = declarationNamed(template, 'resource', 'server');
    assert.equal(show(server.body), '{name: "sql"}', 'the parent body leaves its children out');
    assert.equal(server.template, template);
  });

  it('reads loops and conditions of resources and modules', () => {
    const { template } = parseText(NESTED + "\nmodule mods 'm.bicep' = [for (r, i) in regions: {\n  name: 'm${i}'\n}]\nmodule once 'm.bicep' = if (deploy) {\n  name: 'once'\n}");
    const dbs = declarationNamed(template, 'resource', 'dbs');
    assert.deepEqual([dbs.loop?.kind, dbs.loop?.kind === 'for' ? show(dbs.loop.iterable) : '', dbs.loop?.kind === 'for' ? dbs.loop.itemName : ''], ['for', 'names', 'name']);
    assert.equal(show(dbs.condition), '(name != "skip")');
    assert.equal(show(dbs.body), '{name: name}');
    const mods = declarationNamed(template, 'module', 'mods');
    assert.deepEqual(mods.loop, { kind: 'for', itemName: 'r', indexName: 'i', iterable: { kind: 'identifier', name: 'regions', range: mods.loop?.kind === 'for' ? mods.loop.iterable.range : { start: 0, end: 0 } } });
    assert.equal(show(declarationNamed(template, 'module', 'once').condition), 'deploy');
    assert.equal(declarationNamed(template, 'module', 'once').path, 'm.bicep');
  });

  it("reads identity keys like '${uami.id}'", () => {
    const { file, template } = parseText(
      "resource site 'Microsoft.Web/sites@2023-12-01' = {\n  identity: {\n    type: 'UserAssigned'\n    userAssignedIdentities: {\n      '${uami.id}': {}\n    }\n  }\n}",
    );
    const body = declarationNamed(template, 'resource', 'site').body;
    assert.equal(show(body), '{identity: {type: "UserAssigned", userAssignedIdentities: {[`${uami.id}`]: {}}}}');
    const identities = body?.properties[0]?.value;
    const key = identities?.kind === 'object' && identities.properties[1]?.kind === 'property' ? identities.properties[1] : undefined;
    const value = key?.value.kind === 'object' && key.value.properties[0]?.kind === 'property' ? key.value.properties[0] : undefined;
    assert.equal(textOf(file, value?.keyRange ?? { start: 0, end: 0 }), "'${uami.id}'");
  });

  it('reads .bicepparam files: using path and parameter values', () => {
    const { template } = parseText("using './main.bicep'\n\nparam appLocation = 'francecentral'\nparam tags = {\n  env: 'prod'\n}\nvar suffix = 'x'\n", '/test/prod.bicepparam');
    assert.equal(template.language, 'bicepparam');
    assert.equal(template.usingPath, './main.bicep');
    assert.equal(show(declarationNamed(template, 'param', 'appLocation').defaultValue), '"francecentral"');
    assert.equal(show(declarationNamed(template, 'param', 'tags').defaultValue), '{env: "prod"}');
    assert.deepEqual(template.problems, []);
  });

  it('keeps exact offsets with CRLF, a BOM and text beyond ASCII', () => {
    const text = "\uFEFF// é😀\r\nparam location string = 'wéstus😀'\r\nresource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {\r\n  name: 'ü'\r\n  location: location\r\n}";
    const { file, template } = parseText(text);
    assert.equal(file.hasBom, true);
    const location = declarationNamed(template, 'param', 'location');
    assert.equal(textOf(file, location.nameRange), 'location');
    assert.equal(textOf(file, location.defaultValue?.range ?? location.range), "'wéstus😀'");
    assert.equal(show(location.defaultValue), '"wéstus😀"');
    const uami = declarationNamed(template, 'resource', 'uami');
    assert.equal(textOf(file, uami.typeRange), "'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30'");
    assert.equal(textOf(file, uami.apiVersionRange ?? uami.range), '2024-11-30');
    assert.deepEqual(file.lines.positionAt(uami.keywordOffset), { line: 2, character: 0 });
    const property = uami.body?.properties[1];
    assert.equal(property?.kind === 'property' ? textOf(file, property.range) : '', 'location: location');
    assert.deepEqual(file.lines.positionAt(property?.range.start ?? 0), { line: 4, character: 2 });
  });

  it('reads each value on first use, and a copy of a declaration copies its values', () => {
    const { template } = parseText("resource r 'A.B/c@2020-01-01' = {\n  name: 'r'\n}");
    const resource = declarationNamed(template, 'resource', 'r');
    assert.equal(typeof Object.getOwnPropertyDescriptor(resource, 'body')?.get, 'function');
    const copy: ResourceDeclaration = { ...resource };
    assert.equal(show(copy.body), '{name: "r"}');
  });

  it('shifts a cached parse to where the same text stands now', () => {
    const declaration = "var same = { a: [1, 'two'] }";
    const first = parseText(declaration);
    const second = parseText(`// moved\n\n${declaration}`);
    const a = declarationNamed(first.template, 'var', 'same').value;
    const b = declarationNamed(second.template, 'var', 'same').value;
    assert.equal(show(a), show(b));
    assert.equal(textOf(second.file, b.range), "{ a: [1, 'two'] }");
    assert.equal(b.range.start - a.range.start, '// moved\n\n'.length);
    assert.ok(b.kind === 'object' && b.properties[0]?.kind === 'property');
    assert.equal(textOf(second.file, b.properties[0].keyRange), 'a');
  });

  it('reports real syntax errors, where they are', () => {
    const { file, template } = parseText("var ok = 1\nvar broken = { a: }\nresource r 'A/b@1' = {\n  name: 'x'\n\nparam after string\n");
    assert.deepEqual(template.problems.map((p) => [p.message, file.lines.positionAt(p.range.start).line]), [
      ["Expected 'identifier'", 1],
      ["'{' is not closed", 2],
    ]);
    assert.deepEqual(template.declarations.map((d) => d.name), ['ok', 'broken', 'r', 'after'], 'every declaration is kept');
  });

  it('reports no problems for valid Bicep written every which way', () => {
    const { template } = parseText(
      [
        '#disable-next-line no-unused-params',
        "@allowed(['a', 'b'])",
        "param p string = 'a' // comment \\",
        'var mixed = [1, 2',
        '  3, 4',
        ']',
        'var spread = { ...{ a: 1 }, b: [...[1], 2] }',
        "var multi = '''",
        "it's",
        "'''",
        'var fromEnd = mixed[^1]',
        'var safe = spread.?c[?0]!',
        'var t = (p) == \'a\' ? 1 : 2',
      ].join('\n'),
    );
    assert.deepEqual(template.problems, []);
  });
});
