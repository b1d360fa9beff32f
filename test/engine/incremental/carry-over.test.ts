import * as assert from 'node:assert/strict';
import { analyzeText, carryOver, findingsBaseline, initParsers, type Finding, type FindingsBaseline, type TextChange } from '../../../server/src/engine';
import { GRAMMARS_DIR } from '../../helpers/paths';
import { loadSeeds, Random } from '../../robustness/fuzz-core';

/** An edit an editor could send: mostly blanks at the start of a line (what carries over), sometimes anything else. */
function randomChange(text: string, random: Random): TextChange {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const line = random.pick(lineStarts);
  const roll = random.int(10);
  if (roll < 4) return { start: line, end: line, text: random.pick([' ', '\t', '  ']) };
  if (roll < 7 && (text[line] === ' ' || text[line] === '\t')) return { start: line, end: line + 1, text: '' };
  const at = random.int(text.length + 1);
  if (roll === 7) return { start: at, end: at, text: ' ' };
  if (roll === 8) return { start: at, end: Math.min(text.length, at + 1), text: '' };
  return { start: at, end: at, text: random.pick(['\n', 'x', "'", '#disable-next-line identity-cross-region\n', '/*', '*/', '${']) };
}

function apply(text: string, change: TextChange): string {
  return text.slice(0, change.start) + change.text + text.slice(change.end);
}

/** What a diagnostic shows of a finding: everything but its fixes (their text follows the indentation). */
function shown(findings: readonly Finding[]): unknown[] {
  return findings.map(({ fixes: _fixes, ...rest }) => rest);
}

function baselineOf(name: string, text: string): FindingsBaseline | undefined {
  const analysis = analyzeText(name, text);
  return analysis.kind === 'analysed' ? findingsBaseline(analysis.file, analysis.template, analysis.findings) : undefined;
}

describe('carrying findings over an edit that only moves text', function () {
  before(async function () {
    await initParsers(GRAMMARS_DIR);
  });

  it('gives, after random edit sequences, the findings of an analysis from scratch', function () {
    this.timeout(300_000);
    const random = new Random(20_251_203);
    let carried = 0;
    let withFindings = 0;
    for (const seed of loadSeeds(12)) {
      const name = `/workspace/${seed.name}`;
      let text = seed.bytes.toString('utf8').replace(/^\uFEFF/, '');
      let baseline = baselineOf(name, text);
      for (let step = 0; step < 25; step++) {
        const change = randomChange(text, random);
        const next = baseline && carryOver(baseline, text, change);
        text = apply(text, change);
        const fresh = analyzeText(name, text);
        if (next) {
          carried++;
          if (next.findings.length > 0) withFindings++;
          assert.equal(fresh.kind, 'analysed', `${seed.origin} step ${step}: carried over, but the text is no longer analysed`);
          if (fresh.kind === 'analysed') assert.deepEqual(shown(next.findings), shown(fresh.findings), `${seed.origin} step ${step}: ${JSON.stringify(change)}`);
          baseline = next;
        } else {
          baseline = fresh.kind === 'analysed' ? findingsBaseline(fresh.file, fresh.template, fresh.findings) : undefined;
        }
      }
    }
    // The check above means something only if edits were carried over, findings among them.
    assert.ok(carried > 100 && withFindings > 50, `${carried} edits carried over, ${withFindings} with findings`);
  });

  it('refuses blanks inside a multi-line string, inside a line and in a declaration with syntax errors', function () {
    const text = "var s = '''\n  a\n'''\nvar t = 'x y'\nresource r 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {\n  name: (\n}\n";
    const baseline = baselineOf('/workspace/main.bicep', text);
    assert.ok(baseline);
    const at = (needle: string) => text.indexOf(needle);
    assert.equal(carryOver(baseline, text, { start: at('  a'), end: at('  a'), text: ' ' }), undefined);
    assert.equal(carryOver(baseline, text, { start: at('x y') + 1, end: at('x y') + 1, text: ' ' }), undefined);
    assert.equal(carryOver(baseline, text, { start: at('  name'), end: at('  name'), text: ' ' }), undefined);
    assert.ok(carryOver(baseline, text, { start: at('var t'), end: at('var t'), text: ' ' }));
  });
});
