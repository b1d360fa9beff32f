import { createScanner, parseTree, ParseErrorCode, SyntaxKind } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { span } from '../../model/range';
import type { SyntaxProblem } from '../../model/template';
import { decodeJsonString, type DecodedString } from './json-string';

export type { JsonNode };

export const DEFAULT_MAX_JSON_DEPTH = 512;

export interface JsonParseOptions {
  /** Deeper documents are refused: jsonc-parser recurses once per level and would overflow the stack. */
  readonly maxDepth?: number;
}

/**
 * A JSON text ready for jsonc-parser. jsonc-parser ends a string at a raw line break, but Azure
 * accepts raw line breaks (and other control characters) inside strings; `parsable` is a
 * same-length copy with those characters blanked, so every offset stays exact.
 */
export interface PreparedJson {
  readonly text: string;
  readonly parsable: string;
}

export interface JsonDocument {
  readonly text: string;
  readonly root: JsonNode | undefined;
  readonly problems: SyntaxProblem[];
}

export type JsonParseResult =
  | { readonly kind: 'parsed'; readonly document: JsonDocument }
  | { readonly kind: 'too-deep'; readonly message: string };

export function prepareJson(text: string): PreparedJson {
  return { text, parsable: blankControlCharactersInStrings(text) };
}

export function parseJsonDocument(source: string | PreparedJson, options: JsonParseOptions = {}): JsonParseResult {
  const prepared = typeof source === 'string' ? prepareJson(source) : source;
  const limit = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const depth = nestingDepth(prepared.parsable);
  if (depth > limit) {
    return { kind: 'too-deep', message: `JSON is nested ${depth} levels deep; the limit is ${limit}` };
  }
  const errors: ParseError[] = [];
  // Azure's JSON reader accepts trailing commas, so they are not worth a problem here.
  const root = parseTree(prepared.parsable, errors, { allowTrailingComma: true, disallowComments: false });
  const problems = errors.map((error) => ({
    message: PARSE_ERROR_MESSAGES[error.error] ?? 'Invalid JSON',
    range: span(error.offset, error.offset + error.length),
  }));
  return { kind: 'parsed', document: { text: prepared.text, root, problems } };
}

/** The value of a string node, decoded from the original text (raw line breaks included). */
export function decodeStringNode(text: string, node: JsonNode): DecodedString {
  return decodeJsonString(text, node.offset, node.offset + Math.max(node.length, 1));
}

/**
 * The deepest nesting of objects and arrays, counted without recursion. A plain character loop
 * (strings and comments skipped as blankControlCharactersInStrings skips them): it runs before
 * every parse, and the scanner's tokens cost several times more.
 */
export function nestingDepth(parsable: string): number {
  let depth = 0;
  let deepest = 0;
  let offset = 0;
  while (offset < parsable.length) {
    const code = parsable.charCodeAt(offset);
    if (code === QUOTE) {
      offset = endOfString(parsable, offset);
    } else if (code === SLASH && parsable.charCodeAt(offset + 1) === SLASH) {
      offset = endOfLineComment(parsable, offset);
    } else if (code === SLASH && parsable.charCodeAt(offset + 1) === STAR) {
      const close = parsable.indexOf('*/', offset + 2);
      offset = close === -1 ? parsable.length : close + 2;
    } else {
      if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        depth++;
        if (depth > deepest) deepest = depth;
      } else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && depth > 0) {
        depth--;
      }
      offset++;
    }
  }
  return deepest;
}

/** The offset after the string literal that starts at `offset` (its closing quote, or the end of the text). */
function endOfString(text: string, offset: number): number {
  let at = offset + 1;
  for (;;) {
    const close = text.indexOf('"', at);
    if (close === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    at = close + 1;
  }
}

/**
 * The string value of a property of the root object (names compare case-insensitively), read
 * token by token without building a tree: it answers "is this a template?" cheaply, and also
 * for documents too deep or too broken to parse.
 */
export function readRootStringProperty(prepared: PreparedJson, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const scanner = createScanner(prepared.parsable, true);
  if (scanner.scan() !== SyntaxKind.OpenBraceToken) return undefined;
  let depth = 1;
  let state: 'other' | 'after-key' | 'after-colon' = 'other';
  for (let token = scanner.scan(); token !== SyntaxKind.EOF && depth > 0; token = scanner.scan()) {
    if (state === 'after-colon' && token === SyntaxKind.StringLiteral) {
      return decodeJsonString(prepared.text, scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()).value;
    }
    if (state === 'after-key' && token === SyntaxKind.ColonToken) state = 'after-colon';
    else if (depth === 1 && token === SyntaxKind.StringLiteral && scanner.getTokenValue().toLowerCase() === wanted) state = 'after-key';
    else state = 'other';

    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) depth++;
    else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) depth--;
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const FIRST_PRINTABLE = 0x20;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Where a string, a comment or nothing of interest may start, outside strings. */
const OUTSIDE_STRINGS = /["/]/g;
/** Inside a string: its end, an escape, or a control character to blank. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INSIDE_STRING = /["\\\x00-\x1f]/g;

/**
 * Replaces control characters inside string literals (outside comments) with spaces. Regular
 * expressions jump between the characters that matter: a compiled template is mostly indentation
 * and plain string content, which a character loop would visit one by one.
 */
function blankControlCharactersInStrings(text: string): string {
  const pieces: string[] = [];
  let copiedUpTo = 0;
  let offset = 0;
  while (offset < text.length) {
    OUTSIDE_STRINGS.lastIndex = offset;
    const found = OUTSIDE_STRINGS.exec(text);
    if (!found) break;
    offset = found.index;
    const next = text.charCodeAt(offset + 1);
    if (text.charCodeAt(offset) === QUOTE) {
      offset++;
      for (;;) {
        INSIDE_STRING.lastIndex = offset;
        const stop = INSIDE_STRING.exec(text);
        if (!stop) {
          offset = text.length;
          break;
        }
        offset = stop.index;
        const code = text.charCodeAt(offset);
        if (code === QUOTE) break;
        // An escape takes the next character with it, a control character among them.
        if (code === BACKSLASH) offset++;
        if (text.charCodeAt(offset) < FIRST_PRINTABLE) {
          pieces.push(text.slice(copiedUpTo, offset), ' ');
          copiedUpTo = offset + 1;
        }
        offset++;
      }
      offset++;
    } else if (next === SLASH) {
      offset = endOfLineComment(text, offset);
    } else if (next === STAR) {
      const close = text.indexOf('*/', offset + 2);
      offset = close === -1 ? text.length : close + 2;
    } else {
      offset++;
    }
  }
  if (copiedUpTo === 0) return text;
  pieces.push(text.slice(copiedUpTo));
  return pieces.join('');
}

function endOfLineComment(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && text.charCodeAt(end) !== LINE_FEED && text.charCodeAt(end) !== CARRIAGE_RETURN) end++;
  return end;
}

const PARSE_ERROR_MESSAGES: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'Unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'Invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'Expected a property name',
  [ParseErrorCode.ValueExpected]: 'Expected a value',
  [ParseErrorCode.ColonExpected]: "Expected ':'",
  [ParseErrorCode.CommaExpected]: "Expected ','",
  [ParseErrorCode.CloseBraceExpected]: "Expected '}'",
  [ParseErrorCode.CloseBracketExpected]: "Expected ']'",
  [ParseErrorCode.EndOfFileExpected]: 'Expected the end of the file',
  [ParseErrorCode.InvalidCommentToken]: 'Invalid comment',
  [ParseErrorCode.UnexpectedEndOfComment]: 'Unterminated comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'Unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'Incomplete number',
  [ParseErrorCode.InvalidUnicode]: 'Invalid \\u escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape character',
  [ParseErrorCode.InvalidCharacter]: 'Invalid character',
};
