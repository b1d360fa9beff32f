import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CorpusFile } from './corpus';
import { generateBicep } from './generate-bicep';
import { jsonParseMilliseconds } from './naive-parse';
import type { BenchOptions } from './options';
import type { Results } from './results';
import { MB, round } from './stats';
import { typeInto, type TypingResult } from './typing';

/** Real files the issue names, relative to the corpus. */
const AVM_VIRTUAL_MACHINE = 'Azure__bicep-registry-modules/avm/res/compute/virtual-machine/main.bicep';
const ALZ_POLICY_ASSIGNMENTS = 'Azure__ALZ-Bicep/infra-as-code/bicep/modules/policy/assignments/alzDefaults/alzDefaultPolicyAssignments.bicep';
const ARM_TARGET_BYTES = 2 * MB;

/** Keystroke latency over LSP in generated and real files. */
export async function measureTyping(options: BenchOptions, files: readonly CorpusFile[], results: Results): Promise<void> {
  const generatedRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-bench-'));
  try {
    for (const [label, lines] of [['5k', 5_000], ['20k', 20_000]] as const) {
      await results.attempt(`keystroke_p95_ms_${label}`, async () => {
        const filePath = path.join(generatedRoot, `generated-${label}.bicep`);
        fs.writeFileSync(filePath, generateBicep(lines));
        const typed = await typeInto({ root: generatedRoot, filePath, text: fs.readFileSync(filePath, 'utf8'), edits: options.edits });
        results.detail(`typing_${label}`, typed);
        if (label === '5k') results.metric('keystroke_p50_ms_5k', typed.p50Ms, describe(typed));
        results.metric(`keystroke_p95_ms_${label}`, typed.p95Ms, describe(typed));
      });
    }
  } finally {
    fs.rmSync(generatedRoot, { recursive: true, force: true });
  }

  for (const [metric, relative] of [['keystroke_p95_ms_avm_vm', AVM_VIRTUAL_MACHINE], ['keystroke_p95_ms_alz', ALZ_POLICY_ASSIGNMENTS]] as const) {
    const filePath = path.join(options.corpus, relative);
    if (!fs.existsSync(filePath)) {
      results.notMeasured(metric, `${relative} is not in the corpus`);
      continue;
    }
    await results.attempt(metric, async () => {
      const typed = await typeInto({ root: repositoryFolder(options.corpus, filePath), filePath, text: fs.readFileSync(filePath, 'utf8'), edits: options.edits });
      results.detail(metric, typed);
      results.metric(metric, typed.p95Ms, describe(typed));
    });
  }

  await results.attempt('keystroke_arm_2mb_over_parse', async () => {
    const arm = armTemplateNear(files, ARM_TARGET_BYTES);
    if (!arm) return results.notMeasured('keystroke_arm_2mb_over_parse', 'no ARM template in the corpus');
    const text = fs.readFileSync(arm.path, 'utf8');
    const parseMs = jsonParseMilliseconds(text, 5);
    const typed = await typeInto({ root: repositoryFolder(options.corpus, arm.path), filePath: arm.path, text, edits: options.edits });
    results.detail('typing_arm', { file: path.relative(options.corpus, arm.path), parseMs, ...typed });
    results.metric('keystroke_arm_2mb_over_parse', typed.p95Ms / parseMs, `${path.basename(path.dirname(arm.path))}/${path.basename(arm.path)} ${round(arm.bytes / MB)} MB: ${describe(typed)}; jsonc-parser parse ${round(parseMs)} ms (median of 5)`);
  });
}

function describe(typed: TypingResult): string {
  const probe = typed.probeAppended ? ', probe identity appended (no findings of its own)' : '';
  return `${typed.latenciesMs.length} edits, ${typed.lines} lines: p50 ${round(typed.p50Ms)} ms, p95 ${round(typed.p95Ms)} ms (string edits ${round(typed.contentP95Ms)}, blank edits ${round(typed.blankP95Ms)}), max ${round(Math.max(...typed.latenciesMs))} ms${probe}`;
}

/** The workspace folder an editor would have open: the file's repository (the corpus's first level). */
function repositoryFolder(corpus: string, filePath: string): string {
  const [first, ...rest] = path.relative(corpus, filePath).split(path.sep);
  return rest.length > 0 && first !== undefined ? path.join(corpus, first) : corpus;
}

/** The smallest ARM template of at least `bytes`, else the largest there is (a small corpus). */
function armTemplateNear(files: readonly CorpusFile[], bytes: number): CorpusFile | undefined {
  const templates = files.filter((file) => /\.json$/i.test(file.path) && isArmTemplate(file.path)).sort((a, b) => a.bytes - b.bytes);
  return templates.find((file) => file.bytes >= bytes) ?? templates.at(-1);
}

/** By the `$schema` at the top, as the corpus's MANIFEST classifies them; the first 2 KB suffice. */
function isArmTemplate(filePath: string): boolean {
  const buffer = Buffer.alloc(2048);
  const descriptor = fs.openSync(filePath, 'r');
  const head = buffer.toString('utf8', 0, fs.readSync(descriptor, buffer, 0, buffer.length, 0));
  fs.closeSync(descriptor);
  return /"\$schema"\s*:\s*"[^"]*deploymentTemplate\.json/i.test(head);
}
