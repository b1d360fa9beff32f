import type { Range } from '../model/range';
import type { Template } from '../model/template';
import { lexedTokensOf } from '../parse/bicep';
import { lexBicep } from '../parse/bicep/lexer';

/**
 * Where a change of indentation may change what a text means, so that findings cannot simply move
 * with the text: tokens that span lines (a blank at the start of a line inside them is part of a
 * string or a comment), the line after a Bicep `//` comment ending in a backslash (tree-sitter
 * continues the comment there), and declarations with syntax errors (error recovery may read the
 * new layout differently). Sorted by start; undefined when the whole text must count as fragile.
 */
export function fragileSpans(text: string, template: Template): Range[] | undefined {
  if (template.language === 'arm') return template.problems.length > 0 ? undefined : jsonMultiLineTokens(text);
  const spans: Range[] = [];
  // The parse's own tokens: lexing the whole text again on every analysis would double the lexer's cost.
  for (const token of lexedTokensOf(template) ?? lexBicep(text).tokens) {
    if (hasLineBreak(text, token.start, token.end)) spans.push({ start: token.start, end: token.end });
    else if (token.kind === 'comment' && token.text.startsWith('//') && token.text.endsWith('\\')) spans.push({ start: token.start, end: lineEndAfter(text, token.end) });
  }
  const problems = template.problemsSoFar?.() ?? template.problems;
  for (const problem of problems) {
    const declaration = template.declarations.find((candidate) => candidate.range.start <= problem.range.end && problem.range.start <= candidate.range.end);
    if (!declaration) return undefined; // A problem between declarations: which one it belongs to may change.
    spans.push(declaration.range);
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Strings and comments of a JSON text that span lines (ARM accepts raw line breaks in strings). */
function jsonMultiLineTokens(text: string): Range[] {
  const spans: Range[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let end = i;
    if (code === 34 /* " */) end = stringEnd(text, i);
    else if (code === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) end = blockCommentEnd(text, i);
    else if (code === 47 && text.charCodeAt(i + 1) === 47) end = lineEndAfter(text, i);
    else continue;
    if (hasLineBreak(text, i, end)) spans.push({ start: i, end });
    i = end - 1;
  }
  return spans;
}

function blockCommentEnd(text: string, open: number): number {
  const close = text.indexOf('*/', open + 2);
  return close < 0 ? text.length : close + 2;
}

function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 92 /* \ */) i++;
    else if (code === 34) return i + 1;
  }
  return text.length;
}

function hasLineBreak(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) return true;
  }
  return false;
}

/** The end of the line after the one that holds `offset`. */
function lineEndAfter(text: string, offset: number): number {
  const next = text.indexOf('\n', offset);
  if (next < 0) return text.length;
  const after = text.indexOf('\n', next + 1);
  return after < 0 ? text.length : after;
}
