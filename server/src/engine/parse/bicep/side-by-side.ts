import type { Range } from '../../model/range';
import type { SyntaxProblem } from '../../model/template';
import { isSignificant, type Token } from './lexer';
import type { Statement } from './statements';

/** Words that stand beside a value in valid Bicep: `for x in y`, `if (c)`, `existing`. */
const KEYWORDS = new Set(['for', 'in', 'if', 'existing']);

/** Statements whose values tree-sitter reads; the others (`func f(x int)`, types, imports) hold types beside names. */
const VALUE_STATEMENTS = new Set(['resource', 'module', 'param', 'var', 'output', 'metadata', 'assert']);

export interface SideBySide {
  readonly problems: readonly SyntaxProblem[];
  /** Parenthesized groups to hide from tree-sitter: each holds values side by side. */
  readonly groups: readonly Range[];
}

/**
 * Two values side by side on one line inside parentheses (`f('a' x 'b')`, what a string broken by
 * a stray quote leaves) are never valid Bicep. tree-sitter's error recovery takes time quadratic in
 * their number (2,000 of them: 1 to 2 s), so the lexer reports them and their group is hidden from
 * the parse; the declaration keeps this precise problem instead of tree-sitter's.
 */
export function findValuesSideBySide(tokens: readonly Token[], partner: Int32Array, statements: readonly Statement[]): SideBySide {
  const problems: SyntaxProblem[] = [];
  const groups: Range[] = [];
  for (const statement of statements) {
    if (!VALUE_STATEMENTS.has(statement.keyword)) continue;
    const open: number[] = [];
    let previous: Token | undefined;
    for (let i = statement.firstIndex; i <= statement.lastIndex; i++) {
      const token = tokens[i];
      if (!token || !isSignificant(token)) continue;
      const group = open[open.length - 1];
      if (group !== undefined && previous && isValue(previous) && isValue(token) && token.breaksBefore === 0) {
        problems.push({ message: "Expected ',' or an operator between two values", range: { start: token.start, end: token.end } });
        const close = tokens[partner[group] ?? -1];
        const opener = tokens[group < statement.keywordIndex ? decoratorStart(tokens, group) : group];
        if (close && opener) groups.push({ start: opener.start, end: close.end });
        // The rest of the group is hidden already: go on after it.
        i = Math.max(i, partner[group] ?? i);
        open.pop();
        previous = tokens[i];
        continue;
      }
      if (token.text === '(' && (partner[i] ?? -1) > i) open.push(i);
      else if (token.text === ')' && open[open.length - 1] === partner[i]) open.pop();
      previous = token;
    }
  }
  return { problems, groups };
}

/** A decorator goes whole (from its `@`): a decorator without its arguments would break the declaration below. */
function decoratorStart(tokens: readonly Token[], index: number): number {
  for (let i = index; i >= 0; i--) if (tokens[i]?.text === '@' && tokens[i]?.lineStart) return i;
  return index;
}

function isValue(token: Token): boolean {
  if (token.kind === 'word') return !KEYWORDS.has(token.text);
  return token.kind === 'string' || token.kind === 'number';
}

/** The tokens with those inside `groups` turned into comments, which the sanitizer blanks: indexes and offsets stay. */
export function hideGroups(tokens: readonly Token[], groups: readonly Range[]): readonly Token[] {
  if (groups.length === 0) return tokens;
  const hidden = tokens.slice();
  let g = 0;
  for (let i = 0; i < hidden.length; i++) {
    const token = hidden[i];
    if (!token) continue;
    while (g < groups.length && (groups[g]?.end ?? 0) <= token.start) g++;
    const group = groups[g];
    if (!group) break;
    if (token.start >= group.start && token.end <= group.end) hidden[i] = { ...token, kind: 'comment' };
  }
  return hidden;
}
