import type { ResourceGraph } from '../graph/model';
import type { Finding, Fix, RelatedLocation, Severity } from '../model/finding';
import type { Range } from '../model/range';
import type { RuleMetadata } from '../model/rule-metadata';
import type { SourceFile } from '../model/source-file';

/** The project's home; rule documentation links are derived from it, never typed by hand. */
export const PROJECT_URL = 'https://github.com/identity-isolation/bicep-identity-isolation';
export const DOCS_BASE_URL = `${PROJECT_URL}/blob/main/docs/rules/`;

export function docsUrlFor(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

export interface RuleContext {
  readonly graph: ResourceGraph;
  readonly file: (path: string) => SourceFile | undefined;
  /** The parameter file the graph was evaluated with; null for the template's defaults. */
  readonly parameterFile: string | null;
  /** The template analysed (its modules' files are reached through the graph). */
  readonly root: string;
  /** What the rules before this one found, before suppression: for rules about the findings themselves. */
  readonly findings: readonly Finding[];
  /** The ids of every rule of this tool. */
  readonly ruleIds: ReadonlySet<string>;
}

/** What a rule reports; the engine adds the rule id, the severity and the parameter file. */
export interface RuleReport {
  readonly message: string;
  readonly file: string;
  readonly range: Range;
  /** A rule may decide the severity per finding (identity-cross-region does). */
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}

/** A rule is data plus one function over the resource graph. */
export interface Rule extends RuleMetadata {
  readonly check: (context: RuleContext) => RuleReport[];
}

export function defineRule(rule: Omit<Rule, 'docsUrl'>): Rule {
  return { ...rule, docsUrl: docsUrlFor(rule.id) };
}

/** Fills `{name}` placeholders in a message. */
export function message(template: string, data: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => data[key] ?? whole);
}
