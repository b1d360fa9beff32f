import * as assert from 'node:assert/strict';
import { SourceFile } from '../../server/src/engine';
import { documentPath, TextPositions } from '../../server/src/lsp/convert';

describe('LSP conversions', function () {
  it('counts a BOM the client kept as a character of line 0, and a BOM on disk as none', function () {
    const file = new SourceFile('/w/main.bicep', "\uFEFFparam a string\nparam b string\n");
    const editor = TextPositions.ofEditorText(file);
    const disk = TextPositions.ofDiskText(file);
    assert.deepEqual(editor.position(6), { line: 0, character: 7 });
    assert.deepEqual(disk.position(6), { line: 0, character: 6 });
    assert.deepEqual(editor.position(21), { line: 1, character: 6 }, 'other lines are not shifted');
    assert.equal(editor.offset({ line: 0, character: 7 }), 6);
  });

  it('counts UTF-16 code units, as LSP does', function () {
    const file = new SourceFile('/w/main.bicep', "var s = '😀é'\nvar t = 1\n");
    assert.deepEqual(TextPositions.ofEditorText(file).position(12), { line: 0, character: 12 });
  });

  it('names documents by path: file URIs by theirs, others under their scheme with their language’s extension', function () {
    assert.equal(documentPath('file:///w/a%20b/main.bicep', 'bicep'), '/w/a b/main.bicep');
    assert.equal(documentPath('untitled:Untitled-1', 'bicep'), '/untitled/Untitled-1.bicep');
    assert.equal(documentPath('untitled:Untitled-2', 'json'), '/untitled/Untitled-2.json');
    assert.equal(documentPath('file:///w/a%2Fb.json', 'json'), '/file/w/a/b.json');
  });
});
