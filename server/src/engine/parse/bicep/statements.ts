import type { SyntaxProblem } from '../../model/template';
import { isSignificant, type Token } from './lexer';

/**
 * Words that begin a top-level statement. `provider` is the old spelling of `extension`;
 * `extends` and `extensionConfig` appear in `.bicepparam` files.
 */
export const STATEMENT_KEYWORDS: ReadonlySet<string> = new Set([
  'param', 'var', 'resource', 'module', 'output', 'type', 'func', 'import', 'metadata', 'extension', 'provider',
  'targetScope', 'using', 'extends', 'extensionConfig', 'test', 'assert',
]);

/** A top-level statement: its decorators, keyword and everything up to the next statement. */
export interface Statement {
  readonly keyword: string;
  /** Index of the keyword in the token list. */
  readonly keywordIndex: number;
  /** Index of the first decorator's `@`, or of the keyword. */
  readonly firstIndex: number;
  /** Index of the last significant token. */
  readonly lastIndex: number;
  /** Offset of the first decorator, or of the keyword. */
  readonly start: number;
  readonly end: number;
  /** Where the comment lines directly above the statement begin (`start` when there are none). */
  readonly commentStart: number;
}

export interface StatementSplit {
  readonly statements: readonly Statement[];
  /** For each bracket token, the index of its partner; -1 for other tokens and unmatched brackets. */
  readonly partner: Int32Array;
  readonly problems: readonly SyntaxProblem[];
}

const OPENERS: Readonly<Record<string, string>> = { '{': '}', '[': ']', '(': ')' };
const CLOSERS = new Set(['}', ']', ')']);

/**
 * Splits a file at the keywords that begin a line outside any bracket. Brackets are matched on the
 * way; when one is left open, a keyword at the very start of a line with a declaration's shape
 * after it closes the damage (as someone typing a new resource would want), and the open bracket
 * is reported. A decorator whose own brackets are left open stays out of the declaration below it.
 * A line outside any bracket that starts a new value after a complete `= value` is stray text, not
 * part of the declaration: tree-sitter's error recovery takes time quadratic in such text, and it
 * would otherwise be parsed with the declaration before it.
 */
export function splitStatements(text: string, tokens: readonly Token[]): StatementSplit {
  const partner = new Int32Array(tokens.length).fill(-1);
  const problems: SyntaxProblem[] = [];
  const statements: Statement[] = [];
  const open: number[] = [];
  let current: { keywordIndex: number; firstIndex: number } | undefined;
  let decoratorIndex: number | undefined;
  let lastSignificant = -1;
  /** The current statement has its `=` outside any bracket, and a value after it. */
  let hasValue = false;

  const close = (until: number): void => {
    if (current && until >= current.firstIndex) statements.push(makeStatement(tokens, current.keywordIndex, current.firstIndex, until));
    current = undefined;
  };
  const reportOpen = (): void => {
    for (const index of open.splice(0)) problems.push(problemAt(tokens, index, `'${tokens[index]?.text ?? ''}' is not closed`));
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token || !isSignificant(token)) continue;
    if (token.lineStart && token.kind === 'word' && STATEMENT_KEYWORDS.has(token.text)) {
      const recovers = open.length > 0 && startsLine(text, token) && looksLikeHeader(tokens, i) && (!current || !isNestedResource(tokens, open, token));
      if (open.length === 0 || recovers) {
        // A decorator that opened the brackets left open is broken: the declaration starts at its keyword.
        const brokenDecorator = recovers && decoratorIndex !== undefined && (open[0] ?? -1) > decoratorIndex;
        if (recovers) reportOpen();
        close(decoratorIndex === undefined ? lastSignificant : previousSignificant(tokens, decoratorIndex));
        current = { keywordIndex: i, firstIndex: brokenDecorator ? i : (decoratorIndex ?? i) };
        decoratorIndex = undefined;
        lastSignificant = i;
        hasValue = false;
        continue;
      }
    }
    if (open.length === 0 && token.lineStart) {
      if (token.kind === 'symbol' && token.text === '@') {
        decoratorIndex ??= i;
      } else if (decoratorIndex !== undefined) {
        problems.push(problemAt(tokens, decoratorIndex, 'A decorator must be followed by a declaration'));
        decoratorIndex = undefined;
      } else if (current && hasValue && endsValue(tokens[lastSignificant]) && startsValue(token)) {
        close(lastSignificant);
        problems.push(problemAt(tokens, i, 'Expected a declaration'));
      } else if (!current) {
        problems.push(problemAt(tokens, i, 'Expected a declaration'));
      }
    }
    if (open.length === 0 && current && i > current.keywordIndex) hasValue ||= tokens[lastSignificant]?.text === '=' && lastSignificant > current.keywordIndex;
    if (token.kind === 'symbol') {
      if (token.text in OPENERS) open.push(i);
      else if (CLOSERS.has(token.text)) {
        const opener = open[open.length - 1];
        if (opener !== undefined && OPENERS[tokens[opener]?.text ?? ''] === token.text) {
          open.pop();
          partner[opener] = i;
          partner[i] = opener;
        } else problems.push(problemAt(tokens, i, `Unexpected '${token.text}'`));
      }
    }
    lastSignificant = i;
  }
  reportOpen();
  if (decoratorIndex !== undefined) problems.push(problemAt(tokens, decoratorIndex, 'A decorator must be followed by a declaration'));
  close(decoratorIndex === undefined ? lastSignificant : previousSignificant(tokens, decoratorIndex));
  return { statements, partner, problems };
}

/** Tokens after which a value is complete: a name, a literal, a closing bracket. */
function endsValue(token: Token | undefined): boolean {
  if (!token) return false;
  return token.kind === 'word' || token.kind === 'number' || token.kind === 'string' || CLOSERS.has(token.text);
}

/** Tokens that begin a new value, where a complete one cannot go on (an operator at the start of a line continues it). */
function startsValue(token: Token): boolean {
  return token.kind === 'word' || token.kind === 'number' || token.kind === 'string' || token.kind === 'unknown' || token.text in OPENERS;
}

function makeStatement(tokens: readonly Token[], keywordIndex: number, firstIndex: number, lastIndex: number): Statement {
  const first = tokens[firstIndex];
  const keyword = tokens[keywordIndex];
  const last = tokens[lastIndex];
  if (!first || !keyword || !last) throw new Error('statement token out of range');
  return {
    keyword: keyword.text,
    keywordIndex,
    firstIndex,
    lastIndex,
    start: first.start,
    end: last.end,
    commentStart: attachedCommentStart(tokens, firstIndex),
  };
}

/** Comment lines directly above a token (no blank line between) belong to it. */
export function attachedCommentStart(tokens: readonly Token[], index: number): number {
  let below = tokens[index];
  let start = below?.start ?? 0;
  for (let i = index - 1; i >= 0 && below; i--) {
    const token = tokens[i];
    // Stop at code, at a comment that trails code on its line, and at a blank line.
    if (!token || isSignificant(token) || !token.lineStart || below.breaksBefore > 1) break;
    start = token.start;
    below = token;
  }
  return start;
}

function previousSignificant(tokens: readonly Token[], index: number): number {
  for (let i = index - 1; i >= 0; i--) {
    const token = tokens[i];
    if (token && isSignificant(token)) return i;
  }
  return -1;
}

function startsLine(text: string, token: Token): boolean {
  const before = text[token.start - 1];
  return before === undefined || before === '\n' || before === '\r';
}

/** The keyword is followed, on its own line, by what a declaration of that kind has next. */
function looksLikeHeader(tokens: readonly Token[], keywordIndex: number): boolean {
  const keyword = tokens[keywordIndex];
  const next = nextSignificant(tokens, keywordIndex);
  if (!keyword || !next || next.breaksBefore > 0) return false;
  switch (keyword.text) {
    case 'targetScope':
      return next.text === '=';
    case 'import':
      return next.text === '{' || next.text === '*' || next.kind === 'string';
    case 'using':
    case 'extends':
    case 'extension':
    case 'provider':
      return next.kind === 'string' || next.kind === 'word';
    default:
      return next.kind === 'word';
  }
}

/** A `resource` line inside an object is a nested child resource, not a new statement. */
function isNestedResource(tokens: readonly Token[], open: readonly number[], keyword: Token): boolean {
  const innermost = open[open.length - 1];
  return keyword.text === 'resource' && innermost !== undefined && tokens[innermost]?.text === '{';
}

function nextSignificant(tokens: readonly Token[], index: number): Token | undefined {
  for (let i = index + 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token && isSignificant(token)) return token;
  }
  return undefined;
}

function problemAt(tokens: readonly Token[], index: number, message: string): SyntaxProblem {
  const token = tokens[index];
  return { message, range: { start: token?.start ?? 0, end: token?.end ?? 0 } };
}
