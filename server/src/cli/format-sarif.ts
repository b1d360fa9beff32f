import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../engine/model/finding';
import type { Range } from '../engine/model/range';
import type { RuleMetadata } from '../engine/model/rule-metadata';
import type { Report } from './report';

export interface SarifTool {
  readonly version: string;
  readonly informationUri: string;
  readonly rules: readonly RuleMetadata[];
}

const SOURCE_ROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'identityIsolation/v1';
const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0, one run, for code-scanning services; locations relative to the working directory. */
export function formatSarif(report: Report, tool: SarifTool): string {
  const rules = driverRules(tool.rules, report.findings);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const fingerprints = partialFingerprints(report);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'identity-isolation', informationUri: tool.informationUri, version: tool.version, rules } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.problems.map((problem) => ({
              level: 'error',
              message: { text: problem.message },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(report, problem.file) } }],
            })),
          },
        ],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: folderUri(report.cwd) } },
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((finding, index) => ({
          ruleId: finding.ruleId,
          ruleIndex: ruleIndex.get(finding.ruleId),
          level: LEVELS[finding.severity],
          message: { text: finding.message },
          locations: [physicalLocation(report, finding.file, finding.range)],
          ...(finding.related.length > 0 && {
            relatedLocations: finding.related.map((related, relatedIndex) => ({
              id: relatedIndex,
              ...physicalLocation(report, related.file, related.range),
              message: { text: related.message },
            })),
          }),
          partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[index] },
          ...(finding.parameterFile !== null && { properties: { parameterFile: report.relativePath(finding.parameterFile) } }),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** Every rule a result names must be in the driver; rules missing from the metadata get an entry with their id alone. */
function driverRules(metadata: readonly RuleMetadata[], findings: readonly Finding[]) {
  const described = metadata.map((rule) => ({
    id: rule.id,
    shortDescription: { text: firstSentence(rule.description) },
    fullDescription: { text: rule.description },
    helpUri: rule.docsUrl,
    defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
  }));
  const known = new Set(metadata.map((rule) => rule.id));
  const undescribed = [...new Set(findings.map((finding) => finding.ruleId))].filter((id) => !known.has(id)).sort();
  return [...described, ...undescribed.map((id) => ({ id }))];
}

function firstSentence(text: string): string {
  const match = /^.*?[.!?](?=\s|$)/s.exec(text);
  return match ? match[0] : text;
}

function physicalLocation(report: Report, file: string, range: Range) {
  const { line, column, endLine, endColumn } = report.locate(file, range);
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(report, file),
      region: { startLine: line, startColumn: column, endLine, endColumn },
    },
  };
}

/** Files under the working directory are relative to %SRCROOT% (so results survive a checkout elsewhere); others get an absolute URI. */
function artifactLocation(report: Report, file: string): { uri: string; uriBaseId?: string } {
  const relative = report.relativePath(file);
  if (relative.startsWith('../') || relative === '..' || path.isAbsolute(relative)) return { uri: pathToFileURL(file).href };
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * Fingerprints let code-scanning services follow a result across commits, so they hash what the
 * finding is about (rule, file, the flagged text, its line's text, the parameter file) and never
 * its line number; identical findings are told apart by their order.
 */
export function partialFingerprints(report: Report): string[] {
  const seen = new Map<string, number>();
  return report.findings.map((finding) => {
    const source = report.source(finding.file);
    const flaggedText = source?.text.slice(finding.range.start, finding.range.end) ?? '';
    const lineText = source ? source.lines.lineText(source.lines.positionAt(finding.range.start).line).trim() : '';
    const parameterFile = finding.parameterFile === null ? '' : report.relativePath(finding.parameterFile);
    const identity = [finding.ruleId, report.relativePath(finding.file), flaggedText, lineText, parameterFile].join('\0');
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return createHash('sha256').update(`${identity}\0${occurrence}`).digest('hex');
  });
}
