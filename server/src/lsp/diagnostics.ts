import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import { docsUrlFor, type Finding, type Severity } from '../engine';
import type { TextOutcome } from './document-analysis';
import type { FileLocator } from './file-texts';
import { PRODUCT_NAME, type DiagnosticData } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const FILE_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * A finding as an LSP diagnostic. No DiagnosticTag applies: none of the rules reports unused
 * (`Unnecessary`) or deprecated code, and a tag would make editors fade or strike the text.
 * `data` carries the version the diagnostic was computed for, so that a code action asked for
 * with diagnostics of an older version can be refused.
 */
export function toDiagnostic(finding: Finding, locator: FileLocator, version: number | null): Diagnostic {
  const data: DiagnosticData = { version };
  return {
    range: locator.positions(finding.file)?.range(finding.range) ?? FILE_START,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUrlFor(finding.ruleId) },
    source: PRODUCT_NAME,
    message: finding.message,
    relatedInformation: finding.related.map(
      (related): DiagnosticRelatedInformation => ({
        location: { uri: locator.uri(related.file), range: locator.positions(related.file)?.range(related.range) ?? FILE_START },
        message: related.message,
      }),
    ),
    data,
  };
}

/**
 * Why a document shows no findings when the engine rejects its template (too deeply nested, not a
 * template it can read: the per-file problem the CLI lists): one diagnostic at the top of the file.
 * Documents left alone on purpose (not a template, excluded, a generated copy) get none, for them
 * nothing is wrong; nor does an engine failure, which is the server's fault and is logged.
 */
export function notAnalysedDiagnostic(outcome: TextOutcome, version: number | null): Diagnostic | undefined {
  if (outcome.kind !== 'quiet' || outcome.reason !== 'invalid' || outcome.message === undefined) return undefined;
  const data: DiagnosticData = { version };
  const why = outcome.message.charAt(0).toLowerCase() + outcome.message.slice(1);
  return { range: FILE_START, severity: DiagnosticSeverity.Warning, source: PRODUCT_NAME, message: `The file is not analysed: ${why}`, data };
}

/** Every file a finding's diagnostic and fixes point into: what a locator must know. */
export function filesOf(findings: readonly Finding[]): string[] {
  const files = new Set<string>();
  for (const finding of findings) {
    files.add(finding.file);
    for (const related of finding.related) files.add(related.file);
    for (const fix of finding.fixes) files.add(fix.file);
  }
  return [...files];
}

/** The version a diagnostic sent back by the client was computed for; undefined when it is not ours or carries none. */
export function diagnosticVersion(diagnostic: Diagnostic): number | null | undefined {
  if (diagnostic.source !== PRODUCT_NAME) return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return typeof data?.version === 'number' || data?.version === null ? data.version : undefined;
}
