import * as path from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';

/**
 * The tree-sitter-bicep grammar, loaded once from a folder that the host names (the extension,
 * the CLI and the tests each know where their WASM files are; nothing is guessed).
 */
let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Loads `web-tree-sitter.wasm` and `tree-sitter-bicep.wasm` from `wasmDir`. Safe to call again. */
export function initBicepParser(wasmDir: string): Promise<void> {
  loading ??= load(wasmDir).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(wasmDir: string): Promise<void> {
  await Parser.init({ locateFile: (file: string) => path.join(wasmDir, file) });
  const language = await Language.load(path.join(wasmDir, 'tree-sitter-bicep.wasm'));
  const instance = new Parser();
  instance.setLanguage(language);
  parser = instance;
}

export function isBicepParserReady(): boolean {
  return parser !== undefined;
}

/**
 * Parses `text` and hands its root to `read`; the tree is freed afterwards, so nothing from it may
 * escape `read`. Node offsets are UTF-16 indices into `text`, as JavaScript strings count.
 */
export function withSyntaxTree<T>(text: string, read: (root: Node) => T): T {
  if (!parser) throw new Error('initBicepParser() must finish before Bicep values are read');
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    return read(tree.rootNode);
  } finally {
    tree.delete();
  }
}
