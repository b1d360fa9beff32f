/**
 * How deep a Bicep expression may nest before the file is refused. The tree conversion, the
 * evaluator and the rules recurse once per level (a bracket, an interpolation, an operator or a
 * member access), and the lexer once per interpolation: around 1,400 levels overflow the stack
 * of a default Node.js process. 256 leaves room for the callers above and for the evaluator, and
 * is far beyond real templates (the deepest of ../shared/corpus reaches 24).
 */
export const DEFAULT_MAX_NESTING_DEPTH = 256;

/** Thrown by the lexer and the nesting check; the parse turns it into a per-file problem. */
export class NestingTooDeepError extends Error {
  constructor(
    readonly offset: number,
    readonly limit: number,
  ) {
    super(`an expression is nested more than ${limit} levels deep (brackets, interpolations, operators and member accesses count)`);
    this.name = 'NestingTooDeepError';
  }
}
