/** A half-open span of UTF-16 code units in a document's text (BOM removed). */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** A position for people: 0-based line and UTF-16 column, as LSP counts them. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export function span(start: number, end: number): Range {
  return { start, end };
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}
