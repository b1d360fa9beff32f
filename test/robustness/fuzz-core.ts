// Mutation fuzzing shared by the suite (fixed seed, bounded count) and the long run (`npm run fuzz`,
// scripts/fuzz.js). Inputs are the shared cases and a sample of the corpus, mutated byte- and
// line-wise; each one goes through the engine as an editor buffer would (analyzeText), and every
// fix the engine offers on it is applied and checked: the result parses no worse and the finding is gone.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, applyEdits, SourceFile, type Finding, type Fix, type TextAnalysis, type TextEdit } from '../../server/src/engine';
import { CASES_DIR, CORPUS_DIR, REPO_ROOT } from '../helpers/paths';

/** mulberry32: small, fast and the same on every platform, so a seed reproduces a run. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** 0 ≤ n < max (0 when max ≤ 0). */
  int(max: number): number {
    return max <= 0 ? 0 : Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

export interface Seed {
  /** Where the input came from, relative to ../shared. */
  readonly origin: string;
  /** The file name it is analysed under (its extension decides the language). */
  readonly name: string;
  readonly bytes: Buffer;
}

const TEMPLATE_FILE = /\.(bicep|bicepparam|json|jsonc)$/i;

/** The repository's examples, every template file of the cases, and up to `corpusLimit` corpus files that mention a user-assigned identity (smallest first, deterministic). */
export function loadSeeds(corpusLimit: number, maxBytes = 60_000): Seed[] {
  const seeds: Seed[] = [];
  const add = (root: string, file: string) => {
    const bytes = fs.readFileSync(file);
    if (bytes.length <= maxBytes) seeds.push({ origin: path.relative(path.dirname(root), file).split(path.sep).join('/'), name: path.basename(file), bytes });
  };
  const examples = path.join(REPO_ROOT, 'examples');
  for (const file of walk(examples)) if (TEMPLATE_FILE.test(file)) add(examples, file);
  if (fs.existsSync(CASES_DIR)) {
    for (const file of walk(CASES_DIR)) if (TEMPLATE_FILE.test(file) && path.basename(file) !== 'expected.json') add(CASES_DIR, file);
  }
  if (corpusLimit > 0 && fs.existsSync(CORPUS_DIR)) {
    const candidates = walk(CORPUS_DIR)
      .filter((file) => TEMPLATE_FILE.test(file))
      .map((file) => ({ file, size: fs.statSync(file).size }))
      .filter(({ size }) => size <= maxBytes)
      .sort((a, b) => a.size - b.size || (a.file < b.file ? -1 : 1));
    let taken = 0;
    // Spread over sizes: every k-th file that mentions an identity.
    const mentioning = candidates.filter(({ file }) => /userAssignedIdentities|ManagedIdentity/i.test(fs.readFileSync(file, 'latin1')));
    const step = Math.max(1, Math.floor(mentioning.length / corpusLimit));
    for (let index = 0; index < mentioning.length && taken < corpusLimit; index += step, taken++) add(CORPUS_DIR, mentioning[index]?.file ?? '');
  }
  return seeds;
}

function walk(folder: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Mutations. Byte-preserving string work goes through latin1 (one char per byte).

const TOKENS = [
  '{', '}', '[', ']', '(', ')', "'", '"', "'''", '/*', '*/', '//', '${', '\\', ':', ',', '=', '@', '?', '!', '.?', '??', '\t', '\n', '\r',
  '#disable-next-line isolation-scope-missing', '#disable-diagnostics', '// #disable-next-line identity-cross-region',
  "resource x 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {\n", "'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31'",
  'isolationScope: ', "isolationScope: 'None'", '"isolationScope": "Regional",', '"[', ']"', "[concat('", "')]", 'existing', 'for i in range(0, 3): ',
  "module m './main.bicep' = {", 'userAssignedIdentities: {', '"userAssignedIdentities": {', "location: 'westus'", '"location": "[parameters(\'location\')]",',
  '\u2028', '\u{1F600}', '\uD800', 'é', '\u0000',
];
const INVALID_UTF8 = [Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xff]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from([0xe2, 0x82])];
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const REPEATED = ['[', '{', '(', "'", '"', '${', '[(', 'a.', '!', '-', " + 'x'"];

/** How far a repeated token goes. The suite stays below the known Bicep nesting crash (about 1,500 levels); `npm run fuzz -- --deep` goes past it. */
export const MUTATION_LIMITS = { maxRepeat: 600 };

type Mutator = (input: Buffer, random: Random, donor: () => Buffer) => Buffer;

function latin1(bytes: Buffer): string {
  return bytes.toString('latin1');
}
function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}
function linesOf(bytes: Buffer): string[] {
  return latin1(bytes).split(/(?<=\n)/);
}
function insertAt(input: Buffer, offset: number, inserted: Buffer): Buffer {
  return Buffer.concat([input.subarray(0, offset), inserted, input.subarray(offset)]);
}

export const MUTATORS: Readonly<Record<string, Mutator>> = {
  truncate: (input, random) => input.subarray(0, random.int(input.length + 1)),
  deleteLine: (input, random) => {
    const lines = linesOf(input);
    lines.splice(random.int(lines.length), 1 + (random.chance(0.3) ? random.int(5) : 0));
    return bytesOf(lines.join(''));
  },
  duplicateLine: (input, random) => {
    const lines = linesOf(input);
    const index = random.int(lines.length);
    const count = 1 + (random.chance(0.3) ? random.int(8) : 0);
    lines.splice(index, 0, ...lines.slice(index, index + count));
    return bytesOf(lines.join(''));
  },
  swapLines: (input, random) => {
    const lines = linesOf(input);
    const a = random.int(lines.length);
    const b = random.int(lines.length);
    const lineA = lines[a];
    const lineB = lines[b];
    if (lineA === undefined || lineB === undefined) return input;
    lines[a] = lineB;
    lines[b] = lineA;
    return bytesOf(lines.join(''));
  },
  flipByte: (input, random) => {
    if (input.length === 0) return input;
    const copy = Buffer.from(input);
    const index = random.int(copy.length);
    copy[index] = (copy[index] ?? 0) ^ (1 << random.int(8));
    return copy;
  },
  randomBytes: (input, random) => {
    const copy = Buffer.from(input);
    for (let n = 1 + random.int(4); n > 0 && copy.length > 0; n--) copy[random.int(copy.length)] = random.int(256);
    return copy;
  },
  insertToken: (input, random) => insertAt(input, random.int(input.length + 1), Buffer.from(random.pick(TOKENS), 'utf8')),
  repeatToken: (input, random) => insertAt(input, random.int(input.length + 1), Buffer.from(random.pick(REPEATED).repeat(20 + random.int(MUTATION_LIMITS.maxRepeat)), 'utf8')),
  invalidUtf8: (input, random) => insertAt(input, random.int(input.length + 1), random.pick(INVALID_UTF8)),
  nulByte: (input, random) => insertAt(input, random.int(input.length + 1), Buffer.from([0])),
  toCrlf: (input, random) => bytesOf(latin1(input).replace(/\r?\n/g, (match) => (random.chance(0.5) ? '\r\n' : match))),
  toLf: (input, random) => bytesOf(latin1(input).replace(/\r\n/g, (match) => (random.chance(0.5) ? '\n' : match))),
  loneCr: (input, random) => bytesOf(latin1(input).replace(/\n/g, (match) => (random.chance(0.2) ? '\r' : match))),
  addBom: (input, random) => (random.chance(0.2) ? Buffer.concat([BOM, BOM, input]) : input.subarray(0, 3).equals(BOM) ? input : Buffer.concat([BOM, input])),
  removeBom: (input) => (input.subarray(0, 3).equals(BOM) ? input.subarray(3) : input),
  bomInside: (input, random) => insertAt(input, random.int(input.length + 1), BOM),
  deleteChunk: (input, random) => {
    const start = random.int(input.length);
    return Buffer.concat([input.subarray(0, start), input.subarray(start + 1 + random.int(300))]);
  },
  duplicateChunk: (input, random) => {
    const start = random.int(input.length);
    const chunk = input.subarray(start, start + 1 + random.int(400));
    return insertAt(input, random.int(input.length + 1), chunk);
  },
  spliceDonor: (input, random, donor) => {
    const other = linesOf(donor());
    const start = random.int(other.length);
    const chunk = other.slice(start, start + 1 + random.int(25)).join('');
    const lines = linesOf(input);
    lines.splice(random.int(lines.length + 1), 0, chunk);
    return bytesOf(lines.join(''));
  },
};

const MUTATOR_NAMES = Object.keys(MUTATORS);

export interface MutatedInput {
  readonly seed: Seed;
  readonly mutations: string[];
  readonly bytes: Buffer;
}

/** One to four mutations of a seed; `donor` supplies lines from other seeds. */
export function mutate(seed: Seed, random: Random, seeds: readonly Seed[]): MutatedInput {
  let bytes = seed.bytes;
  const mutations: string[] = [];
  for (let n = 1 + random.int(4); n > 0; n--) {
    const name = random.pick(MUTATOR_NAMES);
    const mutator = MUTATORS[name];
    if (!mutator) continue;
    bytes = mutator(bytes, random, () => random.pick(seeds).bytes);
    mutations.push(name);
  }
  return { seed, mutations, bytes };
}

// ---------------------------------------------------------------------------------------------
// Checking one input in the engine.

export type FailureKind = 'crash' | 'hang' | 'fix-throws' | 'fix-breaks-parse' | 'fix-not-cleared' | 'crash-after-fix';

export interface FuzzFailure {
  readonly kind: FailureKind;
  readonly origin: string;
  readonly name: string;
  readonly mutations: readonly string[];
  readonly detail: string;
  readonly text: string;
}

export interface EngineCheck {
  readonly millis: number;
  readonly findings: number;
  readonly fixesVerified: number;
  readonly failures: FuzzFailure[];
}

export interface EngineCheckOptions {
  /** One analysis slower than this is a hang. */
  readonly hangMillis: number;
  /** At most this many fixes are verified per input. */
  readonly maxFixesPerInput: number;
}

/** Where the text of an offset went after edits made against the text it belongs to. */
export function mapOffset(offset: number, edits: readonly TextEdit[]): number {
  let shift = 0;
  for (const edit of [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end)) {
    const { start, end } = edit.range;
    // An insertion at the offset goes before the text there, as applyEdits does.
    if (end <= offset) shift += edit.newText.length - (end - start);
    else if (start < offset) return start + shift;
  }
  return offset + shift;
}

function syntaxProblemCount(analysis: TextAnalysis): number {
  return analysis.kind === 'analysed' ? analysis.template.problems.length : 0;
}

const VIRTUAL_ROOT = path.join(path.parse(process.cwd()).root, 'fuzz-input');

/** Analyses one input as an editor buffer, then applies each offered fix and analyses again. Never throws. */
export function checkInEngine(input: MutatedInput, index: number, options: EngineCheckOptions): EngineCheck {
  const filePath = path.join(VIRTUAL_ROOT, String(index), input.seed.name);
  const text = input.bytes.toString('utf8');
  const failures: FuzzFailure[] = [];
  const fail = (kind: FailureKind, detail: string) => failures.push({ kind, origin: input.seed.origin, name: input.seed.name, mutations: input.mutations, detail, text });

  const started = performance.now();
  let before: TextAnalysis;
  let beforeProblems: number;
  try {
    before = analyzeText(filePath, text);
    beforeProblems = syntaxProblemCount(before);
  } catch (error) {
    fail('crash', describeError(error));
    return { millis: performance.now() - started, findings: 0, fixesVerified: 0, failures };
  }
  const millis = performance.now() - started;
  if (millis > options.hangMillis) fail('hang', `analysis took ${Math.round(millis)} ms`);
  if (before.kind !== 'analysed') return { millis, findings: 0, fixesVerified: 0, failures };

  let fixesVerified = 0;
  const seen = new Set<string>();
  for (const finding of before.findings) {
    for (const fix of finding.fixes) {
      if (fix.file !== filePath) continue; // A fix in a module is checked by the workspace runs.
      const key = `${finding.ruleId}|${finding.range.start}|${JSON.stringify(fix.edits)}`;
      if (seen.has(key) || seen.size >= options.maxFixesPerInput) continue;
      seen.add(key);
      const problem = checkFix(filePath, before.file, beforeProblems, finding, fix);
      if (problem) fail(problem.kind, `${finding.ruleId} at ${finding.range.start}, fix '${fix.title}': ${problem.detail}`);
      else fixesVerified++;
    }
  }
  return { millis, findings: before.findings.length, fixesVerified, failures };
}

function checkFix(filePath: string, file: SourceFile, beforeProblems: number, finding: Finding, fix: Fix): { kind: FailureKind; detail: string } | undefined {
  let fixed: string;
  try {
    fixed = applyEdits(file, fix.edits);
  } catch (error) {
    return { kind: 'fix-throws', detail: describeError(error) };
  }
  let after: TextAnalysis;
  try {
    after = analyzeText(filePath, fixed);
  } catch (error) {
    return { kind: 'crash-after-fix', detail: describeError(error) };
  }
  if (after.kind !== 'analysed') return { kind: 'fix-breaks-parse', detail: `the fixed text is ${after.kind}` };
  const afterProblems = syntaxProblemCount(after);
  if (afterProblems > beforeProblems) {
    return { kind: 'fix-breaks-parse', detail: `syntax errors ${beforeProblems} → ${afterProblems}: ${after.template.problems.map((p) => p.message).join('; ')}` };
  }
  const mapped = mapOffset(finding.range.start, fix.edits);
  const still = after.findings.find((other) => other.ruleId === finding.ruleId && other.file === finding.file && other.range.start === mapped && other.parameterFile === finding.parameterFile);
  if (still) return { kind: 'fix-not-cleared', detail: `still reported: ${still.message}` };
  return undefined;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 6).join('\n') : String(error);
}

// ---------------------------------------------------------------------------------------------
// A run.

export interface FuzzStats {
  inputs: number;
  crashes: number;
  hangs: number;
  fixesVerified: number;
  badFixes: number;
  findings: number;
  slowestMillis: number;
  readonly failures: FuzzFailure[];
}

export function emptyStats(): FuzzStats {
  return { inputs: 0, crashes: 0, hangs: 0, fixesVerified: 0, badFixes: 0, findings: 0, slowestMillis: 0, failures: [] };
}

export function addCheck(stats: FuzzStats, check: EngineCheck): void {
  stats.inputs++;
  stats.findings += check.findings;
  stats.fixesVerified += check.fixesVerified;
  stats.slowestMillis = Math.max(stats.slowestMillis, check.millis);
  for (const failure of check.failures) {
    if (failure.kind === 'crash' || failure.kind === 'crash-after-fix') stats.crashes++;
    else if (failure.kind === 'hang') stats.hangs++;
    else stats.badFixes++;
    stats.failures.push(failure);
  }
}

/** The random source of input `index` of a run: each input can be made again on its own. */
export function randomFor(runSeed: number, index: number): Random {
  return new Random(Math.imul(runSeed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
}

/** Input `index` of the run with this seed. */
export function inputAt(seeds: readonly Seed[], runSeed: number, index: number): MutatedInput {
  const random = randomFor(runSeed, index);
  return mutate(random.pick(seeds), random, seeds);
}

/** Mutates `count` inputs from the seeds with a fixed seed and checks each in the engine. */
export function runEngineFuzz(seeds: readonly Seed[], seed: number, count: number, options: EngineCheckOptions, onInput?: (input: MutatedInput, check: EngineCheck) => void): FuzzStats {
  const stats = emptyStats();
  for (let index = 0; index < count; index++) {
    const input = inputAt(seeds, seed, index);
    const check = checkInEngine(input, index, options);
    addCheck(stats, check);
    onInput?.(input, check);
  }
  return stats;
}

export function formatStats(label: string, stats: FuzzStats): string {
  return `${label}: ${stats.inputs} inputs tried, ${stats.crashes} crashes, ${stats.hangs} hangs, ${stats.fixesVerified} fixes verified, ${stats.badFixes} bad fixes (${stats.findings} findings; slowest input ${Math.round(stats.slowestMillis)} ms)`;
}

/** A failure as a reproduction: what was mutated how, and the text (abbreviated). */
export function formatFailure(failure: FuzzFailure, maxText = 600): string {
  const text = failure.text.length > maxText ? `${failure.text.slice(0, maxText)}… (${failure.text.length} chars)` : failure.text;
  return `[${failure.kind}] ${failure.origin} (${failure.mutations.join(', ')}): ${failure.detail}\n${JSON.stringify(text)}`;
}

// ---------------------------------------------------------------------------------------------
// Reproductions.

/**
 * Shrinks a failing text while `stillFails` holds: whole lines first (delta debugging with halving
 * chunks), then characters. Bounded by `budget` calls of the predicate.
 */
export function minimize(text: string, stillFails: (candidate: string) => boolean, budget = 4000): string {
  let calls = 0;
  const test = (candidate: string) => calls++ < budget && stillFails(candidate);
  const shrink = (units: string[], join: (parts: string[]) => string): string[] => {
    let current = units;
    for (let chunk = Math.max(1, Math.floor(current.length / 2)); chunk >= 1; chunk = Math.floor(chunk / 2)) {
      for (let start = 0; start < current.length; ) {
        const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
        if (candidate.length < current.length && test(join(candidate))) current = candidate;
        else start += chunk;
      }
      if (chunk === 1) break;
    }
    return current;
  };
  const lines = shrink(text.split(/(?<=\n)/), (parts) => parts.join('')).join('');
  return shrink([...lines], (parts) => parts.join('')).join('');
}

/** The failure of one fix on one text, re-checked: for minimize(). */
export function fixFailureKind(filePath: string, text: string, ruleId: string): FailureKind | undefined {
  let before: TextAnalysis;
  try {
    before = analyzeText(filePath, text);
  } catch {
    return 'crash';
  }
  if (before.kind !== 'analysed') return undefined;
  const beforeProblems = syntaxProblemCount(before);
  for (const finding of before.findings.filter((f) => f.ruleId === ruleId)) {
    for (const fix of finding.fixes) {
      if (fix.file !== filePath) continue;
      const problem = checkFix(filePath, before.file, beforeProblems, finding, fix);
      if (problem) return problem.kind;
    }
  }
  return undefined;
}
