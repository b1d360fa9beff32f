import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { formatSarif, type SarifTool } from '../../server/src/cli/format-sarif';
import { Report } from '../../server/src/cli/report';
import type { AuditResult } from '../../server/src/engine/audit';
import { SourceFile } from '../../server/src/engine/model/source-file';
import { CWD, MAIN, TYPE_STRING, finding, mainText, sampleResult } from './report-fixture';

const SCHEMA_PATH = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'schemas', 'sarif-schema-2.1.0.json');

const TOOL: SarifTool = {
  version: '1.2.3',
  informationUri: 'https://example.org/identity-isolation',
  rules: [
    {
      id: 'isolation-scope-missing',
      description: 'A user-assigned identity sets no isolationScope. Set it to Regional.',
      defaultSeverity: 'error',
      docsUrl: 'https://example.org/rules/isolation-scope-missing',
    },
  ],
};

/** The parts of a SARIF log the tests read; the schema test vouches for the rest. */
interface SarifLocation {
  readonly id?: number;
  readonly physicalLocation: { readonly artifactLocation: { readonly uri: string; readonly uriBaseId?: string }; readonly region?: unknown };
  readonly message?: { readonly text: string };
}

interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: string;
  readonly message: { readonly text: string };
  readonly locations: readonly SarifLocation[];
  readonly relatedLocations?: readonly SarifLocation[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly properties?: unknown;
}

interface SarifRun {
  readonly tool: { readonly driver: unknown };
  readonly invocations: readonly unknown[];
  readonly originalUriBaseIds: unknown;
  readonly columnKind: string;
  readonly results: readonly SarifResult[];
}

function sarifRun(result: AuditResult): SarifRun {
  const log = JSON.parse(formatSarif(new Report(result, CWD), TOOL)) as { runs: SarifRun[] };
  assert.equal(log.runs.length, 1);
  return log.runs[0] as SarifRun;
}

function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  assert.ok(item !== undefined, `no item ${index}`);
  return item;
}

function fingerprint(result: SarifResult): string {
  return nth(Object.values(result.partialFingerprints), 0);
}

/**
 * The SARIF schema is draft-04, which Ajv 8 does not load; it uses none of the keywords draft-07
 * changed (exclusiveMinimum/Maximum) and only a top-level `id`, so renaming that makes it draft-07.
 */
function sarifValidator(): ValidateFunction | undefined {
  if (!fs.existsSync(SCHEMA_PATH)) return undefined;
  const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  schema.$id = schema.id;
  delete schema.id;
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('formatSarif', () => {
  it('is valid SARIF 2.1.0', function () {
    const validate = sarifValidator();
    if (!validate) this.skip();
    const withSpace = new SourceFile(path.join(CWD, 'with space', 'a.bicep'), `resource x ${TYPE_STRING} = {}\n`);
    const result = sampleResult();
    const output = formatSarif(
      new Report({ ...result, files: [...result.files, withSpace], findings: [...result.findings, finding(withSpace, 'new-rule', 'warning', TYPE_STRING)] }, CWD),
      TOOL,
    );
    const log: unknown = JSON.parse(output);
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(validate({ version: '2.1.0', runs: [{ results: [] }] }), false, 'the validator must catch a run without a tool');
  });

  it('describes the tool and its rules, adding rules that have no metadata', () => {
    assert.deepEqual(sarifRun(sampleResult()).tool.driver, {
      name: 'identity-isolation',
      informationUri: 'https://example.org/identity-isolation',
      version: '1.2.3',
      rules: [
        {
          id: 'isolation-scope-missing',
          shortDescription: { text: 'A user-assigned identity sets no isolationScope.' },
          fullDescription: { text: 'A user-assigned identity sets no isolationScope. Set it to Regional.' },
          helpUri: 'https://example.org/rules/isolation-scope-missing',
          defaultConfiguration: { level: 'error' },
        },
        { id: 'identity-cross-region' },
      ],
    });
  });

  it('places results relative to %SRCROOT% with 1-based UTF-16 regions', () => {
    const run = sarifRun(sampleResult());
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/project/' } });
    const missing = nth(run.results, 0);
    const crossRegion = nth(run.results, 1);
    const info = nth(run.results, 2);
    assert.deepEqual([missing.ruleId, missing.ruleIndex, missing.level], ['isolation-scope-missing', 0, 'error']);
    assert.deepEqual([crossRegion.ruleId, crossRegion.ruleIndex, crossRegion.level], ['identity-cross-region', 1, 'warning']);
    assert.equal(info.level, 'note');
    assert.deepEqual(crossRegion.message, { text: 'identity-cross-region message' });
    assert.deepEqual(crossRegion.locations, [
      {
        physicalLocation: {
          artifactLocation: { uri: 'infra/main.bicep', uriBaseId: '%SRCROOT%' },
          region: { startLine: 4, startColumn: 9, endLine: 4, endColumn: 15 },
        },
      },
    ]);
    assert.deepEqual(crossRegion.relatedLocations, [
      {
        id: 0,
        physicalLocation: {
          artifactLocation: { uri: 'infra/main.bicep', uriBaseId: '%SRCROOT%' },
          region: { startLine: 2, startColumn: 18, endLine: 2, endColumn: 20 },
        },
        message: { text: 'The region comes from here.' },
      },
    ]);
    assert.deepEqual(crossRegion.properties, { parameterFile: 'env/prod.bicepparam' });
    assert.equal(missing.properties, undefined);
    assert.equal(missing.relatedLocations, undefined);
  });

  it('reports files it could not analyse as error notifications of a successful run', () => {
    assert.deepEqual(sarifRun(sampleResult()).invocations, [{
      executionSuccessful: true,
      toolExecutionNotifications: [
        {
          level: 'error',
          message: { text: 'Not valid JSON: unexpected end of file.' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'broken.json', uriBaseId: '%SRCROOT%' } } }],
        },
      ],
    }]);
  });

  it('encodes URIs and gives files outside the working directory an absolute URI', () => {
    const inside = new SourceFile(path.join(CWD, 'with space', 'a#1.bicep'), `x ${TYPE_STRING}`);
    const outside = new SourceFile('/elsewhere/b.bicep', `x ${TYPE_STRING}`);
    const run = sarifRun({ files: [inside, outside], skipped: [], findings: [inside, outside].map((file) => finding(file, 'r', 'error', TYPE_STRING)), problems: [] });
    const uris = run.results.map((result) => nth(result.locations, 0).physicalLocation.artifactLocation);
    assert.deepEqual(uris, [{ uri: 'file:///elsewhere/b.bicep' }, { uri: 'with%20space/a%231.bicep', uriBaseId: '%SRCROOT%' }]);
  });

  describe('partialFingerprints', () => {
    function fingerprints(linesAbove: string): string[] {
      return sarifRun(sampleResult(new SourceFile(MAIN, mainText(linesAbove)))).results.map(fingerprint);
    }

    it('stay the same when an unrelated line is inserted above the findings', () => {
      const before = fingerprints('');
      assert.equal(new Set(before).size, 3);
      assert.deepEqual(fingerprints('// a comment added later\r\n\r\n'), before);
    });

    it('tell identical findings apart by their order', () => {
      const text = `resource a ${TYPE_STRING} = {}\nresource a ${TYPE_STRING} = {}\n`;
      const file = new SourceFile(MAIN, text);
      const second = text.lastIndexOf(TYPE_STRING);
      const findings = [
        finding(file, 'r', 'error', TYPE_STRING),
        { ...finding(file, 'r', 'error', TYPE_STRING), range: { start: second, end: second + TYPE_STRING.length } },
      ];
      const prints = sarifRun({ files: [file], skipped: [], findings, problems: [] }).results.map(fingerprint);
      assert.notEqual(nth(prints, 0), nth(prints, 1));
    });
  });
});
