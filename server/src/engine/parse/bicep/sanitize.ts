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
 * - parentheses around a single token go: in an object `(x) ? a : b` reads as the nullable
 *   type `(x)?`, and `(2)` as a type;
 * - `param`, `output` and typed `var` become `var x = …` with the type blanked: types are not
 *   needed in the model and the grammar cannot read many of them (`resourceInput<…>`), and a
 *   `.bicepparam` `param x = value` is read as a value instead of a type;
 * - nested child resources are blanked out of their parent: each is parsed on its own.
 */
export interface SanitizedText {
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

class Rewriter {
  private readonly chars: string[];
  private readonly objectSpreads = new Set<number>();
  private readonly arraySpreads = new Set<number>();
  private readonly fromEndIndexes = new Set<number>();
  private readonly arrays = new Set<number>();
  private readonly strings = new Map<number, StringToken>();

  constructor(
    text: string,
    private readonly base: number,
  ) {
    this.chars = text.split('');
  }

  /** Rewrites what the grammar misreads in a run of tokens (a declaration, or a string's hole). */
  tokens(tokens: readonly Token[]): void {
    const brackets: Bracket[] = [];
    let previous: Token | undefined;
    /** The previous token ends a value: an item or an index may follow it, and `!` after it is postfix. */
    let afterValue = false;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (!token) continue;
      if (!isSignificant(token)) {
        this.blank(token.start, token.end);
        continue;
      }
      const context = brackets[brackets.length - 1];
      if (context === 'array' && token.lineStart && afterValue && (token.kind !== 'symbol' || ITEM_START_SYMBOLS.has(token.text))) this.commaBefore(token);
      let endsValue = token.kind === 'word' ? !KEYWORDS_BEFORE_VALUES.has(token.text) : token.kind !== 'symbol';
      if (isStringToken(token)) this.string(token);
      else if (token.kind !== 'symbol') {
        // words and numbers stay
      } else if (token.text === '[') {
        const opened = afterValue && token.breaksBefore === 0 ? 'index' : this.arrayKind(tokens, i);
        if (opened === 'array') this.openArray(token);
        brackets.push(opened);
      } else if (token.text === '{') brackets.push('object');
      else if (token.text === '(') {
        if (!afterValue && previous?.text !== 'if') this.unwrapSingleToken(tokens, i);
        brackets.push('paren');
      } else if (token.text === '}' || token.text === ']' || token.text === ')') {
        if (brackets.pop() === 'array' && token.text === ']') this.closeArray(token, previous);
        endsValue = true;
      } else if (token.text === '...') this.spread(token, context, tokens[nextSignificant(tokens, i)]);
      else if (token.text === '!' && afterValue && token.breaksBefore === 0) {
        this.blank(token.start, token.end);
        endsValue = true;
      } else if (token.text === '^' && (previous?.text === '[' || previous?.text === '?')) {
        this.blank(token.start, token.end);
        const index = tokens[nextSignificant(tokens, i)];
        if (index) this.fromEndIndexes.add(index.start);
      }
      afterValue = endsValue;
      previous = token;
    }
  }

  replace(at: number, text: string): void {
    for (let i = 0; i < text.length; i++) this.set(at + i, text[i] ?? ' ');
  }

  /** Spaces, keeping line breaks so that the text still reads line by line when debugging. */
  blank(start: number, end: number): void {
    for (let at = start; at < end; at++) {
      const ch = this.chars[at - this.base];
      if (ch !== '\n' && ch !== '\r') this.set(at, ' ');
    }
  }

  result(): SanitizedText {
    const { objectSpreads, arraySpreads, arrays, fromEndIndexes, strings } = this;
    return { text: this.chars.join(''), objectSpreads, arraySpreads, arrays, fromEndIndexes, strings };
  }

  private set(at: number, ch: string): void {
    const index = at - this.base;
    if (index >= 0 && index < this.chars.length) this.chars[index] = ch;
  }

  private arrayKind(tokens: readonly Token[], open: number): Bracket {
    const first = nextSignificant(tokens, open);
    if (tokens[first]?.text === 'for') return 'for';
    if (tokens[first]?.text === ']' || tokens[nextSignificant(tokens, first)]?.text === ']') return 'short-array';
    return 'array';
  }

  /** `(x)` → ` x `, unless it is a lambda's parameter list. */
  private unwrapSingleToken(tokens: readonly Token[], open: number): void {
    const inner = nextSignificant(tokens, open);
    const close = nextSignificant(tokens, inner);
    const innerToken = tokens[inner];
    const closeToken = tokens[close];
    if (!innerToken || innerToken.kind === 'symbol' || closeToken?.text !== ')' || tokens[nextSignificant(tokens, close)]?.text === '=>') return;
    const openToken = tokens[open];
    if (openToken) this.blank(openToken.start, openToken.end);
    this.blank(closeToken.start, closeToken.end);
  }

  private openArray(token: Token): void {
    this.set(token.start, '(');
    this.arrays.add(token.start);
  }

  /** `)` for `]`; a trailing comma, which a parenthesized list does not allow, goes. */
  private closeArray(token: Token, previous: Token | undefined): void {
    this.set(token.start, ')');
    if (previous?.text === ',') this.blank(previous.start, previous.end);
  }

  /** A line break between two items stands for a comma; the grammar needs the comma. */
  private commaBefore(token: Token): void {
    for (let at = token.start - 1; at >= this.base; at--) {
      const ch = this.chars[at - this.base];
      if (ch === '\n' || ch === '\r') {
        this.set(at, ',');
        return;
      }
    }
  }

  /** One quote at each end, `_` for the literal text, the holes `${…}` kept and rewritten in turn. */
  private string(token: StringToken): void {
    this.strings.set(token.start, token);
    const holes = token.segments.filter((segment) => typeof segment !== 'string');
    const contentEnd = token.terminated ? token.end - 1 : token.end;
    let hole = 0;
    for (let at = token.start + 1; at < contentEnd; at++) {
      const current = holes[hole];
      if (current && at >= current.start) {
        at = current.end - 1;
        hole++;
        continue;
      }
      const ch = this.chars[at - this.base];
      if (ch !== '\n' && ch !== '\r') this.set(at, '_');
    }
    this.set(token.start, "'");
    if (token.terminated) this.set(token.end - 1, "'");
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

function nextSignificant(tokens: readonly Token[], index: number): number {
  for (let i = index + 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token && isSignificant(token)) return i;
  }
  return -1;
}
