import * as assert from 'node:assert/strict';
import { isStringToken, lexBicep, type StringToken, type Token } from '../../../server/src/engine/parse/bicep/lexer';

function significant(text: string): Token[] {
  return lexBicep(text).tokens.filter((token) => token.kind !== 'comment' && token.kind !== 'directive');
}

function onlyString(text: string): StringToken {
  const [token, ...rest] = significant(text);
  assert.ok(token && isStringToken(token), `a string in ${text}`);
  assert.deepEqual(rest, [], `nothing after the string in ${text}`);
  return token;
}

/** Literal text as is, holes as `{start-end}` of their source. */
function segments(text: string): string[] {
  return onlyString(text).segments.map((segment) => (typeof segment === 'string' ? segment : `{${text.slice(segment.start, segment.end)}}`));
}

describe('Bicep lexer', () => {
  describe('single-quoted strings', () => {
    it('decodes every escape Bicep has', () => {
      assert.deepEqual(segments(String.raw`'a\\b\'c\nd\re\tf\$g\u{41}\u{1F600}'`), ['a\\b\'c\nd\re\tf$gA😀']);
    });

    it('splits interpolations into holes, with nested braces and strings inside', () => {
      const text = "'x${ {a: 1}.a }y${concat('}', '${z}')}'";
      assert.deepEqual(segments(text), ['x', '{${ {a: 1}.a }}', 'y', "{${concat('}', '${z}')}}"]);
      const hole = onlyString(text).segments[3];
      assert.ok(hole && typeof hole !== 'string');
      assert.deepEqual(hole.tokens.map((token) => token.text), ['concat', '(', "'}'", ',', "'${z}'", ')']);
    });

    it('keeps `\\${` literal and a lone `$`', () => {
      assert.deepEqual(segments(String.raw`'\${a} $ b$'`), ['${a} $ b$']);
    });

    it('ends an unterminated string at the end of its line and reports it', () => {
      const { tokens, problems } = lexBicep("var x = 'abc\nvar y = 1");
      assert.equal(problems[0]?.message, 'Unterminated string');
      assert.ok(tokens.some((token) => token.text === 'y'), 'the next line is still read');
    });

    it('ends an interpolation left open at the end of its line', () => {
      const { tokens, problems } = lexBicep("var a = 'x${b\nvar c = 1");
      assert.deepEqual(problems.map((p) => p.message), ['Unterminated interpolation', 'Unterminated string']);
      assert.deepEqual(tokens.slice(-4).map((token) => token.text), ['var', 'c', '=', '1']);
    });

    it('reports an invalid escape', () => {
      assert.equal(lexBicep(String.raw`'\q'`).problems[0]?.message, 'Invalid escape sequence');
    });
  });

  describe('multi-line strings', () => {
    it("drops the line break after the opening '''", () => {
      assert.deepEqual(segments("'''\nline 1\nline 2\n'''"), ['line 1\nline 2\n']);
      assert.deepEqual(segments("'''\r\nx'''"), ['x']);
    });

    it('reads no escapes and no interpolation', () => {
      assert.deepEqual(segments("'''a\\n${b}'''"), ['a\\n${b}']);
    });

    it('takes a fourth opening quote as content, and quotes after the closing run too', () => {
      assert.deepEqual(segments("''''\nkeeps '' inside\n''''"), ["'\nkeeps '' inside\n'"]);
      assert.deepEqual(segments("'''''''"), ["'"]);
    });

    it("reads '''''' as the empty string", () => {
      assert.deepEqual(segments("''''''"), []);
      assert.equal(onlyString("''''''").end, 6);
    });

    it("interpolates in $'''…''' and $$'''…''' by the number of dollars", () => {
      assert.deepEqual(segments("$'''\nHello ${name}\n'''"), ['Hello ', '{${name}}', '\n']);
      assert.deepEqual(segments("$$'''abc$${123}${x}'''"), ['abc', '{${123}}', '${x}']);
      assert.deepEqual(segments("$$$'''${a}$${b}$$${c}$$$${d}'''"), ['${a}$${b}', '{${c}}', '$', '{${d}}']);
      assert.deepEqual(segments("$''''''"), []);
    });

    it('reads strings inside the holes of an interpolating multi-line string', () => {
      assert.deepEqual(segments("$'''abc${'def${123}'}_${'${456}'}'''"), ['abc', "{${'def${123}'}}", '_', "{${'${456}'}}"]);
    });

    it('reports an unterminated multi-line string', () => {
      assert.equal(lexBicep("var x = '''\nabc''").problems[0]?.message, 'Unterminated multi-line string');
    });
  });

  describe('comments and directives', () => {
    it('reads // to the end of the line, even when it ends in a backslash', () => {
      const tokens = lexBicep('// ends in \\\nparam x string').tokens;
      assert.deepEqual(tokens.map((token) => [token.kind, token.text]), [['comment', '// ends in \\'], ['word', 'param'], ['word', 'x'], ['word', 'string']]);
    });

    it('reads /* */ across lines and reports an unterminated one', () => {
      assert.deepEqual(lexBicep('a /* b\n c */ d').tokens.map((token) => token.kind), ['word', 'comment', 'word']);
      assert.equal(lexBicep('a /* b').problems[0]?.message, 'Unterminated comment');
    });

    it('reads #disable-next-line at the start of a line as a directive, and # elsewhere as an error', () => {
      assert.equal(lexBicep('  #disable-next-line no-unused-vars\nvar x = 1').tokens[0]?.kind, 'directive');
      assert.equal(lexBicep('var x = 1 # no').problems[0]?.message, "Unexpected character '#'");
    });
  });

  describe('tokens', () => {
    it('keeps the longest symbol', () => {
      assert.deepEqual(significant('a.?b ?? c[?0] ...d =~ e != f => g :: h').filter((t) => t.kind === 'symbol').map((t) => t.text), ['.?', '??', '[', '?', ']', '...', '=~', '!=', '=>', '::']);
    });

    it('marks the first token of each line and counts the line breaks before it', () => {
      const tokens = lexBicep('a b\n\n\n  /* c */ d\ne').tokens;
      assert.deepEqual(tokens.map((t) => [t.text, t.lineStart, t.breaksBefore]), [['a', true, 0], ['b', false, 0], ['/* c */', true, 2], ['d', true, 0], ['e', true, 1]]);
    });

    it('counts offsets in UTF-16 code units', () => {
      const text = "var s = '😀é' // ü\nvar t = 1";
      const t = significant(text).find((token) => token.text === 't');
      assert.equal(t?.start, text.indexOf('t ='));
    });
  });
});
