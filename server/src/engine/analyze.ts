import type { Value } from './eval/value';
import type { ModuleHost } from './eval/evaluator';
import { buildGraph, type ExistingIdentityIndex } from './graph/build';
import type { ResourceGraph } from './graph/model';
import type { Finding, Severity } from './model/finding';
import type { SourceFile } from './model/source-file';
import type { Template } from './model/template';
import { RULES } from './rules';
import { isSuppressed } from './suppression';

export interface AnalyzeOptions {
  /** Parameter values from a parameter file; the template's defaults otherwise. */
  readonly parameterValues?: ReadonlyMap<string, Value>;
  /** Absolute path of that parameter file; null for the defaults. */
  readonly parameterFile?: string | null;
  /** Other files that findings and fixes may point into (modules, parameter files). */
  readonly files?: ReadonlyMap<string, SourceFile>;
  /** Per-rule severity from the configuration; 'off' silences a rule. */
  readonly severities?: RuleSeverities;
  /** Loads Bicep modules; without it modules are not followed. */
  readonly modules?: ModuleHost;
  /** Declared identities of the workspace, for `existing` identities. */
  readonly existingIdentities?: ExistingIdentityIndex;
}

export type RuleSeverities = Readonly<Record<string, Severity | 'off'>>;

export interface Analysis {
  readonly graph: ResourceGraph;
  readonly findings: Finding[];
}

const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((rule) => rule.id));

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Runs every rule over one template: the engine's one entry point for the CLI, the server and tests. */
export function analyzeTemplate(file: SourceFile, template: Template, options: AnalyzeOptions = {}): Analysis {
  const graph = buildGraph(file, template, options);
  const parameterFile = options.parameterFile ?? null;
  // Findings and fixes may point into module files: the evaluators that read them hold their text.
  const lookup = (path: string) =>
    path === file.path ? file : (options.files?.get(path) ?? graph.evaluators.find((evaluator) => evaluator.file === path)?.source);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const configured = options.severities?.[rule.id];
    if (configured === 'off') continue;
    for (const report of rule.check({ graph, file: lookup, parameterFile, root: file.path, findings, ruleIds: RULE_IDS })) {
      findings.push({
        ruleId: rule.id,
        // A configured severity replaces the rule's own choice, the error/warning split of identity-cross-region included.
        severity: configured ?? report.severity ?? rule.defaultSeverity,
        message: report.message,
        file: report.file,
        range: report.range,
        parameterFile,
        related: report.related ?? [],
        fixes: report.fixes ?? [],
      });
    }
  }
  return { graph, findings: deduplicate(findings).filter((finding) => !isSuppressed(finding, lookup(finding.file))) };
}

/** One finding per (rule, range, parameter file): loop copies and repeated references collapse, the most severe wins. */
export function deduplicate(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const finding of findings) {
    const key = `${finding.ruleId}|${finding.file}|${finding.range.start}|${finding.range.end}|${finding.parameterFile ?? ''}`;
    const existing = byKey.get(key);
    if (!existing || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[existing.severity]) byKey.set(key, finding);
  }
  return [...byKey.values()].sort((a, b) => a.file.localeCompare(b.file) || a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
}
