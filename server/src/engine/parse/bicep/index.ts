import type { SourceFile } from '../../model/source-file';
import type { Declaration, SyntaxProblem, Template } from '../../model/template';
import { makeDeclaration } from './declarations';
import { readHeaders, type DeclarationHeader } from './headers';
import { lexBicep, type Token } from './lexer';
import { checkNesting } from './nesting';
import { DEFAULT_MAX_NESTING_DEPTH } from './nesting-limit';
import { findValuesSideBySide, hideGroups } from './side-by-side';
import { splitStatements } from './statements';
import { isBicepParserReady } from './tree-sitter';
import { hasValues, readDeclarationValues, type DeclarationValues } from './values';

export { initBicepParser } from './tree-sitter';
export { DEFAULT_MAX_NESTING_DEPTH, NestingTooDeepError } from './nesting-limit';

export interface BicepParseOptions {
  /** Deepest expression nesting accepted (default DEFAULT_MAX_NESTING_DEPTH); see nesting.ts for what counts. */
  readonly maxNestingDepth?: number;
}

/**
 * Reads a `.bicep` or `.bicepparam` file. Declarations and their headers (kind, name, ranges,
 * resource type, module path) come from the lexer at once; their values are parsed by tree-sitter,
 * one declaration at a time, when first read. `problems` parses every declaration that has values.
 * Throws NestingTooDeepError, before anything recurses deeply, for a file nested too deeply to read.
 */
export function parseBicep(file: SourceFile, options: BicepParseOptions = {}): Template {
  if (!isBicepParserReady()) throw new Error('initBicepParser() must finish before parseBicep()');
  const text = file.text;
  const maxNestingDepth = options.maxNestingDepth ?? DEFAULT_MAX_NESTING_DEPTH;
  const lexed = lexBicep(text, maxNestingDepth);
  const split = splitStatements(text, lexed.tokens);
  checkNesting(lexed.tokens, split.statements, maxNestingDepth);
  const headers = readHeaders(lexed.tokens, split.partner, split.statements);
  const sideBySide = findValuesSideBySide(lexed.tokens, split.partner, split.statements);
  const lexicalProblems = [...lexed.problems, ...split.problems, ...headers.problems, ...sideBySide.problems];
  const valueTokens = hideGroups(lexed.tokens, sideBySide.groups);
  const isParams = file.path.toLowerCase().endsWith('.bicepparam');

  const declarations: Declaration[] = [];
  const valueReaders = headers.declarations.map((header) => ({ header, read: memo(() => readDeclarationValues(text, valueTokens, header)) }));
  let problems: SyntaxProblem[] | undefined;
  const template: Template = {
    language: isParams ? 'bicepparam' : 'bicep',
    declarations,
    get problems(): SyntaxProblem[] {
      problems ??= [...lexicalProblems, ...valueProblems(valueReaders, lexicalProblems)].sort((a, b) => a.range.start - b.range.start);
      return problems;
    },
    problemsSoFar(): SyntaxProblem[] {
      if (problems) return problems;
      const parsed = valueReaders.flatMap(({ read }) => read.peek()?.problems ?? []);
      return [...lexicalProblems, ...parsed.filter((p) => !lexicalProblems.some((l) => l.range.start <= p.range.start && p.range.end <= l.range.end))].sort(
        (a, b) => a.range.start - b.range.start,
      );
    },
    nested: [],
    parent: undefined,
    generator: undefined,
    caseInsensitiveNames: false,
    ...(isParams ? { usingPath: headers.usingPath } : {}),
    ...(headers.targetScope === undefined ? {} : { targetScope: headers.targetScope }),
  };
  for (const { header, read } of valueReaders) declarations.push(makeDeclaration(header, template, read));
  tokensByTemplate.set(template, lexed.tokens);
  return template;
}

/** The lexer's tokens of each parsed template, so that later passes over the same text need not lex it again. */
const tokensByTemplate = new WeakMap<Template, readonly Token[]>();

/** The tokens `parseBicep` lexed for this template (undefined for a template it did not make). */
export function lexedTokensOf(template: Template): readonly Token[] | undefined {
  return tokensByTemplate.get(template);
}

/**
 * Syntax errors tree-sitter finds in the values. A declaration the lexer already found broken
 * (an unclosed bracket, an unterminated string) keeps only the lexer's more precise report.
 */
function valueProblems(readers: readonly { header: DeclarationHeader; read: Memo<DeclarationValues> }[], lexical: readonly SyntaxProblem[]): SyntaxProblem[] {
  const found: SyntaxProblem[] = [];
  for (const { header, read } of readers) {
    if (!hasValues(header)) continue;
    const { start, end } = header.range;
    if (lexical.some((problem) => problem.range.start < end && problem.range.end >= start)) continue;
    found.push(...read().problems);
  }
  return found;
}

interface Memo<T> {
  (): T;
  /** The value if it was computed already: reading it never parses. */
  readonly peek: () => T | undefined;
}

function memo<T>(compute: () => T): Memo<T> {
  let done = false;
  let value: T | undefined;
  const read = () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
  return Object.assign(read, { peek: () => (done ? value : undefined) });
}

