import * as assert from 'node:assert/strict';
import { withSyntaxTree } from '../../../server/src/engine/parse/bicep/tree-sitter';
import { declarationNamed, loadGrammar, parseText, show, textOf } from './helpers';

/** What tree-sitter-bicep 1.1.0 makes of a whole text on its own: its declarations, and whether it saw an error. */
function rawGrammar(text: string): { declarations: string[]; hasError: boolean } {
  return withSyntaxTree(text, (root) => ({
    declarations: root.namedChildren.filter((node) => node.type.endsWith('declaration')).map((node) => node.type),
    hasError: root.hasError,
  }));
}

/**
 * Each defect of the grammar listed in GRAMMAR-NOTES.md (and the ones found on the corpus since),
 * first shown on the grammar alone, then read correctly by parseBicep.
 */
describe('tree-sitter-bicep 1.1.0 defects, worked around', () => {
  before(loadGrammar);

  it('a // comment ending in a backslash does not swallow the next declaration', () => {
    const text = "var a = 1 // C:\\path\\\nvar b = 'kept'\n";
    assert.equal(rawGrammar(text).declarations.length, 1, 'the grammar alone loses b');
    const { template } = parseText(text);
    assert.equal(show(declarationNamed(template, 'var', 'b').value), '"kept"');
    assert.deepEqual(template.problems, []);
  });

  it('reads object and array spread, and the property before it', () => {
    const text = 'var x = {\n  a: 1\n  ...base\n  b: [\n    ...list\n    2\n  ]\n}';
    assert.ok(rawGrammar(text).hasError);
    const { template } = parseText(text);
    assert.equal(show(declarationNamed(template, 'var', 'x').value), '{a: 1, ...base, b: concat(list, [2])}');
    assert.deepEqual(template.problems, []);
  });

  it("reads $'''…''' and $$'''…''' strings, four opening quotes and the empty ''''''", () => {
    const text = "var a = $'''\ndeploy to ${loc}\n'''\nvar b = ''''\nkeeps '' inside\n''''\nvar c = ''''''\nvar d = $$'''${x}$${y}'''";
    assert.ok(rawGrammar(text).hasError);
    const { template } = parseText(text);
    const values = ['a', 'b', 'c', 'd'].map((name) => show(declarationNamed(template, 'var', name).value));
    assert.deepEqual(values, ['`deploy to ${loc}\n`', '"\'\\nkeeps \'\' inside\\n\'"', '""', '`${x}${y}`']);
    assert.deepEqual(template.problems, []);
  });

  it('reads typed variables', () => {
    const text = "var name string = 'x'\nvar shape {\n  a: int\n} = { a: 1 }";
    assert.ok(rawGrammar(text).hasError);
    const { template } = parseText(text);
    assert.equal(show(declarationNamed(template, 'var', 'name').value), '"x"');
    assert.equal(show(declarationNamed(template, 'var', 'shape').value), '{a: 1}');
    assert.deepEqual(template.problems, []);
  });

  it('reads extension declarations and resourceInput<…> types', () => {
    const text = "extension microsoftGraph\nextension 'br:mcr.microsoft.com/ext:1.0' with {\n  a: 1\n} as ext\nparam tags resourceInput<'Microsoft.Resources/tags@2022-09-01'>.properties = { tags: {} }";
    assert.ok(rawGrammar(text).hasError);
    const { template } = parseText(text);
    assert.deepEqual(template.declarations.map((d) => `${d.kind} ${d.name}`), ['extension microsoftGraph', 'extension ext', 'param tags']);
    assert.equal(show(declarationNamed(template, 'param', 'tags').defaultValue), '{tags: {}}');
    assert.deepEqual(template.problems, []);
  });

  it('reads `param x = value` in a .bicepparam file as a value, not a type', () => {
    const text = "using 'main.bicep'\nparam location = 'westeurope'\nparam count = 1 + 2";
    const { template } = parseText(text, '/test/main.bicepparam');
    assert.equal(show(declarationNamed(template, 'param', 'location').defaultValue), '"westeurope"');
    assert.equal(show(declarationNamed(template, 'param', 'count').defaultValue), '(1 + 2)');
    assert.deepEqual(template.problems, []);
  });

  it('keeps positions exact after a BOM and with CRLF line breaks', () => {
    const { file, template } = parseText("\uFEFFvar a = 'x'\r\nvar b = a\r\n");
    const b = declarationNamed(template, 'var', 'b');
    assert.deepEqual(file.lines.positionAt(b.value.range.start), { line: 1, character: 8 });
    assert.equal(textOf(file, b.value.range), 'a');
  });

  it('does not split `f(1).id` or `x[0]` into two array items', () => {
    const text = 'var x = [\n  f(1).id\n  y[0]\n]';
    assert.equal(rawGrammar('var x = [f(1).id]').hasError, false, 'the grammar alone misreads it silently');
    assert.equal(parseText(text).template.problems.length, 0);
    assert.equal(show(declarationNamed(parseText(text).template, 'var', 'x').value), '[f(1).id, y[0]]');
  });

  it('binds `.`, `[…]` and calls tighter than operators, as Bicep does', () => {
    assert.equal(rawGrammar('var x = c ? a : b.d ?? e').hasError, false, 'the grammar alone misreads it silently');
    const { template } = parseText('var x = c ? a : b.d ?? e\nvar y = !empty(z.w)');
    assert.equal(show(declarationNamed(template, 'var', 'x').value), '(c ? a : (b.d ?? e))');
    assert.equal(show(declarationNamed(template, 'var', 'y').value), '(!empty(z.w))');
  });

  it('reads `(a.b) ? x : y` and `(2)` inside objects as values, not types', () => {
    const text = "var x = {\n  a: (enabled) ? 'Deny' : 'Allow'\n  b: [\n    2\n  ]\n  c: (a.b.c) ? 'x' : 'y'\n}";
    assert.equal(rawGrammar("var x = {\n  c: (a.b.c) ? 'x' : 'y'\n}").hasError, false, "the grammar alone reads a nullable type and a property 'x': 'y'");
    const { template } = parseText(text);
    assert.equal(show(declarationNamed(template, 'var', 'x').value), '{a: (enabled ? "Deny" : "Allow"), b: [2], c: (a.b.c ? "x" : "y")}');
    assert.deepEqual(template.problems, []);
  });

  it('reads the postfix non-null `!`, `[^1]` and `//` inside a string', () => {
    const { template } = parseText("var x = split(key!.?id!, '/')[^1]\nvar y = '@replace(a,\\'//\\',\\'/\\')'");
    assert.equal(show(declarationNamed(template, 'var', 'x').value), 'split(key.?id, "/")[(length(split(key.?id, "/")) - 1)]');
    assert.equal(show(declarationNamed(template, 'var', 'y').value), '"@replace(a,\'//\',\'/\')"');
    assert.deepEqual(template.problems, []);
  });
});
