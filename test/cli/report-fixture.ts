import * as path from 'node:path';
import type { AuditResult } from '../../server/src/engine/audit';
import type { Finding, Severity } from '../../server/src/engine/model/finding';
import { SourceFile } from '../../server/src/engine/model/source-file';

/** A working directory that need not exist: formatters never touch the disk. */
export const CWD = path.resolve('/work/project');
export const MAIN = path.join(CWD, 'infra', 'main.bicep');
export const OTHER = path.join(CWD, 'other.json');
export const PARAMS = path.join(CWD, 'env', 'prod.bicepparam');
export const BROKEN = path.join(CWD, 'broken.json');
export const SKIPPED = path.join(CWD, 'package.json');

export const TYPE_STRING = "'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31'";

/** BOM, CRLF, and characters outside ASCII (é is one UTF-16 unit, 🌍 two) before the flagged text. */
export function mainText(linesAbove = ''): string {
  return (
    '\uFEFF' +
    linesAbove +
    "param location string = 'westeurope'\r\n" +
    '// région Zürich 🌍\r\n' +
    `resource id ${TYPE_STRING} = {\r\n` +
    "  name: 'é🌍x'\r\n" +
    '}\r\n'
  );
}

export const OTHER_TEXT = '{\n  "type": "Microsoft.ManagedIdentity/userAssignedIdentities"\n}\n';

export function finding(file: SourceFile, ruleId: string, severity: Severity, flagged: string, extra: Partial<Finding> = {}): Finding {
  const start = file.text.indexOf(flagged);
  if (start < 0) throw new Error(`'${flagged}' is not in ${file.path}`);
  return {
    ruleId,
    severity,
    message: `${ruleId} message`,
    file: file.path,
    range: { start, end: start + flagged.length },
    parameterFile: null,
    related: [],
    fixes: [],
    ...extra,
  };
}

/**
 * Three findings over two files, given out of order:
 * - main.bicep line 3, columns 13–74: the type string;
 * - main.bicep line 4, columns 9–15: `'é🌍x'` (after "  name: "), related to the 🌍 of line 2 at column 18;
 * - other.json line 2, columns 11–61: the "type" value.
 */
export function sampleResult(main = new SourceFile(MAIN, mainText())): AuditResult {
  const other = new SourceFile(OTHER, OTHER_TEXT);
  const emoji = main.text.indexOf('🌍');
  return {
    files: [main, other],
    skipped: [SKIPPED],
    findings: [
      finding(other, 'isolation-scope-missing', 'info', '"Microsoft.ManagedIdentity/userAssignedIdentities"'),
      finding(main, 'identity-cross-region', 'warning', "'é🌍x'", {
        parameterFile: PARAMS,
        related: [{ file: MAIN, range: { start: emoji, end: emoji + 2 }, message: 'The region comes from here.' }],
      }),
      finding(main, 'isolation-scope-missing', 'error', TYPE_STRING),
    ],
    problems: [{ file: BROKEN, message: 'Not valid JSON: unexpected end of file.' }],
  };
}
