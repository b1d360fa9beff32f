import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initBicepParser } from '../../../server/src/engine/parse/bicep';
import { isBicepParserReady, withSyntaxTree } from '../../../server/src/engine/parse/bicep/tree-sitter';
import { GRAMMARS_DIR, loadGrammar } from './helpers';

describe('tree-sitter-bicep through web-tree-sitter', () => {
  before(loadGrammar);

  it('loads both WASM files from the grammars folder of the repository', async () => {
    assert.equal(GRAMMARS_DIR, path.resolve(__dirname, '../../../../grammars'));
    assert.ok(fs.existsSync(path.join(GRAMMARS_DIR, 'web-tree-sitter.wasm')));
    await initBicepParser(GRAMMARS_DIR);
    assert.ok(isBicepParserReady());
  });

  it('counts node offsets in UTF-16 code units, as JavaScript strings do', () => {
    const text = "var s = 'é😀ü'\nvar t = s";
    const offsets = withSyntaxTree(text, (root) => root.namedChildren.map((node) => [node.startIndex, node.endIndex]));
    assert.deepEqual(offsets, [
      [0, text.indexOf('\n')],
      [text.indexOf('var t'), text.length],
    ]);
  });
});
