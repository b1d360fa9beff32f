import type { ObjectExpression } from '../model/expression';
import type { SourceFile } from '../model/source-file';

/** The whitespace at the start of the line that holds `offset`. */
export function indentationAt(file: SourceFile, offset: number): string {
  const line = file.lines.lineText(file.lines.positionAt(offset).line);
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

export function lineOf(file: SourceFile, offset: number): number {
  return file.lines.positionAt(offset).line;
}

/**
 * One level of indentation as the file writes it: a tab when its properties are tab-indented,
 * otherwise the difference between a property's and its object's indentation (2 spaces by default).
 */
export function indentUnit(file: SourceFile, object: ObjectExpression): string {
  const objectIndent = indentationAt(file, object.range.start);
  for (const member of object.properties) {
    if (lineOf(file, member.range.start) === lineOf(file, object.range.start)) continue;
    const memberIndent = indentationAt(file, member.range.start);
    if (memberIndent.startsWith('\t')) return '\t';
    if (memberIndent.length > objectIndent.length && memberIndent.startsWith(objectIndent)) return memberIndent.slice(objectIndent.length);
  }
  return objectIndent.startsWith('\t') ? '\t' : '  ';
}

/** True when the object's members sit on lines of their own (the closing brace has its own line). */
export function isMultiLine(file: SourceFile, object: ObjectExpression): boolean {
  return lineOf(file, object.range.start) !== lineOf(file, object.range.end - 1);
}
