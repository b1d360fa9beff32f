import * as assert from 'node:assert/strict';
import { formatJson } from '../../server/src/cli/format-json';
import { formatText } from '../../server/src/cli/format-text';
import { Report } from '../../server/src/cli/report';
import { SourceFile } from '../../server/src/engine/model/source-file';
import { CWD, MAIN, mainText, sampleResult, finding } from './report-fixture';

describe('formatText', () => {
  it('prints path:line:col severity message rule, problems, then a summary', () => {
    assert.equal(
      formatText(new Report(sampleResult(), CWD)),
      [
        'infra/main.bicep:3:13 error isolation-scope-missing message isolation-scope-missing',
        'infra/main.bicep:4:9 warning identity-cross-region message identity-cross-region',
        'other.json:2:11 info isolation-scope-missing message isolation-scope-missing',
        'broken.json: Not valid JSON: unexpected end of file.',
        '3 findings (1 error, 1 warning, 1 info) in 2 files; 1 file skipped; 1 problem',
        '',
      ].join('\n'),
    );
  });

  it('prints the summary alone for a clean audit', () => {
    assert.equal(
      formatText(new Report({ files: [new SourceFile(MAIN, '')], skipped: [], findings: [], problems: [] }, CWD)),
      '0 findings (0 errors, 0 warnings, 0 info) in 1 file; 0 files skipped; 0 problems\n',
    );
  });
});

describe('formatJson', () => {
  it('gives every finding with 1-based lines, UTF-16 columns and exclusive ends', () => {
    const output: unknown = JSON.parse(formatJson(new Report(sampleResult(), CWD)));
    assert.deepEqual(output, {
      version: 1,
      summary: { files: 2, skipped: 1, error: 1, warning: 1, info: 1 },
      findings: [
        {
          ruleId: 'isolation-scope-missing',
          severity: 'error',
          message: 'isolation-scope-missing message',
          file: 'infra/main.bicep',
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 74,
          parameterFile: null,
          related: [],
        },
        {
          ruleId: 'identity-cross-region',
          severity: 'warning',
          message: 'identity-cross-region message',
          file: 'infra/main.bicep',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 15,
          parameterFile: 'env/prod.bicepparam',
          related: [{ file: 'infra/main.bicep', line: 2, column: 18, message: 'The region comes from here.' }],
        },
        {
          ruleId: 'isolation-scope-missing',
          severity: 'info',
          message: 'isolation-scope-missing message',
          file: 'other.json',
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 61,
          parameterFile: null,
          related: [],
        },
      ],
      problems: [{ file: 'broken.json', message: 'Not valid JSON: unexpected end of file.' }],
    });
  });

  it('ends a range spanning lines on its last line, after a CRLF', () => {
    const main = new SourceFile(MAIN, mainText());
    const block = main.text.slice(main.text.indexOf('resource'), main.text.indexOf('}') + 1);
    const report = new Report({ files: [main], skipped: [], findings: [finding(main, 'r', 'error', block)], problems: [] }, CWD);
    const [only] = (JSON.parse(formatJson(report)) as { findings: Record<string, unknown>[] }).findings;
    assert.deepEqual([only?.line, only?.column, only?.endLine, only?.endColumn], [3, 1, 5, 2]);
  });

  it('names files outside the working directory relatively, with forward slashes', () => {
    const report = new Report({ files: [], skipped: [], findings: [], problems: [{ file: '/elsewhere/x.json', message: 'm' }] }, CWD);
    assert.deepEqual((JSON.parse(formatJson(report)) as { problems: unknown }).problems, [{ file: '../../elsewhere/x.json', message: 'm' }]);
  });
});
