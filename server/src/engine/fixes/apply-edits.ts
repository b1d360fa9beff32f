import type { TextEdit } from '../model/finding';
import type { SourceFile } from '../model/source-file';

/**
 * Applies edits made against `file.text` and returns the file's new content, BOM included when
 * the file had one. Edits must not overlap; insertions at the same offset keep their given order.
 */
export function applyEdits(file: SourceFile, edits: readonly TextEdit[]): string {
  const text = file.text;
  // A stable sort keeps same-offset insertions in their given order; an insertion sorts before a replacement starting where it is.
  const ordered = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  let result = '';
  let copiedUpTo = 0;
  for (const edit of ordered) {
    const { start, end } = edit.range;
    if (start < 0 || end < start || end > text.length) {
      throw new Error(`Edit [${start}, ${end}) lies outside ${file.path} (length ${text.length}).`);
    }
    if (start < copiedUpTo) throw new Error(`Overlapping edits at offset ${start} in ${file.path}.`);
    result += text.slice(copiedUpTo, start) + edit.newText;
    copiedUpTo = end;
  }
  return file.withBom(result + text.slice(copiedUpTo));
}

const CONTEXT_LINES = 3;
/** Beyond this many differing lines the diff stops looking for the shortest script and replaces the changed middle whole. */
const MAX_EDIT_DISTANCE = 2000;

type LineOperation = { readonly kind: ' ' | '-' | '+'; readonly line: string };

/**
 * A unified diff (`diff -u`, 3 lines of context) from `before` to `after`, or '' when they are equal.
 * Lines keep their own line breaks, so a changed line break or final newline shows as a change.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const operations = diffLines(splitLines(before), splitLines(after));
  let output = `--- a/${path}\n+++ b/${path}\n`;
  for (const hunk of groupHunks(operations)) output += formatHunk(operations, hunk);
  return output;
}

/** Lines with their terminators; the last one may have none. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function diffLines(a: readonly string[], b: readonly string[]): LineOperation[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;

  const middleA = a.slice(prefix, a.length - suffix);
  const middleB = b.slice(prefix, b.length - suffix);
  return [
    ...a.slice(0, prefix).map((line) => ({ kind: ' ' as const, line })),
    ...(shortestEditScript(middleA, middleB) ?? replaceAll(middleA, middleB)),
    ...a.slice(a.length - suffix).map((line) => ({ kind: ' ' as const, line })),
  ];
}

function replaceAll(a: readonly string[], b: readonly string[]): LineOperation[] {
  return [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
}

/**
 * Myers' O(ND) algorithm. `furthest[k]` is the furthest x reached on diagonal k = x - y; one copy per
 * step d (only diagonals -d..d, which is all step d reads) lets the path be walked back.
 * Returns undefined when the files differ in more than MAX_EDIT_DISTANCE lines.
 */
function shortestEditScript(a: readonly string[], b: readonly string[]): LineOperation[] | undefined {
  const maxD = Math.min(a.length + b.length, MAX_EDIT_DISTANCE);
  const offset = maxD + 1;
  const furthest = new Int32Array(2 * offset + 1);
  const history: Int32Array[] = [];
  for (let d = 0; d <= maxD; d++) {
    history.push(furthest.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && at(furthest, offset + k - 1) < at(furthest, offset + k + 1));
      let x = down ? at(furthest, offset + k + 1) : at(furthest, offset + k - 1) + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      furthest[offset + k] = x;
      if (x >= a.length && y >= b.length) return walkBack(a, b, history);
    }
  }
  return undefined;
}

function walkBack(a: readonly string[], b: readonly string[], history: readonly Int32Array[]): LineOperation[] {
  const reversed: LineOperation[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = history.length - 1; d >= 0; d--) {
    // history[d] holds diagonals -d-1..d+1 as they were before step d.
    const snapshot = history[d] ?? new Int32Array(0);
    const base = d + 1;
    const k = x - y;
    const down = k === -d || (k !== d && at(snapshot, base + k - 1) < at(snapshot, base + k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = at(snapshot, base + previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      reversed.push({ kind: ' ', line: a[--x] ?? '' });
      y--;
    }
    if (d === 0) break;
    if (down) reversed.push({ kind: '+', line: b[--y] ?? '' });
    else reversed.push({ kind: '-', line: a[--x] ?? '' });
  }
  return reversed.reverse();
}

function at(array: Int32Array, index: number): number {
  return array[index] ?? 0;
}

interface Hunk {
  readonly start: number;
  readonly end: number;
}

/** Changes closer than twice the context share a hunk, as `diff -u` does. */
function groupHunks(operations: readonly LineOperation[]): Hunk[] {
  const hunks: Hunk[] = [];
  let start = -1;
  let lastChange = -1;
  operations.forEach((operation, index) => {
    if (operation.kind === ' ') return;
    if (start >= 0 && index - lastChange - 1 > 2 * CONTEXT_LINES) {
      hunks.push({ start, end: lastChange + 1 + CONTEXT_LINES });
      start = -1;
    }
    if (start < 0) start = Math.max(0, index - CONTEXT_LINES);
    lastChange = index;
  });
  if (start >= 0) hunks.push({ start, end: Math.min(operations.length, lastChange + 1 + CONTEXT_LINES) });
  return hunks;
}

function formatHunk(operations: readonly LineOperation[], hunk: Hunk): string {
  let oldBefore = 0;
  let newBefore = 0;
  for (const operation of operations.slice(0, hunk.start)) {
    if (operation.kind !== '+') oldBefore++;
    if (operation.kind !== '-') newBefore++;
  }
  const lines = operations.slice(hunk.start, hunk.end);
  const oldCount = lines.filter((operation) => operation.kind !== '+').length;
  const newCount = lines.filter((operation) => operation.kind !== '-').length;
  let output = `@@ -${hunkRange(oldBefore, oldCount)} +${hunkRange(newBefore, newCount)} @@\n`;
  for (const { kind, line } of lines) {
    output += kind + line;
    if (!line.endsWith('\n')) output += '\n\\ No newline at end of file\n';
  }
  return output;
}

/** `start,count` with diff's conventions: a count of 1 is left out, an empty range names the line before it. */
function hunkRange(linesBefore: number, count: number): string {
  if (count === 0) return `${linesBefore},0`;
  return count === 1 ? `${linesBefore + 1}` : `${linesBefore + 1},${count}`;
}
