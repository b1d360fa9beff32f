import type { Call, Expression } from '../../model/expression';
import { span, type Range } from '../../model/range';
import { ExpressionSyntaxError, tokenize, type Token, type TokenKind } from './expression-lexer';

/** A decoded JSON string and the document offset of each of its characters. */
export interface ExpressionSource {
  readonly value: string;
  offsetOf(index: number): number;
}

export interface ArmExpressionOptions {
  /** Deeper expressions become `unparsed`: the parser recurses once per level. */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_EXPRESSION_DEPTH = 256;

/** `[...]` is an expression; `[[...]` escapes the bracket and is a literal. */
export function isArmExpression(value: string): boolean {
  return value.length >= 2 && value.startsWith('[') && value.endsWith(']') && value[1] !== '[';
}

/**
 * The value a literal string stands for. Azure drops the escaping bracket only where the string
 * would otherwise be an expression (it also ends with `]`); "[[abc" stays as written.
 */
export function armLiteralValue(value: string): string {
  return value.startsWith('[[') && value.endsWith(']') ? value.slice(1) : value;
}

/**
 * A JSON string value as ARM reads it: a literal, or an expression. The outermost node's range
 * is the whole string token (`tokenRange`, quotes included) so that it can be replaced as a
 * value; nodes inside have the exact ranges of their text. Never throws: a malformed expression
 * is `unparsed`.
 */
export function parseArmString(source: ExpressionSource, tokenRange: Range, options: ArmExpressionOptions = {}): Expression {
  if (!isArmExpression(source.value)) return { kind: 'string', value: armLiteralValue(source.value), range: tokenRange };
  try {
    const tokens = tokenize(source.value, 1, source.value.length - 1);
    const parser = new ExpressionParser(tokens, source, options.maxDepth ?? DEFAULT_MAX_EXPRESSION_DEPTH);
    return { ...parser.parseWhole(), range: tokenRange };
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    return {
      kind: 'unparsed',
      text: source.value,
      reason: `${error.message} (at character ${error.index + 1} of the expression)`,
      range: tokenRange,
    };
  }
}

const KEYWORDS: Readonly<Record<string, (range: Range) => Expression>> = {
  true: (range) => ({ kind: 'boolean', value: true, range }),
  false: (range) => ({ kind: 'boolean', value: false, range }),
  null: (range) => ({ kind: 'null', range }),
};

/** Recursive descent over: expression := primary ('.' name | '[' expression ']')* */
class ExpressionParser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly source: ExpressionSource,
    private readonly maxDepth: number,
  ) {}

  parseWhole(): Expression {
    const expression = this.parseExpression();
    this.expect('end');
    return expression;
  }

  private parseExpression(): Expression {
    const start = this.peek();
    if (++this.depth > this.maxDepth) {
      throw new ExpressionSyntaxError(`The expression is nested more than ${this.maxDepth} levels deep`, start.start);
    }
    let expression = this.parsePrimary();
    for (let next = this.peek(); next.kind === '.' || next.kind === '['; next = this.peek()) {
      this.advance();
      if (next.kind === '.') {
        const property = this.expect('identifier');
        expression = { kind: 'member', object: expression, property: property.text, safe: false, range: this.range(start, property) };
      } else {
        const index = this.parseExpression();
        const close = this.expect(']');
        expression = { kind: 'index', object: expression, index, safe: false, range: this.range(start, close) };
      }
    }
    this.depth--;
    return expression;
  }

  private parsePrimary(): Expression {
    const token = this.advance();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.text, range: this.range(token, token) };
      case 'integer':
        return { kind: 'number', value: Number(token.text), range: this.range(token, token) };
      case 'identifier':
        return this.parseNameUse(token);
      default:
        throw this.unexpected(token, 'an expression');
    }
  }

  /** `name(...)`, `namespace.name(...)`, or a bare `true`, `false`, `null`. */
  private parseNameUse(first: Token): Expression {
    const keyword = KEYWORDS[first.text.toLowerCase()];
    if (this.peek().kind === '.' && this.peek(1).kind === 'identifier' && this.peek(2).kind === '(') {
      this.advance();
      return this.parseCall(first, this.advance(), first.text);
    }
    if (this.peek().kind === '(') {
      const call = this.parseCall(first, first, undefined);
      return keyword && call.args.length === 0 ? keyword(call.range) : call;
    }
    if (keyword) return keyword(this.range(first, first));
    throw this.unexpected(this.peek(), `'(' after '${first.text}'`);
  }

  private parseCall(start: Token, name: Token, namespace: string | undefined): Call {
    this.expect('(');
    const args: Expression[] = [];
    if (this.peek().kind !== ')') {
      args.push(this.parseExpression());
      while (this.peek().kind === ',') {
        this.advance();
        args.push(this.parseExpression());
      }
    }
    const close = this.expect(')');
    const range = this.range(start, close);
    return namespace === undefined ? { kind: 'call', name: name.text, args, range } : { kind: 'call', name: name.text, namespace, args, range };
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)] ?? END_OF_NOTHING;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position++;
    return token;
  }

  private expect(kind: TokenKind): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.unexpected(token, describeKind(kind));
    return this.advance();
  }

  private unexpected(token: Token, wanted: string): ExpressionSyntaxError {
    return new ExpressionSyntaxError(`Expected ${wanted} but found ${describeToken(token)}`, token.start);
  }

  private range(first: Token, last: Token): Range {
    return span(this.source.offsetOf(first.start), this.source.offsetOf(last.end));
  }
}

/** Only reached for an empty token list, which the lexer never returns. */
const END_OF_NOTHING: Token = { kind: 'end', text: '', start: 0, end: 0 };

function describeKind(kind: TokenKind): string {
  switch (kind) {
    case 'end':
      return 'the end of the expression';
    case 'identifier':
      return 'a name';
    case 'string':
      return 'a string';
    case 'integer':
      return 'a number';
    default:
      return `'${kind}'`;
  }
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case 'identifier':
      return `'${token.text}'`;
    case 'string':
      return `the string '${token.text}'`;
    case 'integer':
      return token.text;
    default:
      return describeKind(token.kind);
  }
}
