import type { Finding } from './model/finding';
import type { SourceFile } from './model/source-file';

/**
 * Suppression directives, the ones Bicep's own linter understands:
 * - `#disable-next-line <rule> [<rule>…]` silences the rules on the next line;
 * - `#disable-diagnostics <rule>…` silences them until `#restore-diagnostics <rule>…` or the end
 *   of the file (at the top of a file: the whole file).
 * ARM JSON has no directives, so there the same words go in a `//` comment:
 * `// #disable-next-line identity-cross-region`.
 */
export interface Directive {
  readonly kind: 'next-line' | 'disable' | 'restore';
  /** 0-based line of the directive. */
  readonly line: number;
  readonly rules: readonly string[];
  /** Offsets of the directive text, for reports about it. */
  readonly start: number;
  readonly end: number;
}

const BICEP_DIRECTIVE = /^(\s*)#(disable-next-line|disable-diagnostics|restore-diagnostics)\s+(.+)$/;
const JSON_DIRECTIVE = /^(\s*)\/\/\s*#(disable-next-line|disable-diagnostics|restore-diagnostics)\s+(.+)$/;
const KINDS: Record<string, Directive['kind']> = { 'disable-next-line': 'next-line', 'disable-diagnostics': 'disable', 'restore-diagnostics': 'restore' };

const cache = new WeakMap<SourceFile, readonly Directive[]>();

export function isJsonFile(file: SourceFile): boolean {
  return /\.jsonc?$/i.test(file.path);
}

/** The directives of a file, in line order. */
export function directives(file: SourceFile): readonly Directive[] {
  const cached = cache.get(file);
  if (cached) return cached;
  const pattern = isJsonFile(file) ? JSON_DIRECTIVE : BICEP_DIRECTIVE;
  const found: Directive[] = [];
  // Directives are rare: look only at lines that can hold one.
  for (let at = file.text.indexOf('#'); at !== -1; at = file.text.indexOf('#', at + 1)) {
    const line = file.lines.positionAt(at).line;
    if (found.at(-1)?.line === line) continue;
    const text = file.lines.lineText(line);
    const match = pattern.exec(text);
    if (!match?.[2] || !match[3]) continue;
    const codes = match[3].split(/\/\/|\/\*/)[0] ?? '';
    const start = file.lines.lineStart(line) + (match[1]?.length ?? 0);
    found.push({ kind: KINDS[match[2]] ?? 'next-line', line, rules: codes.split(/\s+/).filter(Boolean), start, end: file.lines.lineEnd(line) });
  }
  cache.set(file, found);
  return found;
}

/** The directive that silences a finding, if any. */
export function suppressingDirective(finding: Finding, file: SourceFile | undefined): Directive | undefined {
  if (!file) return undefined;
  const line = file.lines.positionAt(finding.range.start).line;
  let region: Directive | undefined;
  for (const directive of directives(file)) {
    if (directive.line >= line) break;
    if (!directive.rules.includes(finding.ruleId)) continue;
    if (directive.kind === 'next-line' && directive.line === line - 1) return directive;
    if (directive.kind === 'disable') region = directive;
    if (directive.kind === 'restore') region = undefined;
  }
  return region;
}

export function isSuppressed(finding: Finding, file: SourceFile | undefined): boolean {
  return suppressingDirective(finding, file) !== undefined;
}

/** The rules a `#disable-next-line` on the line above `line` names (for the editor's code actions). */
export function suppressedRules(file: SourceFile, line: number): ReadonlySet<string> {
  const directive = directives(file).find((d) => d.kind === 'next-line' && d.line === line - 1);
  return new Set(directive?.rules ?? []);
}
