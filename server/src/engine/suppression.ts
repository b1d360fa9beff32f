import type { Finding } from './model/finding';
import type { SourceFile } from './model/source-file';

/**
 * `#disable-next-line <rule> [<rule>…]` on the line above a finding silences it: in Bicep the
 * directive Bicep's own linter uses; in ARM JSON the same words in a `//` comment, since JSON
 * has no directives (`// #disable-next-line identity-cross-region`).
 */
const BICEP_DIRECTIVE = /^\s*#disable-next-line\s+(.+)$/;
const JSON_DIRECTIVE = /^\s*\/\/\s*#disable-next-line\s+(.+)$/;

export function suppressedRules(file: SourceFile, line: number): ReadonlySet<string> {
  if (line === 0) return new Set();
  const text = file.lines.lineText(line - 1);
  const match = (file.path.toLowerCase().endsWith('.json') || file.path.toLowerCase().endsWith('.jsonc') ? JSON_DIRECTIVE : BICEP_DIRECTIVE).exec(text);
  if (!match?.[1]) return new Set();
  // Codes run until a comment starts.
  const codes = match[1].split(/\/\/|\/\*/)[0] ?? '';
  return new Set(codes.split(/\s+/).filter(Boolean));
}

export function isSuppressed(finding: Finding, file: SourceFile | undefined): boolean {
  if (!file) return false;
  const line = file.lines.positionAt(finding.range.start).line;
  return suppressedRules(file, line).has(finding.ruleId);
}
