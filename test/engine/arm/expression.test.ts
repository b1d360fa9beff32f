import * as assert from 'node:assert/strict';
import type { Call, Expression } from '../../../server/src/engine/model/expression';
import { span } from '../../../server/src/engine/model/range';
import { decodeJsonString, isArmExpression, parseArmString } from '../../../server/src/engine/parse/arm';
import { rangeOf } from './helpers';

/** Parses `token`, a JSON string token as written in a document (quotes and escapes included). */
function parseToken(token: string, maxDepth?: number): Expression {
  return parseArmString(decodeJsonString(token, 0, token.length), span(0, token.length), { maxDepth });
}

function asCall(expression: Expression | undefined, name: string): Call {
  if (expression?.kind !== 'call') assert.fail(`expected a call to ${name}, got ${expression?.kind}`);
  assert.equal(expression.name, name);
  return expression;
}

describe('ARM expressions', () => {
  describe('literals and expressions', () => {
    it('reads a string without brackets as a literal covering the whole token', () => {
      assert.deepEqual(parseToken('"westus"'), { kind: 'string', value: 'westus', range: span(0, 8) });
    });

    it('reads "[[" as an escaped bracket: "[[Regional]" is the literal "[Regional]"', () => {
      assert.deepEqual(parseToken('"[[Regional]"'), { kind: 'string', value: '[Regional]', range: span(0, 13) });
    });

    it('reads "[team]owned" as a literal: it does not end with "]"', () => {
      assert.deepEqual(parseToken('"[team]owned"'), { kind: 'string', value: '[team]owned', range: span(0, 13) });
    });

    it('keeps "[[" where the string would not be an expression anyway', () => {
      assert.deepEqual(parseToken('"[[abc"'), { kind: 'string', value: '[[abc', range: span(0, 7) });
    });

    it('tells expressions from literals', () => {
      assert.equal(isArmExpression('[f()]'), true);
      assert.equal(isArmExpression('[]'), true);
      assert.equal(isArmExpression('[[f()]'), false);
      assert.equal(isArmExpression('['), false);
      assert.equal(isArmExpression('x[f()]'), false);
    });
  });

  describe('structure', () => {
    it('reads a call followed by a member: resourceGroup().location', () => {
      const token = '"[resourceGroup().location]"';
      const expression = parseToken(token);
      assert.deepEqual(expression, {
        kind: 'member',
        object: { kind: 'call', name: 'resourceGroup', args: [], range: rangeOf(token, 'resourceGroup()') },
        property: 'location',
        safe: false,
        range: span(0, token.length),
      });
    });

    it('reads chains of calls, members and indexes', () => {
      const token = "\"[reference(parameters('x')).outputs.y.value[0]]\"";
      const index = parseToken(token);
      if (index.kind !== 'index') assert.fail(index.kind);
      assert.deepEqual(index.index, { kind: 'number', value: 0, range: rangeOf(token, '0') });
      const value = index.object;
      if (value.kind !== 'member') assert.fail(value.kind);
      assert.equal(value.property, 'value');
      assert.deepEqual(value.range, rangeOf(token, "reference(parameters('x')).outputs.y.value"));
      if (value.object.kind !== 'member' || value.object.object.kind !== 'member') assert.fail('expected .outputs.y');
      assert.equal(value.object.property, 'y');
      assert.equal(value.object.object.property, 'outputs');
      const reference = asCall(value.object.object.object, 'reference');
      const parameters = asCall(reference.args[0], 'parameters');
      assert.deepEqual(parameters.args, [{ kind: 'string', value: 'x', range: rangeOf(token, "'x'") }]);
    });

    it('reads an index by expression: parameters(\'a\')[variables(\'i\')]', () => {
      const token = "\"[parameters('a')[variables('i')]]\"";
      const expression = parseToken(token);
      if (expression.kind !== 'index') assert.fail(expression.kind);
      asCall(expression.object, 'parameters');
      assert.deepEqual(asCall(expression.index, 'variables').range, rangeOf(token, "variables('i')"));
    });

    it('reads a namespaced user function and negative integers', () => {
      const token = "\"[myNs.doThing('a', -5, 12)]\"";
      const call = asCall(parseToken(token), 'doThing');
      assert.equal(call.namespace, 'myNs');
      assert.deepEqual(call.args.slice(1), [
        { kind: 'number', value: -5, range: rangeOf(token, '-5') },
        { kind: 'number', value: 12, range: rangeOf(token, '12') },
      ]);
    });

    it("unescapes '' inside a string literal", () => {
      const token = "\"[concat('it''s', '')]\"";
      const call = asCall(parseToken(token), 'concat');
      assert.deepEqual(call.args, [
        { kind: 'string', value: "it's", range: rangeOf(token, "'it''s'") },
        { kind: 'string', value: '', range: rangeOf(token, "''", 1) },
      ]);
    });

    it('reads true, false and null with or without parentheses', () => {
      const token = '"[if(true(), false, null())]"';
      const call = asCall(parseToken(token), 'if');
      assert.deepEqual(call.args, [
        { kind: 'boolean', value: true, range: rangeOf(token, 'true()') },
        { kind: 'boolean', value: false, range: rangeOf(token, 'false') },
        { kind: 'null', range: rangeOf(token, 'null()') },
      ]);
    });

    it('keeps function names as written', () => {
      const expression = parseToken('"[ResourceGroup().Location]"');
      if (expression.kind !== 'member') assert.fail(expression.kind);
      assert.equal(expression.property, 'Location');
      asCall(expression.object, 'ResourceGroup');
    });

    it('allows whitespace and raw line breaks between tokens', () => {
      const token = "\"[ concat (\r\n  'a' ,\n\t'b' ) ]\"";
      const call = asCall(parseToken(token), 'concat');
      assert.deepEqual(
        call.args.map((arg) => arg.range),
        [rangeOf(token, "'a'"), rangeOf(token, "'b'")],
      );
    });
  });

  describe('ranges through JSON escapes', () => {
    it('maps nodes behind \\u0027 and \\" to their exact document text', () => {
      const document = '{ "v": "[format(\'{0}\\"\', parameters(\\u0027p\\u0027))]" }';
      const start = document.indexOf('"[format');
      const end = document.lastIndexOf('"') + 1;
      const expression = parseArmString(decodeJsonString(document, start, end), span(start, end));
      assert.deepEqual(expression.range, span(start, end));
      const format = asCall(expression, 'format');
      assert.deepEqual(format.args[0], { kind: 'string', value: '{0}"', range: rangeOf(document, "'{0}\\\"'") });
      const parameters = asCall(format.args[1], 'parameters');
      assert.deepEqual(parameters.range, rangeOf(document, 'parameters(\\u0027p\\u0027)'));
      assert.deepEqual(parameters.args[0], { kind: 'string', value: 'p', range: rangeOf(document, '\\u0027p\\u0027') });
    });
  });

  describe('malformed expressions', () => {
    const malformed: [string, RegExp][] = [
      ['"[]"', /Expected an expression but found the end of the expression/],
      ["\"[concat('a']\"", /Expected '\)' but found the end/],
      ["\"[concat('a',)]\"", /Expected an expression but found '\)'/],
      ["\"[concat('a') 'b']\"", /Expected the end of the expression but found the string 'b'/],
      ['"[foo]"', /Expected '\(' after 'foo'/],
      ['"[a.b]"', /Expected '\(' after 'a'/],
      ["\"[concat('a]\"", /Unterminated string/],
      ['"[1.5]"', /Expected a name but found 5/],
      ['"[concat(\\"x\\")]"', /Unexpected character '"'/],
      ["\"[concat('a')]extra]\"", /Expected the end of the expression but found '\]'/],
    ];
    for (const [token, reason] of malformed) {
      it(`returns unparsed for ${token}`, () => {
        const expression = parseToken(token);
        if (expression.kind !== 'unparsed') assert.fail(`parsed as ${expression.kind}`);
        assert.match(expression.reason, reason);
        assert.equal(expression.text, decodeJsonString(token, 0, token.length).value);
        assert.deepEqual(expression.range, span(0, token.length));
      });
    }

    it('returns unparsed, not a stack overflow, for an expression nested 100,000 levels deep', () => {
      const token = `"[${'concat('.repeat(100_000)}${')'.repeat(100_000)}]"`;
      const expression = parseToken(token);
      if (expression.kind !== 'unparsed') assert.fail(expression.kind);
      assert.match(expression.reason, /nested more than 256 levels deep/);
    });

    it('takes the depth limit as an option', () => {
      assert.equal(parseToken('"[a(b(c()))]"', 3).kind, 'call');
      assert.equal(parseToken('"[a(b(c(d())))]"', 3).kind, 'unparsed');
    });
  });
});
