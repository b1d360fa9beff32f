import type { DeclarationHeader } from './headers';
import { isSignificant, isStringToken, type StringToken, type Token } from './lexer';

/**
 * Rewrites a declaration's text into text of the same length that tree-sitter-bicep 1.1.0 reads
 * correctly, so that every offset in its tree is still an offset in the file:
 * - comments and `#disable-next-line` directives become blanks (a `//` comment ending in a
 *   backslash no longer swallows the next line);
 * - the literal text of every string becomes `_` (its value comes from the lexer): multi-line
 *   strings of every form turn into single-quoted ones of the same length, and `//` inside a
 *   string can no longer start a comment; holes `${…}` stay in place;
 * - spread `...x` becomes the property `_: x` in objects and blanks in arrays, and is remembered;
 * - the postfix non-null `x!` and from-the-end `a[^1]` lose their `!` and `^` (remembered);
 * - array literals `[a, b]` become `(a, b)` (remembered): in an array the grammar splits
 *   `f(1).id` and `x[0]` into two items, as it lets items stand side by side; a parenthesized
 *   list needs commas, so each line break between items gets the comma it stands for in Bicep.
 *   Arrays of one token or none stay: they cannot be split, and `(2)` reads as a type;
 * - parentheses around a name, a literal or a chain like `a.b.c` go (they change nothing): in an
 *   object `(a.b) ? 'x' : 'y'` reads as the nullable type `(a.b)?` followed by a property
 *   `'x': 'y'`, and `(2)` as a type;
 * - `param`, `output` and typed `var` become `var x = …` with the type blanked: types are not
 *   needed in the model and the grammar cannot read many of them (`resourceInput<…>`), and a
 *   `.bicepparam` `param x = value` is read as a value instead of a type;
 * - nested child resources are blanked out of their parent: each is parsed on its own.
 */
export interface SanitizedText {
  /**
   * The declaration's text as written, in a string of its own: values cached for later reuse read
   * their names from it, and a slice of the file's text would keep every old version of a file alive.
   */
  readonly original: string;
  readonly text: string;
  /** Absolute offsets of `...` in objects, where the property `_` now stands. */
  readonly objectSpreads: ReadonlySet<number>;
  /** Absolute offsets of the items that follow `...` in arrays. */
  readonly arraySpreads: ReadonlySet<number>;
  /** Absolute offsets of array literals, now written `( … )`. */
  readonly arrays: ReadonlySet<number>;
  /** Absolute offsets of the indexes that followed `^` (counted from the end). */
  readonly fromEndIndexes: ReadonlySet<number>;
  /** The string tokens in the text, by absolute start: their values come from here. */
  readonly strings: ReadonlyMap<number, StringToken>;
}

const VALUE_KEYWORDS = new Set(['param', 'output', 'var']);

/** Symbols that can begin an array item; any other symbol at the start of a line continues the item before. */
const ITEM_START_SYMBOLS = new Set(['(', '[', '{', '!', '-', '...']);

/** Words after which `[` opens an array rather than an index. */
const KEYWORDS_BEFORE_VALUES = new Set(['in', 'if']);

/** `array` is a literal written as a parenthesized list; `short-array` one that stays as it is. */
type Bracket = 'array' | 'short-array' | 'index' | 'for' | 'object' | 'paren';

/** Where a walk over a run of tokens is. */
interface Walk {
  readonly tokens: readonly Token[];
  readonly brackets: Bracket[];
  previous: Token | undefined;
  /** The previous token ends a value: an item or an index may follow it, and `!` after it is postfix. */
  afterValue: boolean;
}

export function sanitizeDeclaration(source: string, tokens: readonly Token[], header: DeclarationHeader): SanitizedText {
  const base = header.range.start;
  const out = new Rewriter(source.slice(base, header.range.end), base);
  out.tokens(tokens.slice(header.firstIndex, header.lastIndex + 1));
  for (const child of header.children) out.blank(child.range.start, child.range.end);
  const keyword = tokens[header.keywordIndex];
  const name = tokens[header.nameIndex];
  const equals = header.equalsIndex === undefined ? undefined : tokens[header.equalsIndex];
  if (keyword && name && VALUE_KEYWORDS.has(header.kind)) {
    out.replace(keyword.start, 'var'.padEnd(keyword.text.length));
    out.blank(name.end, equals?.start ?? header.range.end);
  }
  return out.result();
}

const SPACE = 0x20;
const UNDERSCORE = 0x5f;
const LF = 0x0a;
const CR = 0x0d;
const UTF16 = new TextDecoder('utf-16le');

class Rewriter {
  /** UTF-16 code units, edited in place: a declaration can be large, and one string per character is not. */
  private readonly chars: Uint16Array;
  private readonly objectSpreads = new Set<number>();
  private readonly arraySpreads = new Set<number>();
  private readonly fromEndIndexes = new Set<number>();
  private readonly arrays = new Set<number>();
  private readonly strings = new Map<number, StringToken>();

  private readonly original: string;

  constructor(
    text: string,
    private readonly base: number,
  ) {
    this.chars = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) this.chars[i] = text.charCodeAt(i);
    this.original = UTF16.decode(this.chars);
  }

  /** Rewrites what the grammar misreads in a run of tokens (a declaration, or a string's hole). */
  tokens(tokens: readonly Token[]): void {
    const walk: Walk = { tokens, brackets: [], previous: undefined, afterValue: false };
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (!token) continue;
      if (!isSignificant(token)) {
        this.blank(token.start, token.end);
        continue;
      }
      const startsItem = token.kind !== 'symbol' || ITEM_START_SYMBOLS.has(token.text);
      if (walk.brackets[walk.brackets.length - 1] === 'array' && token.lineStart && walk.afterValue && startsItem) this.commaBefore(token);
      walk.afterValue = token.kind === 'symbol' ? this.symbol(walk, i, token) : this.operand(token);
      walk.previous = token;
    }
  }

  /** Words, numbers and strings; true when the token ends a value. */
  private operand(token: Token): boolean {
    if (isStringToken(token)) this.string(token);
    return token.kind !== 'word' || !KEYWORDS_BEFORE_VALUES.has(token.text);
  }

  /** Brackets, spreads, `!` and `^`; true when the symbol ends a value. */
  private symbol(walk: Walk, index: number, token: Token): boolean {
    const { tokens, brackets, previous, afterValue } = walk;
    const next = tokens[nextSignificant(tokens, index)];
    switch (token.text) {
      case '[': {
        const opened = afterValue && token.breaksBefore === 0 ? 'index' : arrayKind(tokens, index);
        if (opened === 'array') this.openArray(token);
        brackets.push(opened);
        return false;
      }
      case '{':
        brackets.push('object');
        return false;
      case '(':
        if (!afterValue && previous?.text !== 'if') this.unwrapChain(tokens, index);
        brackets.push('paren');
        return false;
      case ']':
        if (brackets.pop() === 'array') this.closeArray(token, previous);
        return true;
      case '}':
      case ')':
        brackets.pop();
        return true;
      case '...':
        this.spread(token, brackets[brackets.length - 1], next);
        return false;
      case '!':
        // After a value on the same line, `!` is the postfix non-null assertion.
        if (!afterValue || token.breaksBefore > 0) return false;
        this.blank(token.start, token.end);
        return true;
      case '^':
        if (previous?.text === '[' || previous?.text === '?') {
          this.blank(token.start, token.end);
          if (next) this.fromEndIndexes.add(next.start);
        }
        return false;
      default:
        return false;
    }
  }

  replace(at: number, text: string): void {
    for (let i = 0; i < text.length; i++) this.set(at + i, text.charCodeAt(i));
  }

  /** Spaces, keeping line breaks so that the text still reads line by line when debugging. */
  blank(start: number, end: number): void {
    this.fill(start, end, SPACE);
  }

  result(): SanitizedText {
    const { original, objectSpreads, arraySpreads, arrays, fromEndIndexes, strings } = this;
    return { original, text: UTF16.decode(this.chars), objectSpreads, arraySpreads, arrays, fromEndIndexes, strings };
  }

  private set(at: number, code: number): void {
    const index = at - this.base;
    if (index >= 0 && index < this.chars.length) this.chars[index] = code;
  }

  /** Every character but line breaks becomes `code`. */
  private fill(start: number, end: number, code: number): void {
    const from = Math.max(0, start - this.base);
    const to = Math.min(this.chars.length, end - this.base);
    for (let i = from; i < to; i++) {
      const ch = this.chars[i];
      if (ch !== LF && ch !== CR) this.chars[i] = code;
    }
  }

  /** `(a.b)` → ` a.b `, unless it is a lambda's parameter list. */
  private unwrapChain(tokens: readonly Token[], open: number): void {
    let close = nextSignificant(tokens, open);
    if (tokens[close]?.kind === 'symbol') return;
    while (isChainToken(tokens[close])) close = nextSignificant(tokens, close);
    const openToken = tokens[open];
    const closeToken = tokens[close];
    if (!openToken || closeToken?.text !== ')' || tokens[nextSignificant(tokens, close)]?.text === '=>') return;
    this.blank(openToken.start, openToken.end);
    this.blank(closeToken.start, closeToken.end);
  }

  private openArray(token: Token): void {
    this.replace(token.start, '(');
    this.arrays.add(token.start);
  }

  /** `)` for `]`; a trailing comma, which a parenthesized list does not allow, goes. */
  private closeArray(token: Token, previous: Token | undefined): void {
    this.replace(token.start, ')');
    if (previous?.text === ',') this.blank(previous.start, previous.end);
  }

  /** A line break between two items stands for a comma; the grammar needs the comma. */
  private commaBefore(token: Token): void {
    for (let at = token.start - 1; at >= this.base; at--) {
      const ch = this.chars[at - this.base];
      if (ch === LF || ch === CR) {
        this.replace(at, ',');
        return;
      }
    }
  }

  /** One quote at each end, `_` for the literal text, the holes `${…}` kept and rewritten in turn. */
  private string(token: StringToken): void {
    this.strings.set(token.start, token);
    const holes = token.segments.filter((segment) => typeof segment !== 'string');
    const contentEnd = token.terminated ? token.end - 1 : token.end;
    let from = token.start + 1;
    for (const hole of holes) {
      this.fill(from, hole.start, UNDERSCORE);
      from = hole.end;
    }
    this.fill(from, contentEnd, UNDERSCORE);
    this.replace(token.start, "'");
    if (token.terminated) this.replace(token.end - 1, "'");
    for (const current of holes) this.tokens(current.tokens);
  }

  private spread(token: Token, context: Bracket | undefined, next: Token | undefined): void {
    if (context === 'object') {
      this.replace(token.start, '_: ');
      this.objectSpreads.add(token.start);
    } else {
      this.blank(token.start, token.end);
      if (context === 'array' && next) this.arraySpreads.add(next.start);
    }
  }
}

/** An array literal's bracket: a loop, one that stays (one token or none inside), or one to rewrite. */
function arrayKind(tokens: readonly Token[], open: number): Bracket {
  const first = nextSignificant(tokens, open);
  if (tokens[first]?.text === 'for') return 'for';
  if (tokens[first]?.text === ']' || tokens[nextSignificant(tokens, first)]?.text === ']') return 'short-array';
  return 'array';
}

/** A token of a chain that the grammar could read as a type: names, literals, `.`, `.?` and `::`. */
function isChainToken(token: Token | undefined): boolean {
  if (!token) return false;
  return token.kind === 'symbol' ? token.text === '.' || token.text === '.?' || token.text === '::' : token.kind !== 'unknown';
}

function nextSignificant(tokens: readonly Token[], index: number): number {
  for (let i = index + 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token && isSignificant(token)) return i;
  }
  return -1;
}
