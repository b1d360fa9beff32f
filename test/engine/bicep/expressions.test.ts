import * as assert from 'node:assert/strict';
import { declarationNamed, loadGrammar, parseText, show, showVariable, textOf } from './helpers';

describe('Bicep expressions, converted from real tree-sitter parses', () => {
  before(loadGrammar);

  it('reads literals', () => {
    assert.equal(showVariable("var x = [1, -2, true, false, null, 'a\\'b']"), '[1, -2, true, false, null, "a\'b"]');
  });

  it('reads strings with escapes and interpolations', () => {
    assert.equal(showVariable("var x = 'a\\u{1F600}\\t${b.c}\\${d}${'e${f}'}'"), '`a😀\t${b.c}${d}${`e${f}`}`');
  });

  it('reads objects with identifier, string and interpolated keys, with key ranges', () => {
    const { file, template } = parseText("var x = {\n  a: 1\n  'b-c': 2\n  '${uami.id}': {}\n  resource: 3\n}");
    const value = declarationNamed(template, 'var', 'x').value;
    assert.equal(show(value), '{a: 1, b-c: 2, [`${uami.id}`]: {}, resource: 3}');
    assert.ok(value.kind === 'object');
    assert.deepEqual(value.properties.map((member) => (member.kind === 'property' ? textOf(file, member.keyRange) : '')), ['a', "'b-c'", "'${uami.id}'", 'resource']);
    assert.deepEqual(value.properties.map((member) => textOf(file, member.range)), ['a: 1', "'b-c': 2", "'${uami.id}': {}", 'resource: 3']);
  });

  it('reads member access, safe access, indexes and nested resource access', () => {
    assert.equal(showVariable('var x = [a.b.?c, d[0][?e], f::g.h, i!.j, k[^1]]'), '[a.b.?c, d[0][?e], g.h, i.j, k[(length(k) - 1)]]');
  });

  it('reads calls with and without a namespace, and methods on resources', () => {
    assert.equal(showVariable('var x = [f(), az.resourceGroup().location, sys.concat(a, b), stg.listKeys().keys[0]]'), '[f(), az.resourceGroup().location, sys.concat(a, b), stg.listKeys().keys[0]]');
  });

  it('binds member access, indexes and calls tighter than every operator', () => {
    assert.equal(showVariable('var x = c ? a : b.d ?? e'), '(c ? a : (b.d ?? e))');
    assert.equal(showVariable('var x = !az.f(x).y'), '(!az.f(x).y)');
    assert.equal(showVariable('var x = -a.b[0] * 2 + f(1).g - 3'), '((((-a.b[0]) * 2) + f(1).g) - 3)');
    assert.equal(showVariable('var x = a || b.c && !d[0]'), '(a || (b.c && (!d[0])))');
  });

  it('applies Bicep operator precedence and associativity', () => {
    assert.equal(showVariable('var x = 1 + 2 * 3 - 4 / 2 % 1'), '((1 + (2 * 3)) - ((4 / 2) % 1))');
    assert.equal(showVariable('var x = a < b == c >= d && e =~ f || g !~ h'), '((((a < b) == (c >= d)) && (e =~ f)) || (g !~ h))');
    assert.equal(showVariable('var x = a ?? b ? c : d ? e : f'), '((a ?? b) ? c : (d ? e : f))');
    assert.equal(showVariable('var x = (a || b) && c'), '((a || b) && c)');
  });

  it('reads lambdas with one, several or no parameters', () => {
    assert.equal(showVariable('var x = map(xs, (x, i) => { n: x.name, i: i })'), 'map(xs, ((x, i) => {n: x.name, i: i}))');
    assert.equal(showVariable('var x = y => z => a ? b : c.d'), '((y) => ((z) => (a ? b : c.d)))');
    assert.equal(showVariable('var x = () => 1'), '(() => 1)');
  });

  it('reads for-expressions with an item, or an item and an index', () => {
    assert.equal(showVariable("var x = [for i in range(0, 3): 'n${i}']"), '[for (i, ) in range(0, 3): `n${i}`]');
    assert.equal(showVariable('var x = [for (item, index) in items: { id: item.id, n: index }]'), '[for (item, index) in items: {id: item.id, n: index}]');
  });

  it('reads spreads: objects keep them, arrays become concat()', () => {
    assert.equal(showVariable('var x = { ...a, b: 1, ...c.d }'), '{...a, b: 1, ...c.d}');
    assert.equal(showVariable('var x = [...a, b, c, ...d]'), 'concat(a, [b, c], d)');
  });

  it('keeps exact ranges for nested expressions', () => {
    const { file, template } = parseText("var x = cond ? az.resourceGroup().location : 'westus'");
    const value = declarationNamed(template, 'var', 'x').value;
    assert.ok(value.kind === 'ternary');
    assert.equal(textOf(file, value.range), "cond ? az.resourceGroup().location : 'westus'");
    assert.equal(textOf(file, value.whenTrue.range), 'az.resourceGroup().location');
    assert.ok(value.whenTrue.kind === 'member');
    assert.equal(textOf(file, value.whenTrue.object.range), 'az.resourceGroup()');
    assert.equal(textOf(file, value.whenFalse.range), "'westus'");
  });

  it('turns what it cannot read into an unparsed expression, never a throw', () => {
    const { template } = parseText('var x = a.b(1).c(2)\nvar y = f(1)(2)');
    assert.equal(show(declarationNamed(template, 'var', 'x').value), '<unparsed: a.b(1).c(2)>');
    assert.match(show(declarationNamed(template, 'var', 'y').value), /^<unparsed/);
  });
});
