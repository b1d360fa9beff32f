import type { Finding, RelatedLocation } from '../model/finding';
import type { Range } from '../model/range';
import type { SourceFile } from '../model/source-file';
import type { Template } from '../model/template';
import { fragileSpans } from './fragile-spans';

/**
 * What one analysis of a document leaves for the next version: its findings, and where an edit of
 * indentation could change their meaning. While typing, most edits of a large file change only
 * layout; for those, the findings of the new text are the old ones moved with the text (an early
 * cutoff, as rust-analyzer's position-independent item trees give): nothing is parsed or evaluated.
 */
export interface FindingsBaseline {
  readonly path: string;
  /** Without fixes: a fix's inserted text follows the indentation of the lines around it, which such an edit changes. */
  readonly findings: readonly Finding[];
  readonly fragile: readonly Range[];
}

/** One replacement in a text: offsets into the text before it. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The baseline of a full analysis; undefined when no edit could be carried over (the whole text is fragile). */
export function findingsBaseline(file: SourceFile, template: Template, findings: readonly Finding[]): FindingsBaseline | undefined {
  const fragile = fragileSpans(file.text, template);
  if (!fragile) return undefined;
  return { path: file.path, findings: findings.map((finding) => ({ ...finding, fixes: [] })), fragile };
}

/**
 * The baseline of the text after `change`, when the change only adds or removes blanks in the
 * indentation of one line outside every fragile span: then every token, line and comment stays the
 * same and the findings only move. Undefined when the text must be analysed again.
 */
export function carryOver(baseline: FindingsBaseline, oldText: string, change: TextChange): FindingsBaseline | undefined {
  const { start, end } = change;
  if (!isBlanks(change.text) || !isBlanks(oldText, start, end)) return undefined;
  if (!startsLine(oldText, start)) return undefined; // After the first token of the line: a blank there can join or split tokens.
  if (baseline.fragile.some((span) => span.start < end && start <= span.end)) return undefined;
  const delta = change.text.length - (end - start);
  const move = (offset: number) => (offset >= end ? offset + delta : Math.min(offset, start));
  const moveRange = (range: Range): Range => {
    const moved = { start: move(range.start), end: move(range.end) };
    return moved.start === range.start && moved.end === range.end ? range : moved;
  };
  const inFile = (file: string, range: Range) => (file === baseline.path ? moveRange(range) : range);
  return {
    path: baseline.path,
    findings: baseline.findings.map((finding) => ({
      ...finding,
      range: inFile(finding.file, finding.range),
      related: finding.related.map((related): RelatedLocation => ({ ...related, range: inFile(related.file, related.range) })),
    })),
    fragile: baseline.fragile.map(moveRange),
  };
}

/** Whether only blanks stand between the start of the line and `offset`. */
function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) return true;
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}

/** Spaces and tabs only (an empty span too). */
function isBlanks(text: string, from = 0, to = text.length): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}
