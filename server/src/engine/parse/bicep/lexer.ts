import type { SyntaxProblem } from '../../model/template';
import { DEFAULT_MAX_NESTING_DEPTH, NestingTooDeepError } from './nesting-limit';

/**
 * A hand-written Bicep lexer. It knows the parts of the language that decide where things begin
 * and end — strings with their escapes and `${…}` holes, multi-line strings, comments — so that
 * statements can be found and rewritten without the tree-sitter grammar, which gets exactly
 * these parts wrong (GRAMMAR-NOTES.md).
 */

export type TokenKind = 'word' | 'number' | 'string' | 'symbol' | 'comment' | 'directive' | 'unknown';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** The source text of the token. */
  readonly text: string;
  /** No other significant token (not a comment or directive) comes before it on its line. */
  readonly lineStart: boolean;
  /** Line breaks between the previous token and this one, counting 2 for "a blank line or more". */
  readonly breaksBefore: number;
}

export interface StringToken extends Token {
  readonly kind: 'string';
  /** `'''…'''`, `$'''…'''`, `$$'''…'''` … */
  readonly multiline: boolean;
  /** False when the text ends (or, for a single-line string, the line ends) before the closing quote. */
  readonly terminated: boolean;
  /** Literal text (decoded) and `${…}` holes, in order. Empty literal runs are left out. */
  readonly segments: readonly StringSegment[];
}

export type StringSegment = string | StringHole;

/** An interpolation `${expr}` inside a string. */
export interface StringHole {
  /** Offset of the `$` that opens the hole (the last one of a `$$${` run). */
  readonly start: number;
  /** Offset just after the closing `}`. */
  readonly end: number;
  readonly tokens: readonly Token[];
}

export interface LexResult {
  readonly tokens: readonly Token[];
  readonly problems: readonly SyntaxProblem[];
}

export function isStringToken(token: Token): token is StringToken {
  return token.kind === 'string';
}

export function isSignificant(token: Token): boolean {
  return token.kind !== 'comment' && token.kind !== 'directive';
}

/** Throws NestingTooDeepError when interpolations nest deeper than `maxNestingDepth`: each level recurses here. */
export function lexBicep(text: string, maxNestingDepth = DEFAULT_MAX_NESTING_DEPTH): LexResult {
  const lexer = new Lexer(text, maxNestingDepth);
  const tokens = lexer.scan('end');
  return { tokens, problems: lexer.problems };
}

const SINGLE_SYMBOLS = new Set('{}[](),:;.?=!<>+-*/%|@^');
/** Two-character symbols, and `...`; the longest match wins. */
const LONG_SYMBOLS = new Set(['.?', '::', '??', '==', '!=', '=~', '!~', '=>', '<=', '>=', '&&', '||']);

/** Characters that end a run of plain text in a single-line string: quote, backslash, `$`, line breaks. */
const STRING_STOPS = new Set([0x27, 0x5c, 0x24, 0x0a, 0x0d]);

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", n: '\n', r: '\r', t: '\t', $: '$' };

/**
 * Where a scan stops: at the end of the text, at the `}` that closes a `${` hole, or also at a line
 * break for a hole in a single-line string (which cannot span lines: a hole left open there must
 * not swallow the rest of the file).
 */
type ScanEnd = 'end' | 'brace' | 'brace-on-this-line';

class Lexer {
  readonly problems: SyntaxProblem[] = [];
  private pos = 0;
  private breaks = 0;
  private significantOnLine = false;
  private holeDepth = 0;

  constructor(
    private readonly text: string,
    private readonly maxHoleDepth: number,
  ) {}

  scan(until: ScanEnd): Token[] {
    const tokens: Token[] = [];
    let braces = 0;
    while (this.skipWhitespace(until === 'brace-on-this-line')) {
      const ch = this.text[this.pos];
      if (until !== 'end' && ch === '}' && braces === 0) return tokens;
      const token = this.next();
      if (token.kind === 'symbol') {
        if (token.text === '{') braces++;
        else if (token.text === '}') braces--;
      }
      tokens.push(token);
    }
    return tokens;
  }

  /** Skips blanks, counting line breaks; false at the end of the text (or of the line). */
  private skipWhitespace(stopAtLineBreak: boolean): boolean {
    const text = this.text;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (stopAtLineBreak && (code === 10 || code === 13)) return false;
      if (code === 10 || (code === 13 && text.charCodeAt(this.pos + 1) !== 10)) {
        this.breaks++;
        this.significantOnLine = false;
      } else if (code !== 32 && code !== 9 && code !== 13) {
        return true;
      }
      this.pos++;
    }
    return false;
  }

  private next(): Token {
    const text = this.text;
    const start = this.pos;
    const ch = text[start] ?? '';
    if (ch === '/' && text[start + 1] === '/') return this.lineComment(start);
    if (ch === '/' && text[start + 1] === '*') return this.blockComment(start);
    if (ch === '#' && !this.significantOnLine) return this.directive(start);
    if (ch === "'" || (ch === '$' && this.dollarQuote(start))) return this.string(start);
    if (isWordStart(ch)) {
      let end = start + 1;
      while (end < text.length && isWordPart(text[end] ?? '')) end++;
      return this.make('word', start, end);
    }
    if (ch >= '0' && ch <= '9') {
      let end = start + 1;
      while (end < text.length && (text[end] ?? '') >= '0' && (text[end] ?? '') <= '9') end++;
      return this.make('number', start, end);
    }
    if (text.startsWith('...', start)) return this.make('symbol', start, start + 3);
    if (LONG_SYMBOLS.has(text.slice(start, start + 2))) return this.make('symbol', start, start + 2);
    if (SINGLE_SYMBOLS.has(ch)) return this.make('symbol', start, start + 1);
    const width = (text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
    this.problem(`Unexpected character '${text.slice(start, start + width)}'`, start, start + width);
    return this.make('unknown', start, start + width);
  }

  private make(kind: TokenKind, start: number, end: number): Token {
    return this.finish({ kind, start, end, text: this.text.slice(start, end), lineStart: !this.significantOnLine, breaksBefore: Math.min(this.breaks, 2) });
  }

  private finish<T extends Token>(token: T): T {
    const trivia = token.kind === 'comment' || token.kind === 'directive';
    this.pos = token.end;
    this.breaks = 0;
    if (!trivia) this.significantOnLine = true;
    return token;
  }

  private lineComment(start: number): Token {
    return this.make('comment', start, this.lineEnd(start));
  }

  private blockComment(start: number): Token {
    const close = this.text.indexOf('*/', start + 2);
    if (close === -1) {
      this.problem('Unterminated comment', start, this.text.length);
      return this.make('comment', start, this.text.length);
    }
    return this.make('comment', start, close + 2);
  }

  /** `#disable-next-line …` and its kin run to the end of the line, like a comment. */
  private directive(start: number): Token {
    return this.make('directive', start, this.lineEnd(start));
  }

  private lineEnd(from: number): number {
    let end = from;
    while (end < this.text.length && this.text[end] !== '\n' && this.text[end] !== '\r') end++;
    return end;
  }

  /** `$'''`, `$$'''` …: the number of dollars when they open an interpolating multi-line string. */
  private dollarQuote(start: number): number {
    let end = start;
    while (this.text[end] === '$') end++;
    return this.text.startsWith("'''", end) ? end - start : 0;
  }

  private string(start: number): Token {
    const dollars = this.dollarQuote(start);
    if (dollars > 0) return this.multilineString(start, start + dollars + 3, dollars);
    if (this.text.startsWith("'''", start)) return this.multilineString(start, start + 3, 0);
    return this.singleLineString(start);
  }

  private singleLineString(start: number): Token {
    const text = this.text;
    const segments: StringSegment[] = [];
    let literal = '';
    let pos = start + 1;
    let terminated = false;
    for (;;) {
      let run = pos;
      while (run < text.length && !STRING_STOPS.has(text.charCodeAt(run))) run++;
      literal += text.slice(pos, run);
      pos = run;
      const ch = text[pos];
      if (ch === undefined || ch === '\n' || ch === '\r') {
        this.problem('Unterminated string', start, pos);
        break;
      }
      if (ch === "'") {
        pos++;
        terminated = true;
        break;
      }
      if (ch === '\\') {
        const escape = this.escape(pos);
        literal += escape.value;
        pos = escape.end;
      } else if (text[pos + 1] === '{') {
        if (literal) segments.push(literal);
        literal = '';
        const hole = this.hole(pos, pos + 2, 'brace-on-this-line');
        segments.push(hole);
        pos = hole.end;
      } else {
        literal += ch;
        pos++;
      }
    }
    if (literal) segments.push(literal);
    return this.stringToken(start, pos, { multiline: false, terminated, segments });
  }

  private escape(at: number): { value: string; end: number } {
    const text = this.text;
    const code = text[at + 1];
    if (code !== undefined && code in SIMPLE_ESCAPES) return { value: SIMPLE_ESCAPES[code] ?? '', end: at + 2 };
    if (code === 'u' && text[at + 2] === '{') {
      const close = text.indexOf('}', at + 3);
      const hex = close === -1 ? '' : text.slice(at + 3, close);
      const point = /^[0-9a-fA-F]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (point <= 0x10ffff) return { value: String.fromCodePoint(point), end: close + 1 };
    }
    const end = code === undefined || code === '\n' || code === '\r' ? at + 1 : at + 2;
    this.problem('Invalid escape sequence', at, end);
    return { value: text.slice(at + 1, end), end };
  }

  /** Lexes `${ … }` whose expression starts at `from`; `dollar` is the offset of its `$`. */
  private hole(dollar: number, from: number, until: ScanEnd): StringHole {
    const saved = { breaks: this.breaks, significantOnLine: this.significantOnLine };
    if (++this.holeDepth > this.maxHoleDepth) throw new NestingTooDeepError(dollar, this.maxHoleDepth);
    this.pos = from;
    const tokens = this.scan(until);
    this.holeDepth--;
    let end = this.pos;
    if (this.text[end] === '}') end++;
    else this.problem('Unterminated interpolation', dollar, end);
    this.breaks = saved.breaks;
    this.significantOnLine = saved.significantOnLine;
    return { start: dollar, end, tokens };
  }

  /**
   * As the Bicep compiler reads them: the opening is exactly `'''` (a fourth quote is content), the
   * closing is the first run of three quotes, and quotes right after it still belong to the
   * string (its content then ends in quotes). A line break right after the opening is dropped.
   */
  private multilineString(start: number, contentStart: number, dollars: number): Token {
    const text = this.text;
    const segments: StringSegment[] = [];
    let literalStart = contentStart;
    let pos = contentStart;
    let end = text.length;
    let closed = false;
    const pushLiteral = (until: number): void => {
      let literal = text.slice(literalStart, until);
      if (literalStart === contentStart) literal = literal.replace(/^\r?\n/, '');
      if (literal) segments.push(literal);
    };
    while (pos < text.length) {
      if (text.startsWith("'''", pos)) {
        let quotes = pos + 3;
        while (text[quotes] === "'") quotes++;
        pushLiteral(quotes - 3);
        end = quotes;
        closed = true;
        break;
      }
      if (dollars > 0 && text[pos] === '$') {
        let run = pos;
        while (text[run] === '$') run++;
        if (text[run] === '{' && run - pos >= dollars) {
          const dollar = run - 1;
          pushLiteral(run - dollars);
          const hole = this.hole(dollar, run + 1, 'brace');
          segments.push(hole);
          pos = literalStart = hole.end;
          continue;
        }
        pos = run;
        continue;
      }
      pos++;
    }
    if (!closed) {
      pushLiteral(text.length);
      this.problem('Unterminated multi-line string', start, text.length);
    }
    return this.stringToken(start, end, { multiline: true, terminated: closed, segments });
  }

  private stringToken(start: number, end: number, fields: Pick<StringToken, 'multiline' | 'terminated' | 'segments'>): StringToken {
    const { multiline, terminated, segments } = fields;
    const text = this.text.slice(start, end);
    return this.finish({ kind: 'string', start, end, text, lineStart: !this.significantOnLine, breaksBefore: Math.min(this.breaks, 2), multiline, terminated, segments });
  }

  private problem(message: string, start: number, end: number): void {
    this.problems.push({ message, range: { start, end } });
  }
}

function isWordStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_';
}

function isWordPart(ch: string): boolean {
  return isWordStart(ch) || (ch >= '0' && ch <= '9');
}
