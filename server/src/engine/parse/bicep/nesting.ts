import { isSignificant, isStringToken, type Token } from './lexer';
import { NestingTooDeepError } from './nesting-limit';
import type { Statement } from './statements';

/**
 * An upper bound of the depth of the syntax tree that each statement becomes, from its tokens
 * alone, so that a statement too deep to convert and evaluate is refused before tree-sitter sees
 * it. Every bracket and `${` opens a level; within a level, every operator, member access, index
 * and call nests the expression one deeper (`a.b.c` and `x + y + z` are as deep as they are long),
 * until a `,`, an `=`, a decorator or a line break in an object or array starts a new one. It never
 * counts less than the tree's depth, so a crafted input cannot slip past it. Iterative: the input
 * may be nested 100,000 levels deep. Throws NestingTooDeepError at the first token over `limit`.
 */
export function checkNesting(tokens: readonly Token[], statements: readonly Statement[], limit: number): void {
  for (const statement of statements) new DepthWalk(limit).run(tokens, statement.firstIndex, statement.lastIndex + 1);
}

/** A level opened by a bracket or an interpolation: how deep it starts, and how long its current operand chain is. */
interface Level {
  readonly base: number;
  chain: number;
  /** In objects and arrays a line break starts a new item; elsewhere an expression may go on over lines. */
  readonly itemsByLine: boolean;
}

/** A run of tokens being walked: a statement, or an interpolation's tokens, with the level it opens. */
interface Run {
  readonly tokens: readonly Token[];
  readonly base: number;
  /** The run is tokens[start, end): a statement of the file's tokens, or a hole's own tokens. */
  readonly start: number;
  readonly end: number;
  next: number;
  previous: Token | undefined;
  /** The number of levels once this run's own level is open: its closing brackets pop no further. */
  floor: number;
}

/** Separators that end an operand chain (`|` joins the members of a union type, flat); brackets are handled on their own. */
const SEPARATORS = new Set([',', '=', ';', '@', '|']);
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

class DepthWalk {
  private readonly levels: Level[] = [];

  constructor(private readonly limit: number) {}

  run(tokens: readonly Token[], start: number, end: number): void {
    const runs: Run[] = [{ tokens, base: 0, start, end, next: start, previous: undefined, floor: 0 }];
    for (let run = runs[runs.length - 1]; run; run = runs[runs.length - 1]) {
      if (run.next === run.start) {
        this.push(run.base, false, run.tokens[run.start]);
        run.floor = this.levels.length;
      }
      const token = run.next < run.end ? run.tokens[run.next] : undefined;
      run.next++;
      if (!token) {
        // A hole's level goes, with whatever it left open.
        this.levels.length = run.floor - 1;
        runs.pop();
        continue;
      }
      if (!isSignificant(token)) continue;
      this.step(run, token);
      run.previous = token;
      if (!isStringToken(token)) continue;
      // The string's holes are walked next, in order (the last pushed is walked first), each one
      // level deeper than the string; the rest of this run resumes after them.
      const base = this.depthOf(this.top()) + 1;
      for (let index = token.segments.length - 1; index >= 0; index--) {
        const segment = token.segments[index];
        if (typeof segment !== 'string' && segment) runs.push({ tokens: segment.tokens, base, start: 0, end: segment.tokens.length, next: 0, previous: undefined, floor: 0 });
      }
    }
  }

  private step(run: Run, token: Token): void {
    const level = this.top();
    if (token.breaksBefore > 0 && level.itemsByLine) level.chain = 0;
    if (token.kind !== 'symbol') return;
    if (SEPARATORS.has(token.text)) level.chain = 0;
    else if (OPENERS.has(token.text)) {
      // `x[0]` and `f()` nest `x` and `f` one deeper, like a member access.
      if (run.previous && endsOperand(run.previous)) this.deepen(level, token);
      this.push(this.depthOf(level) + 1, token.text !== '(', token);
    } else if (CLOSERS.has(token.text)) {
      if (this.levels.length > run.floor) this.levels.pop();
    } else this.deepen(level, token);
  }

  private top(): Level {
    const level = this.levels[this.levels.length - 1];
    if (!level) throw new Error('nesting walk lost its levels');
    return level;
  }

  private depthOf(level: Level): number {
    return level.base + level.chain;
  }

  private deepen(level: Level, token: Token): void {
    level.chain++;
    if (this.depthOf(level) > this.limit) throw new NestingTooDeepError(token.start, this.limit);
  }

  private push(base: number, itemsByLine: boolean, token: Token | undefined): void {
    if (base > this.limit) throw new NestingTooDeepError(token?.start ?? 0, this.limit);
    this.levels.push({ base, chain: 0, itemsByLine });
  }
}

function endsOperand(token: Token): boolean {
  return token.kind === 'word' || token.kind === 'number' || token.kind === 'string' || CLOSERS.has(token.text);
}
