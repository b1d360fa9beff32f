import * as assert from 'node:assert/strict';
import { readHeaders } from '../../../server/src/engine/parse/bicep/headers';
import { lexBicep } from '../../../server/src/engine/parse/bicep/lexer';
import { sanitizeDeclaration, type SanitizedText } from '../../../server/src/engine/parse/bicep/sanitize';
import { splitStatements } from '../../../server/src/engine/parse/bicep/statements';

/** The sanitized text of each declaration in `text`; each keeps its length. */
function sanitize(text: string): SanitizedText[] {
  const { tokens } = lexBicep(text);
  const { statements, partner } = splitStatements(text, tokens);
  return readHeaders(tokens, partner, statements).declarations.map((header) => {
    const sanitized = sanitizeDeclaration(text, tokens, header);
    assert.equal(sanitized.text.length, header.range.end - header.range.start, 'same length');
    return sanitized;
  });
}

function sanitizedText(text: string): string {
  return sanitize(text)[0]?.text ?? '';
}

describe('Bicep sanitizer: same-length rewrites for tree-sitter-bicep 1.1.0', () => {
  it('blanks comments and directives but keeps line breaks', () => {
    const text = 'var a = { // x\\\r\n  #disable-next-line foo\n  b: /* c */ 1\n}';
    const blanked = text.replace('// x\\', ' '.repeat(5)).replace('#disable-next-line foo', ' '.repeat(22)).replace('/* c */', ' '.repeat(7));
    assert.equal(sanitizedText(text), blanked);
  });

  it('masks the literal text of strings and keeps their holes', () => {
    assert.equal(sanitizedText("var a = 'x//y${b}\\'z'"), "var a = '____${b}___'");
  });

  it("turns every multi-line form into a single-quoted string of the same length", () => {
    assert.equal(sanitizedText("var a = '''\nab'''"), "var a = '__\n____'");
    assert.equal(sanitizedText("var a = ''''''"), "var a = '____'");
    assert.equal(sanitizedText("var a = $'''x${b}'''"), "var a = '____${b}__'");
    assert.equal(sanitizedText("var a = $$'''$${b}${c}'''"), "var a = '_____${b}______'");
  });

  it('writes an object spread as the property `_` and remembers it', () => {
    const [sanitized] = sanitize('var a = {\n  ...b\n  c: 1\n}');
    assert.equal(sanitized?.text, 'var a = {\n  _: b\n  c: 1\n}');
    assert.deepEqual([...(sanitized?.objectSpreads ?? [])], ['var a = {\n  '.length]);
  });

  it('writes arrays as parenthesized lists, with the commas their line breaks stand for', () => {
    const text = 'var a = [\n  b\n  ...c\n  f(1).id, [1]\n  -1\n  cond\n    ? 1\n    : 2\n]';
    const [sanitized] = sanitize(text);
    assert.equal(sanitized?.text, 'var a = (\n  b,     c,  f(1).id, [1],  -1,  cond\n    ? 1\n    : 2\n)');
    assert.deepEqual([...(sanitized?.arrays ?? [])], [text.indexOf('[')]);
    assert.deepEqual([...(sanitized?.arraySpreads ?? [])], [text.indexOf('c\n')]);
  });

  it('drops a trailing comma, and keeps arrays of a single token and loops', () => {
    assert.equal(sanitizedText("var a = ['x', 'y',]"), "var a = ('_', '_' )");
    assert.equal(sanitizedText('var a = [[1], [], [for i in b: i]]'), 'var a = ([1], [], [for i in b: i])');
  });

  it('drops the postfix `!`, a `^` index and parentheses around a single token', () => {
    assert.equal(sanitizedText('var a = b!.c[^1] && !(d) && f(e)! && (g) => g'), 'var a = b .c[ 1] && ! d  && f(e)  && (g) => g');
  });

  it('reads param, output and typed var as `var x = …` with the type blanked', () => {
    const texts = sanitize("param p resourceInput<'A/b@1'>.properties = {}\noutput o string = p\nvar v {\n  a: string\n} = {}").map((s) => s.text);
    assert.deepEqual(texts, ['var   p                                   = {}', 'var    o        = p', 'var v  \n           \n  = {}']);
  });

  it("reads a .bicepparam `param x = value` as a value", () => {
    assert.deepEqual(sanitize("using 'main.bicep'\nparam x = 'v'").map((s) => s.text), ["var   x = '_'"]);
  });

  it('blanks nested child resources out of their parent', () => {
    const [parent, child] = sanitize("resource p 'A/b@1' = {\n  name: 'p'\n  resource c 'd' = {\n    name: 'c'\n  }\n}");
    assert.equal(parent?.text, `resource p '_____' = {\n  name: '_'\n${' '.repeat(20)}\n${' '.repeat(13)}\n${' '.repeat(3)}\n}`);
    assert.equal(child?.text, "resource c '_' = {\n    name: '_'\n  }");
  });
});
