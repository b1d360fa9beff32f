import type { ObjectExpression } from '../model/expression';
import type { TextEdit } from '../model/finding';
import type { SourceFile } from '../model/source-file';
import type { TemplateLanguage } from '../model/template';
import { indentationAt, indentUnit, isMultiLine, lineOf } from './layout';

/** A property to write: a string value, or an object of string values. */
export interface NewProperty {
  readonly key: string;
  readonly value: string | readonly NewProperty[];
  /** Lines written just above the property (comments, `#disable-next-line`), Bicep only. */
  readonly leadingLines?: readonly string[];
}

/**
 * Adds a property to an object literal, written the way the file writes objects: its
 * indentation (spaces or tabs), its line breaks, and its comma style (JSON) or newlines (Bicep).
 */
export function insertProperty(file: SourceFile, language: TemplateLanguage, object: ObjectExpression, property: NewProperty): TextEdit {
  const json = language === 'arm';
  const members = object.properties;
  const last = members.at(-1);
  const unit = indentUnit(file, object);
  const eol = file.eol;

  if (!last) {
    // An empty object: open it up on lines of its own, or keep it on one line if it was one-line JSON.
    const baseIndent = indentationAt(file, object.range.start);
    const inner = baseIndent + unit;
    const body = render(property, inner, unit, eol, json);
    return { range: { start: object.range.start, end: object.range.end }, newText: `{${eol}${body}${eol}${baseIndent}}` };
  }

  if (!isMultiLine(file, object) || lineOf(file, last.range.end) === lineOf(file, object.range.end - 1)) {
    const single = renderInline(property, json);
    return { range: { start: last.range.end, end: last.range.end }, newText: `, ${single}` };
  }

  const indent = indentationAt(file, last.range.start);
  const body = render(property, indent, unit, eol, json);
  if (json) {
    // The comma goes right after the last value (before any comment on its line), unless it is already there.
    const after = file.text.slice(last.range.end, object.range.end);
    const hasTrailingComma = /^\s*(\/\*[\s\S]*?\*\/\s*)*,/.test(after);
    const lineEnd = file.lines.lineEnd(lineOf(file, last.range.end));
    if (hasTrailingComma) return { range: { start: lineEnd, end: lineEnd }, newText: `${eol}${body}` };
    return { range: { start: last.range.end, end: last.range.end }, newText: `,${eol}${body}` };
  }
  // Bicep: a new line after the last property's line, so a trailing comment stays where it was.
  const lineEnd = file.lines.lineEnd(lineOf(file, last.range.end));
  return { range: { start: lineEnd, end: lineEnd }, newText: `${eol}${body}` };
}

function quoteKey(key: string, json: boolean): string {
  return json ? JSON.stringify(key) : key;
}

function quoteValue(value: string, json: boolean): string {
  return json ? JSON.stringify(value) : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function render(property: NewProperty, indent: string, unit: string, eol: string, json: boolean): string {
  const leading = json ? [] : (property.leadingLines ?? []).map((line) => `${indent}${line}${eol}`);
  const key = `${indent}${quoteKey(property.key, json)}: `;
  if (typeof property.value === 'string') return `${leading.join('')}${key}${quoteValue(property.value, json)}`;
  const separator = json ? `,${eol}` : eol;
  const inner = property.value.map((child) => render(child, indent + unit, unit, eol, json)).join(separator);
  return `${leading.join('')}${key}{${eol}${inner}${eol}${indent}}`;
}

function renderInline(property: NewProperty, json: boolean): string {
  const key = `${quoteKey(property.key, json)}: `;
  if (typeof property.value === 'string') return `${key}${quoteValue(property.value, json)}`;
  return `${key}{ ${property.value.map((child) => renderInline(child, json)).join(', ')} }`;
}
