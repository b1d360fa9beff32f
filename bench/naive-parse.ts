import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseTree } from 'jsonc-parser';
import { Language, Parser } from 'web-tree-sitter';
import { isBicep, type CorpusFile } from './corpus';
import { GRAMMARS_DIR } from './paths';
import { median } from './stats';

export interface NaiveParseResult {
  readonly seconds: number;
  readonly bicepSeconds: number;
  readonly jsonSeconds: number;
}

let bicepParser: Promise<Parser> | undefined;

/** tree-sitter-bicep from the same WASM files the engine loads. */
function loadBicepParser(): Promise<Parser> {
  bicepParser ??= (async () => {
    await Parser.init({ locateFile: (file: string) => path.join(GRAMMARS_DIR, file) });
    const parser = new Parser();
    parser.setLanguage(await Language.load(path.join(GRAMMARS_DIR, 'tree-sitter-bicep.wasm')));
    return parser;
  })();
  return bicepParser;
}

/**
 * The floor an analysis is compared with: each Bicep file parsed whole by tree-sitter-bicep, each
 * JSON file by jsonc-parser, nothing else. The files are read before the clock starts, so only
 * parsing is timed.
 */
export async function naiveParse(files: readonly CorpusFile[]): Promise<NaiveParseResult> {
  const parser = await loadBicepParser();
  const texts = files.map((file) => ({ bicep: isBicep(file.path), text: fs.readFileSync(file.path, 'utf8') }));
  let bicepSeconds = 0;
  let jsonSeconds = 0;
  for (const { bicep, text } of texts) {
    const start = performance.now();
    if (bicep) parser.parse(text)?.delete();
    else parseTree(text);
    const seconds = (performance.now() - start) / 1000;
    if (bicep) bicepSeconds += seconds;
    else jsonSeconds += seconds;
  }
  return { seconds: bicepSeconds + jsonSeconds, bicepSeconds, jsonSeconds };
}

/** One full jsonc-parser parse of a file: the median of a few, after one to warm the JIT. */
export function jsonParseMilliseconds(text: string, runs: number): number {
  parseTree(text);
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    parseTree(text);
    samples.push(performance.now() - start);
  }
  return median(samples);
}
