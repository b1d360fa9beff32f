import * as path from 'node:path';
import { DEFAULT_CORPUS, DEFAULT_RESULTS } from './paths';

export interface BenchOptions {
  /** The folder of templates audited, parsed and searched for the real files typed into. */
  readonly corpus: string;
  /** How many perturbed copies make the scaled corpus; 0 skips the scaling and parallel runs. */
  readonly copies: number;
  /** Single-character edits per typing session. */
  readonly edits: number;
  /** One run of what the full benchmark repeats, and no .vsix: for trying the harness out. */
  readonly quick: boolean;
  readonly out: string;
}

const USAGE = 'usage: node out/bench/main.js [--corpus DIR] [--copies N] [--edits N] [--quick] [--out FILE]';

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let corpus = DEFAULT_CORPUS;
  let copies = 8;
  let edits = 200;
  let quick = false;
  let out = DEFAULT_RESULTS;
  for (let index = 0; index < argv.length; index++) {
    const name = argv[index];
    const value = () => {
      const given = argv[++index];
      if (given === undefined) throw new Error(`${name} needs a value\n${USAGE}`);
      return given;
    };
    switch (name) {
      case '--corpus':
        corpus = path.resolve(value());
        break;
      case '--copies':
        copies = wholeNumber(name, value(), 0);
        break;
      case '--edits':
        edits = wholeNumber(name, value(), 1);
        break;
      case '--quick':
        quick = true;
        break;
      case '--out':
        out = path.resolve(value());
        break;
      default:
        throw new Error(`unknown option ${String(name)}\n${USAGE}`);
    }
  }
  return { corpus, copies, edits, quick, out };
}

function wholeNumber(name: string, value: string, least: number): number {
  if (!/^\d+$/.test(value) || Number(value) < least) throw new Error(`${name} expects a whole number of at least ${least}, not '${value}'`);
  return Number(value);
}
