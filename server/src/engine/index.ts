// The engine's public surface: the CLI, the language server and the tests use only this.
export { analyzeTemplate, type Analysis, type AnalyzeOptions, type RuleSeverities } from './analyze';
export { analyzeText, type TextAnalysis } from './analyze-text';
export { analysePaths, auditPaths, loadTemplates, type AnalysedTemplate, type AuditOptions, type AuditResult } from './audit';
export { applyEdits, unifiedDiff } from './fixes/apply-edits';
export { describeGraph, type GraphDescription } from './graph/describe';
export type { Assignment, IdentityNode, ResourceGraph } from './graph/model';
export { compareRegions, describeRegion, type Region } from './eval/regions';
export type { FileProblem, Finding, Fix, RelatedLocation, Severity, TextEdit } from './model/finding';
export type { Position, Range } from './model/range';
export type { RuleMetadata } from './model/rule-metadata';
export { SourceFile } from './model/source-file';
export { initParsers, parseSourceFile, templateFileKind } from './parse';
export { RULES, ruleById } from './rules';
export { docsUrlFor, PROJECT_URL } from './rules/rule';
export { suppressedRules } from './suppression';
export { LineIndex } from './text/line-index';
export { discoverFiles } from './workspace/discover';
