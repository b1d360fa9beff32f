import * as assert from 'node:assert/strict';
import { applyEdits, unifiedDiff } from '../../server/src/engine/fixes/apply-edits';
import type { TextEdit } from '../../server/src/engine/model/finding';
import { SourceFile } from '../../server/src/engine/model/source-file';

function edit(start: number, end: number, newText: string): TextEdit {
  return { range: { start, end }, newText };
}

describe('applyEdits', () => {
  it('applies edits given in any order', () => {
    const file = new SourceFile('/t/a.bicep', 'one two three');
    const edits = [edit(0, 3, '1'), edit(8, 13, '3'), edit(4, 7, '2')];
    assert.equal(applyEdits(file, edits), '1 2 3');
    assert.equal(applyEdits(file, [...edits].reverse()), '1 2 3');
  });

  it('puts the BOM back when the file had one', () => {
    const file = new SourceFile('/t/a.bicep', '\uFEFFparam a string');
    assert.equal(file.text, 'param a string');
    assert.equal(applyEdits(file, [edit(6, 7, 'b')]), '\uFEFFparam b string');
  });

  it('adds no BOM to a file without one', () => {
    assert.equal(applyEdits(new SourceFile('/t/a.bicep', 'x'), [edit(1, 1, 'y')]), 'xy');
  });

  it('leaves CRLF line breaks as they are', () => {
    const file = new SourceFile('/t/a.bicep', 'a\r\nb\r\n');
    assert.equal(applyEdits(file, [edit(3, 3, 'c\r\n')]), 'a\r\nc\r\nb\r\n');
  });

  it('keeps insertions at one offset in their given order, before a replacement starting there', () => {
    const file = new SourceFile('/t/a.bicep', 'abc');
    assert.equal(applyEdits(file, [edit(1, 2, 'B'), edit(1, 1, '1'), edit(1, 1, '2')]), 'a12Bc');
  });

  it('accepts edits that touch without overlapping', () => {
    assert.equal(applyEdits(new SourceFile('/t/a.bicep', 'abcd'), [edit(0, 2, 'X'), edit(2, 4, 'Y')]), 'XY');
  });

  it('rejects overlapping edits', () => {
    const file = new SourceFile('/t/a.bicep', 'abcdef');
    assert.throws(() => applyEdits(file, [edit(0, 3, 'x'), edit(2, 4, 'y')]), /Overlapping edits at offset 2/);
    assert.throws(() => applyEdits(file, [edit(1, 5, 'x'), edit(2, 2, 'y')]), /Overlapping/);
  });

  it('rejects edits outside the text', () => {
    const file = new SourceFile('/t/a.bicep', 'abc');
    assert.throws(() => applyEdits(file, [edit(2, 4, 'x')]), /outside/);
    assert.throws(() => applyEdits(file, [edit(2, 1, 'x')]), /outside/);
  });
});

describe('unifiedDiff', () => {
  const numbered = (count: number): string[] => Array.from({ length: count }, (_, i) => `${i + 1}`);
  const text = (lines: readonly string[]): string => lines.map((line) => `${line}\n`).join('');

  it('is empty for equal texts', () => {
    assert.equal(unifiedDiff('a.bicep', 'x\n', 'x\n'), '');
  });

  it('shows a changed line with three lines of context', () => {
    const after = numbered(10);
    after[4] = 'five';
    assert.equal(
      unifiedDiff('infra/main.bicep', text(numbered(10)), text(after)),
      '--- a/infra/main.bicep\n+++ b/infra/main.bicep\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n',
    );
  });

  it('splits changes more than six lines apart into hunks', () => {
    const after = numbered(20);
    after[1] = 'two';
    after[17] = 'eighteen';
    assert.equal(
      unifiedDiff('f', text(numbered(20)), text(after)),
      '--- a/f\n+++ b/f\n' +
        '@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n' +
        '@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n',
    );
  });

  it('keeps changes six lines apart in one hunk', () => {
    const after = numbered(12);
    after[1] = 'two';
    after[8] = 'nine';
    const diff = unifiedDiff('f', text(numbered(12)), text(after));
    assert.equal(diff.split('\n')[2], '@@ -1,12 +1,12 @@');
    assert.equal(diff.match(/^@@/gm)?.length, 1);
  });

  it('counts insertions and deletions in the hunk header', () => {
    assert.equal(unifiedDiff('f', 'a\nb\n', 'x\na\nb\n'), '--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n+x\n a\n b\n');
    assert.equal(unifiedDiff('f', 'a\nb\nc\n', 'a\nc\n'), '--- a/f\n+++ b/f\n@@ -1,3 +1,2 @@\n a\n-b\n c\n');
    assert.equal(unifiedDiff('f', '', 'a\n'), '--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n');
    assert.equal(unifiedDiff('f', 'a\n', ''), '--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n');
  });

  it('marks a last line without a line break', () => {
    assert.equal(
      unifiedDiff('f', 'a\nb', 'a\nc'),
      '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
    );
    assert.equal(unifiedDiff('f', 'a', 'a\n'), '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n');
  });

  it('keeps CRLF line breaks inside the lines', () => {
    assert.equal(unifiedDiff('f', 'a\r\nb\r\n', 'a\r\nc\r\n'), '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n');
  });

  it('finds the shortest script when lines move', () => {
    // a b c a b b a -> c b a b a c: Myers' classic example, 5 edits.
    const diff = unifiedDiff('f', text(['a', 'b', 'c', 'a', 'b', 'b', 'a']), text(['c', 'b', 'a', 'b', 'a', 'c']));
    const changes = diff.split('\n').filter((line) => /^[-+](?![-+]{2} )/.test(line));
    assert.equal(changes.length, 5);
  });
});
