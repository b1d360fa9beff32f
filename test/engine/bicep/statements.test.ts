import * as assert from 'node:assert/strict';
import { readHeaders } from '../../../server/src/engine/parse/bicep/headers';
import { lexBicep } from '../../../server/src/engine/parse/bicep/lexer';
import { splitStatements } from '../../../server/src/engine/parse/bicep/statements';

function split(text: string): ReturnType<typeof splitStatements> {
  return splitStatements(text, lexBicep(text).tokens);
}

function headers(text: string): ReturnType<typeof readHeaders> {
  const { tokens } = lexBicep(text);
  const { statements, partner } = splitStatements(text, tokens);
  return readHeaders(tokens, partner, statements);
}

describe('Bicep statements and headers, found by the lexer alone', () => {
  it('splits at keywords that begin a line outside brackets', () => {
    const text = "param a string\nvar b = {\n  param: 'not a statement'\n  resource: 1\n}\n  output c string = a\n";
    assert.deepEqual(split(text).statements.map((s) => [s.keyword, text.slice(s.start, s.end)]), [
      ['param', 'param a string'],
      ['var', "var b = {\n  param: 'not a statement'\n  resource: 1\n}"],
      ['output', 'output c string = a'],
    ]);
  });

  it('keeps a multi-line ternary at the top level in its statement', () => {
    const text = 'var a = cond\n  ? { x: 1 }\n  : null\nvar b = 2';
    assert.deepEqual(split(text).statements.map((s) => text.slice(s.start, s.end)), ['var a = cond\n  ? { x: 1 }\n  : null', 'var b = 2']);
  });

  it('gives decorators to the statement below them, and comment lines directly above it', () => {
    const text = "var a = 1 // trailing\n\n// loose comment\n\n// about b\n/* and more */\n@description('b')\n@minLength(\n  1\n)\nparam b string\n";
    const [a, b] = split(text).statements;
    assert.equal(text.slice(a?.start, a?.end), 'var a = 1');
    assert.equal(text.slice(b?.start, b?.end), "@description('b')\n@minLength(\n  1\n)\nparam b string");
    assert.equal(b?.commentStart, text.indexOf('// about b'));
  });

  it('does not let a comment ending in a backslash hide the next declaration', () => {
    assert.deepEqual(headers('var a = 1 // path\\\nvar b = 2 /* x */\n').declarations.map((d) => d.name), ['a', 'b']);
  });

  it('recovers from an unclosed brace at the next declaration that starts a line', () => {
    const text = "resource a 'A/b@1' = {\n  name: 'a'\n\nparam p string\n";
    const { statements, problems } = split(text);
    assert.deepEqual(statements.map((s) => s.keyword), ['resource', 'param']);
    assert.deepEqual(problems.map((p) => [p.message, p.range.start]), [["'{' is not closed", text.indexOf('{')]]);
  });

  it('reports stray text and a decorator without a declaration', () => {
    assert.deepEqual(split('junk\nvar a = 1\n@description(1)\n').problems.map((p) => p.message), ['Expected a declaration', 'A decorator must be followed by a declaration']);
  });

  it('reads resource headers: type, version, existing and their ranges', () => {
    const text = "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {\n  name: 'x'\n}";
    const [uami] = headers(text).declarations;
    assert.equal(uami?.kind, 'resource');
    assert.equal(uami?.resource?.type, 'Microsoft.ManagedIdentity/userAssignedIdentities');
    assert.equal(uami?.resource?.apiVersion, '2024-11-30');
    assert.equal(uami?.resource?.existing, true);
    assert.equal(text.slice(uami?.resource?.typeRange.start, uami?.resource?.typeRange.end), "'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30'");
    assert.equal(text.slice(uami?.resource?.apiVersionRange?.start, uami?.resource?.apiVersionRange?.end), '2024-11-30');
    assert.equal(text.slice(uami?.nameRange.start, uami?.nameRange.end), 'uami');
    assert.equal(uami?.keywordOffset, 0);
  });

  it('drops the extension prefix of a resource type', () => {
    assert.equal(headers("resource r 'az:My.Rp/TestType@2020-01-01' = {}").declarations[0]?.resource?.type, 'My.Rp/TestType');
  });

  it('finds nested child resources, under conditions and loops, with their full type', () => {
    const text = [
      "resource parent 'My.Rp/parentType@2020-12-01' = if (create) {",
      "  name: 'p'",
      '  @batchSize(1)',
      "  resource child 'childType' = [for i in range(0, 2): {",
      "    name: 'c${i}'",
      "    resource grandchild 'grandchildType@2021-01-01' = {",
      "      name: 'g'",
      '    }',
      '  }]',
      "  resource sibling 'childType' existing = {",
      "    name: 's'",
      '  }',
      '}',
    ].join('\n');
    const found = headers(text).declarations.map((d) => [d.name, d.resource?.type, d.resource?.apiVersion, d.resource?.parentName, text.slice(d.range.start, d.range.start + 12)]);
    assert.deepEqual(found, [
      ['parent', 'My.Rp/parentType', '2020-12-01', undefined, 'resource par'],
      ['child', 'My.Rp/parentType/childType', '2020-12-01', 'parent', '@batchSize(1'],
      ['grandchild', 'My.Rp/parentType/childType/grandchildType', '2021-01-01', 'child', 'resource gra'],
      ['sibling', 'My.Rp/parentType/childType', '2020-12-01', 'parent', 'resource sib'],
    ]);
  });

  it('reads module paths, imports, extensions, using and targetScope', () => {
    const text = [
      "targetScope = 'subscription'",
      "import {a, 'not-valid' as b, c as d} from 'mod.bicep'",
      "import * as ns from 'other.bicep'",
      'extension az',
      "extension 'br:registry/ext:1.0' with {\n  x: 1\n} as graph",
      "module m './mod.bicep' = {}",
      'type t = string',
      'func f() string => "x"',
      "metadata info = 'x'",
    ].join('\n');
    const result = headers(text);
    assert.equal(result.targetScope, 'subscription');
    assert.deepEqual(result.declarations.map((d) => `${d.kind} ${d.name}`), ['import a', 'import b', 'import d', 'import ns', 'extension az', 'extension graph', 'module m', 'type t', 'func f', 'metadata info']);
    assert.equal(result.declarations.find((d) => d.kind === 'module')?.module?.path, './mod.bicep');
    assert.equal(headers("using './main.bicep'\nparam x = 1").usingPath, './main.bicep');
  });

  it('reports a declaration without a name and leaves it out', () => {
    const result = headers('param\nvar ok = 1');
    assert.deepEqual(result.declarations.map((d) => d.name), ['ok']);
    assert.equal(result.problems[0]?.message, "Expected a name after 'param'");
  });
});
