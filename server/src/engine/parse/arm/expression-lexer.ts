/**
 * Tokens of the ARM template expression language. Positions are indices into the decoded
 * string value; the parser maps them to document offsets.
 */
export type TokenKind = 'identifier' | 'string' | 'integer' | '(' | ')' | '[' | ']' | ',' | '.' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier name, string value (quotes removed, `''` unescaped) or integer digits. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

const PUNCTUATION = new Set<string>(['(', ')', '[', ']', ',', '.']);
const WHITESPACE = new Set<string>([' ', '\t', '\r', '\n']);
const IDENTIFIER_START = /[\p{L}_$]/u;
// ARM has no operators, so '-' can only continue a name here (negative numbers start a token).
const IDENTIFIER_PART = /[\p{L}\p{N}_$-]/u;
const DIGIT = /[0-9]/;

/** Splits `source[start, end)` into tokens, ending with an 'end' token. */
export function tokenize(source: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let index = start;
  while (index < end) {
    const char = source[index] ?? '';
    if (WHITESPACE.has(char)) {
      index++;
    } else if (PUNCTUATION.has(char)) {
      tokens.push({ kind: char as TokenKind, text: char, start: index, end: index + 1 });
      index++;
    } else if (char === "'") {
      const token = readString(source, index, end);
      tokens.push(token);
      index = token.end;
    } else if (DIGIT.test(char) || (char === '-' && DIGIT.test(source[index + 1] ?? ''))) {
      const tokenEnd = scanWhile(source, index + 1, end, DIGIT);
      tokens.push({ kind: 'integer', text: source.slice(index, tokenEnd), start: index, end: tokenEnd });
      index = tokenEnd;
    } else if (IDENTIFIER_START.test(char)) {
      const tokenEnd = scanWhile(source, index + 1, end, IDENTIFIER_PART);
      tokens.push({ kind: 'identifier', text: source.slice(index, tokenEnd), start: index, end: tokenEnd });
      index = tokenEnd;
    } else {
      throw new ExpressionSyntaxError(`Unexpected character '${char}'`, index);
    }
  }
  tokens.push({ kind: 'end', text: '', start: end, end });
  return tokens;
}

/** A single-quoted string; two quotes in a row stand for one. */
function readString(source: string, start: number, end: number): Token {
  let value = '';
  let index = start + 1;
  while (index < end) {
    const char = source[index];
    if (char === "'") {
      if (source[index + 1] !== "'") return { kind: 'string', text: value, start, end: index + 1 };
      value += "'";
      index += 2;
    } else {
      value += char ?? '';
      index++;
    }
  }
  throw new ExpressionSyntaxError('Unterminated string', start);
}

function scanWhile(source: string, index: number, end: number, pattern: RegExp): number {
  while (index < end && pattern.test(source[index] ?? '')) index++;
  return index;
}
