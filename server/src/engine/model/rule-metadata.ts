import type { Severity } from './finding';

/** What reports say about a rule: the CLI's SARIF driver and the editor's links use it. */
export interface RuleMetadata {
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: Severity;
  readonly docsUrl: string;
}
