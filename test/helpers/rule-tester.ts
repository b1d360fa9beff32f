import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Severity } from '../../server/src/engine/model/finding';
import { audit, assertFixClears, lineOf } from './fix-harness';
import { tempWorkspace } from './paths';

type Language = 'bicep' | 'arm';

export interface ExpectedReport {
  readonly line: number;
  /** 1-based, UTF-16 code units. */
  readonly column: number;
  readonly severity?: Severity;
  readonly message?: RegExp;
}

export interface InvalidCase {
  readonly name: string;
  readonly language: Language;
  readonly code: string;
  readonly reports: readonly ExpectedReport[];
  /** The whole file after the first report's first fix; null when no fix may be offered. */
  readonly output: string | null;
}

export interface ValidCase {
  readonly name: string;
  readonly language: Language;
  readonly code: string;
}

const FILE_NAME: Record<Language, string> = { bicep: 'main.bicep', arm: 'azuredeploy.json' };

function columnOf(file: string, offset: number): number {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  return offset - lineStart + 1;
}

/**
 * Runs a rule's valid and invalid cases through the whole engine, on real files. Like ESLint's
 * RuleTester it refuses a case list with repeats, a fix without an expected output, and a fix
 * whose output equals its input.
 */
export function testRule(ruleId: string, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  describe(`rule ${ruleId}`, () => {
    it('has no repeated cases', () => {
      const codes = [...cases.valid, ...cases.invalid].map((c) => `${c.language}\n${c.code}`);
      assert.equal(new Set(codes).size, codes.length);
      assert.ok(cases.valid.some((c) => c.language === 'bicep') && cases.valid.some((c) => c.language === 'arm'), 'valid cases in Bicep and ARM JSON');
      assert.ok(cases.invalid.some((c) => c.language === 'bicep') && cases.invalid.some((c) => c.language === 'arm'), 'invalid cases in Bicep and ARM JSON');
    });

    for (const testCase of cases.valid) {
      it(`valid (${testCase.language}): ${testCase.name}`, async () => {
        const root = tempWorkspace({ [FILE_NAME[testCase.language]]: testCase.code });
        const result = await audit(root);
        assert.deepEqual(result.problems, []);
        assert.deepEqual(result.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message), []);
      });
    }

    for (const testCase of cases.invalid) {
      it(`invalid (${testCase.language}): ${testCase.name}`, async () => {
        const root = tempWorkspace({ [FILE_NAME[testCase.language]]: testCase.code });
        const result = await audit(root);
        assert.deepEqual(result.problems, []);
        const found = result.findings.filter((f) => f.ruleId === ruleId);
        assert.deepEqual(
          found.map((f) => ({ line: lineOf(f), column: columnOf(f.file, f.range.start) })),
          testCase.reports.map((r) => ({ line: r.line, column: r.column })),
        );
        testCase.reports.forEach((expected, i) => {
          const finding = found[i];
          assert.ok(finding);
          if (expected.severity) assert.equal(finding.severity, expected.severity);
          if (expected.message) assert.match(finding.message, expected.message);
        });
        const first = found[0];
        assert.ok(first);
        const fix = first.fixes[0];
        if (testCase.output === null) {
          assert.equal(fix, undefined, 'no fix is offered');
          return;
        }
        assert.ok(fix, 'a fix is offered');
        const { text } = await assertFixClears(root, first, fix);
        assert.notEqual(testCase.output, testCase.code, 'a fix changes the file');
        assert.equal(text, testCase.output);
        assert.equal(path.basename(fix.file), FILE_NAME[testCase.language]);
      });
    }
  });
}

/** Joins lines with LF and a final newline: test templates read as they print. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

export const ARM_SCHEMA = '"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",';
