import * as assert from 'node:assert/strict';
import {
  decodeJsonString,
  decodeStringNode,
  nestingDepth,
  parseJsonDocument,
  prepareJson,
  readRootStringProperty,
  type JsonDocument,
  type JsonNode,
} from '../../../server/src/engine/parse/arm';
import { readCase } from './helpers';

function parsed(text: string): JsonDocument {
  const result = parseJsonDocument(text);
  if (result.kind !== 'parsed') assert.fail(result.message);
  return result.document;
}

/** The value node of a property of the root object. */
function rootValue(document: JsonDocument, name: string): JsonNode {
  const property = document.root?.children?.find((child) => child.children?.[0]?.value === name);
  const value = property?.children?.[1];
  assert.ok(value, `no property ${name}`);
  return value;
}

describe('ARM JSON document loading', () => {
  describe('raw line breaks inside strings', () => {
    it('parses without a problem and keeps the line break in the value', () => {
      const text = '{ "a": "one\ntwo", "b": 1 }';
      const document = parsed(text);
      assert.deepEqual(document.problems, []);
      assert.equal(decodeStringNode(text, rootValue(document, 'a')).value, 'one\ntwo');
      assert.equal(rootValue(document, 'b').offset, text.indexOf('1 }'));
    });

    it('keeps CRLF and tabs as written', () => {
      const text = '{ "a": "x\r\n\ty" }';
      const document = parsed(text);
      assert.deepEqual(document.problems, []);
      assert.equal(decodeStringNode(text, rootValue(document, 'a')).value, 'x\r\n\ty');
    });

    it('reads the c12 expression string broken over two lines', function () {
      const file = readCase('c12-arm-comments-multiline-string', 'azuredeploy.json');
      if (file === undefined) return this.skip();
      const document = parsed(file.text);
      assert.deepEqual(document.problems, []);
      const resource = rootValue(document, 'resources').children?.[0];
      const location = resource?.children?.find((child) => child.children?.[0]?.value === 'location')?.children?.[1];
      assert.ok(location);
      assert.match(decodeStringNode(file.text, location).value, /^\[concat\('west',\r?\n {8}'us'\)\]$/);
    });

    it('leaves quotes and line breaks inside comments alone', () => {
      const text = '{\n  // don\'t "close\n  /* a "b\n c */ "a": "x\ny"\n}';
      const prepared = prepareJson(text);
      assert.equal(prepared.parsable.length, text.length);
      assert.equal(prepared.parsable, text.replace('"x\ny"', '"x y"'));
      const document = parsed(text);
      assert.deepEqual(document.problems, []);
      assert.equal(decodeStringNode(text, rootValue(document, 'a')).value, 'x\ny');
    });
  });

  describe('syntax problems', () => {
    it('reports a missing comma at its offset', () => {
      const text = '{ "a": 1 "b": 2 }';
      const { problems } = parsed(text);
      assert.deepEqual(problems, [{ message: "Expected ','", range: { start: text.indexOf('"b"'), end: text.indexOf('"b"') + 3 } }]);
    });

    it('reports a truncated document but still builds its root object', () => {
      const text = '{ "resources": [ { "type": ';
      const document = parsed(text);
      assert.equal(document.root?.type, 'object');
      assert.ok(document.problems.length > 0);
      assert.ok(document.problems.every((problem) => problem.range.start === text.length));
    });

    it('accepts trailing commas, as Azure does', () => {
      assert.deepEqual(parsed('{ "a": [1, 2,], }').problems, []);
    });
  });

  describe('nesting depth', () => {
    it('measures the deepest level without recursion', () => {
      assert.equal(nestingDepth('{"a": [[1], {"b": {}}], "c": "[[[["}'), 4);
      assert.equal(nestingDepth('[' .repeat(100_000) + ']'.repeat(100_000)), 100_000);
    });

    it('refuses a document nested 100,000 levels deep with a clear message', () => {
      const started = Date.now();
      const result = parseJsonDocument('['.repeat(100_000) + ']'.repeat(100_000));
      assert.deepEqual(result, { kind: 'too-deep', message: 'JSON is nested 100000 levels deep; the limit is 512' });
      assert.ok(Date.now() - started < 2000);
    });

    it('takes the limit as an option', () => {
      assert.equal(parseJsonDocument('[[[]]]', { maxDepth: 3 }).kind, 'parsed');
      assert.deepEqual(parseJsonDocument('[[[[]]]]', { maxDepth: 3 }), { kind: 'too-deep', message: 'JSON is nested 4 levels deep; the limit is 3' });
    });

    it('parses a document at the default limit', () => {
      const result = parseJsonDocument('['.repeat(512) + ']'.repeat(512));
      assert.equal(result.kind, 'parsed');
    });
  });

  describe('root string properties', () => {
    it('reads a property of the root object only', () => {
      const text = '{ "nested": { "$schema": "inner" }, "list": ["$schema", "x"], "$Schema": "outer" }';
      assert.equal(readRootStringProperty(prepareJson(text), '$schema'), 'outer');
    });

    it('answers for documents too deep to parse', () => {
      const text = '{ "$schema": "s", "deep": ' + '['.repeat(100_000) + ']'.repeat(100_000) + ' }';
      assert.equal(readRootStringProperty(prepareJson(text), '$schema'), 's');
    });

    it('finds nothing when the root is not an object or the value is not a string', () => {
      assert.equal(readRootStringProperty(prepareJson('[{ "$schema": "s" }]'), '$schema'), undefined);
      assert.equal(readRootStringProperty(prepareJson('{ "$schema": 1 }'), '$schema'), undefined);
      assert.equal(readRootStringProperty(prepareJson('\u0000\u0001 binary'), '$schema'), undefined);
    });
  });

  describe('string decoding', () => {
    it('decodes every JSON escape and maps each character to its source offset', () => {
      const text = '"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041"';
      const decoded = decodeJsonString(text, 0, text.length);
      assert.equal(decoded.value, 'a"b\\c/d\b\f\n\r\tA');
      const sources = [...decoded.value].map((_, index) => decoded.offsetOf(index));
      assert.deepEqual(sources, [1, 2, 4, 5, 7, 8, 10, 11, 13, 15, 17, 19, 21]);
      assert.equal(decoded.offsetOf(decoded.value.length), text.length - 1);
    });

    it('maps characters one to one when there is no escape', () => {
      const text = 'xx "abc" yy';
      const decoded = decodeJsonString(text, 3, 8);
      assert.equal(decoded.value, 'abc');
      assert.deepEqual([0, 1, 2, 3].map((index) => decoded.offsetOf(index)), [4, 5, 6, 7]);
    });

    it('decodes a surrogate pair written as two escapes', () => {
      const text = '"\\ud83d\\ude00!"';
      const decoded = decodeJsonString(text, 0, text.length);
      assert.equal(decoded.value, '\u{1F600}!');
      assert.deepEqual([0, 1, 2, 3].map((index) => decoded.offsetOf(index)), [1, 7, 13, 14]);
    });

    it('keeps invalid escapes as written', () => {
      const text = '"\\x\\u12"';
      assert.equal(decodeJsonString(text, 0, text.length).value, '\\x\\u12');
    });

    it('decodes an unterminated string up to the end of its token', () => {
      const text = '"abc\\"';
      assert.equal(decodeJsonString(text, 0, text.length).value, 'abc"');
    });
  });
});
