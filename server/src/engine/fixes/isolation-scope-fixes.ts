import { FIRST_ISOLATION_SCOPE_VERSION, identityApiVersionFacts, newestGaIsolationVersion } from '../data/identity-api-versions';
import { compareRegions, describeRegion } from '../eval/regions';
import type { Assignment, IdentityNode, ResourceGraph } from '../graph/model';
import { propertyNamed } from '../model/expression';
import type { Fix, TextEdit } from '../model/finding';
import type { SourceFile } from '../model/source-file';
import type { SyntaxProblem, Template } from '../model/template';
import { insertProperty, type NewProperty } from './insert-property';
import { lineOf } from './layout';

const REGIONAL = 'Regional';
const BCP073_REASON = "// Bicep's type data marks properties read-only on this API version; Azure applies isolationScope from 2024-11-30.";

/** Assignments that a Regional scope would break, or that nobody can tell it would not. */
export function assignmentsAtRisk(graph: ResourceGraph, identity: IdentityNode): Assignment[] {
  return graph.assignmentsOf(identity).filter((assignment) => !assignment.crossRegionAllowed && compareRegions(identity.region, assignment.sourceRegion) !== 'same');
}

/** The version an API-version fix moves to: ARM keeps the oldest with the property, Bicep the newest GA one. */
function targetVersion(identity: IdentityNode): string {
  return identity.evaluator.template.language === 'arm' ? FIRST_ISOLATION_SCOPE_VERSION : newestGaIsolationVersion();
}

function apiVersionEdit(identity: IdentityNode, version: string): TextEdit | undefined {
  const range = identity.declaration.apiVersionRange;
  if (!range) return undefined;
  const json = identity.evaluator.template.language === 'arm';
  return { range, newText: json ? JSON.stringify(version) : version };
}

function needsVersionMove(identity: IdentityNode): boolean {
  return identity.apiFacts !== undefined && !identity.apiFacts.hasIsolationScope;
}

function safety(graph: ResourceGraph, identity: IdentityNode): { safe: boolean; suffix: string } {
  const risky = assignmentsAtRisk(graph, identity);
  if (risky.length === 0) return { safe: true, suffix: '' };
  const names = risky.map((assignment) => `'${assignment.sourceName}' in ${describeRegion(assignment.sourceRegion)}`);
  const unique = [...new Set(names)];
  const verb = risky.some((assignment) => compareRegions(identity.region, assignment.sourceRegion) === 'different') ? 'breaks' : 'may break';
  return { safe: false, suffix: ` (${verb} the assignment to ${unique.join(', ')})` };
}

/** Bicep warns BCP073 where its type data marks `properties` read-only: the fix says why it is fine. */
function bicepReadOnlyDirective(identity: IdentityNode, version: string): readonly string[] {
  if (identity.evaluator.template.language === 'arm') return [];
  return identityApiVersionFacts(version).propertiesReadOnlyInBicep ? [BCP073_REASON, '#disable-next-line BCP073'] : [];
}

/**
 * No fix is offered for a declaration with a syntax problem in it (as while typing): where its text
 * ends, or what a half-written property takes as its value, is a guess, and an edit placed by a
 * guess can break the template further or miss its finding. The finding itself stays.
 */
function isFixable(identity: IdentityNode): boolean {
  const { start, end } = identity.declaration.range;
  return !syntaxProblemsOf(identity.evaluator.template).some((problem) => problem.range.end >= start && problem.range.start <= end);
}

/**
 * A template's syntax problems, gathered once per template: by the time fixes are made, every
 * identity's declaration has been read, so its problems are among them. Gathering them per identity
 * made fixes quadratic in a large file (2.6 s of 7.7 s while typing in 20,000 lines).
 */
const problemsByTemplate = new WeakMap<Template, readonly SyntaxProblem[]>();

function syntaxProblemsOf(template: Template): readonly SyntaxProblem[] {
  let problems = problemsByTemplate.get(template);
  if (!problems) {
    problems = template.problemsSoFar?.() ?? template.problems;
    problemsByTemplate.set(template, problems);
  }
  return problems;
}

/** Adds isolationScope: 'Regional' (creating or filling `properties`), moving the API version when it lacks the property. */
export function addRegionalScopeFix(graph: ResourceGraph, identity: IdentityNode, file: SourceFile): Fix | undefined {
  if (!isFixable(identity)) return undefined;
  const body = identity.declaration.body;
  if (!body || body.properties.some((member) => member.kind === 'spread')) return undefined;
  const language = identity.evaluator.template.language;
  const moveVersion = needsVersionMove(identity);
  const version = moveVersion ? targetVersion(identity) : (identity.declaration.apiVersion ?? targetVersion(identity));
  const directive = bicepReadOnlyDirective(identity, version);
  const edits: TextEdit[] = [];

  const properties = propertyNamed(body, 'properties');
  const scopeProperty: NewProperty = { key: 'isolationScope', value: REGIONAL };
  if (!properties) {
    edits.push(insertProperty(file, language, body, { key: 'properties', value: [scopeProperty], leadingLines: directive }));
  } else if (properties.value.kind === 'object' && !properties.value.properties.some((member) => member.kind === 'spread')) {
    edits.push(insertProperty(file, language, properties.value, scopeProperty));
    const directiveEdit = directiveAbove(file, properties.range.start, directive);
    if (directiveEdit) edits.push(directiveEdit);
  } else {
    return undefined;
  }
  if (moveVersion) {
    const edit = apiVersionEdit(identity, version);
    if (!edit) return undefined;
    edits.push(edit);
  }
  const { safe, suffix } = safety(graph, identity);
  const title = `Set isolationScope to 'Regional'${moveVersion ? ` and move the API version to ${version}` : ''}${suffix}`;
  return { title, file: file.path, edits, isPreferred: safe, safe };
}

/** Replaces a literal non-Regional value ('None', an invalid value) with 'Regional'. */
export function replaceScopeValueFix(graph: ResourceGraph, identity: IdentityNode, file: SourceFile): Fix | undefined {
  if (!isFixable(identity)) return undefined;
  if (identity.scope.state !== 'value' || !identity.scope.literal) return undefined;
  const json = identity.evaluator.template.language === 'arm';
  const edits: TextEdit[] = [{ range: identity.scope.range, newText: json ? JSON.stringify(REGIONAL) : `'${REGIONAL}'` }];
  const moveVersion = needsVersionMove(identity);
  const version = targetVersion(identity);
  if (moveVersion) {
    const edit = apiVersionEdit(identity, version);
    if (edit) edits.push(edit);
  }
  const { safe, suffix } = safety(graph, identity);
  const title = `Change isolationScope to 'Regional'${moveVersion ? ` and move the API version to ${version}` : ''}${suffix}`;
  return { title, file: file.path, edits, isPreferred: safe, safe };
}

/** Moves the API version to one that has isolationScope; when the value is Regional that makes it take effect. */
export function moveApiVersionFix(graph: ResourceGraph, identity: IdentityNode, file: SourceFile): Fix | undefined {
  if (!isFixable(identity)) return undefined;
  const version = targetVersion(identity);
  const edit = apiVersionEdit(identity, version);
  if (!edit) return undefined;
  const becomesRegional = identity.scope.state === 'value' && identity.scope.value.toLowerCase() === REGIONAL.toLowerCase();
  const { safe, suffix } = becomesRegional ? safety(graph, identity) : { safe: true, suffix: '' };
  return { title: `Move the API version to ${version}, which has isolationScope${suffix}`, file: file.path, edits: [edit], isPreferred: safe, safe };
}

function directiveAbove(file: SourceFile, offset: number, lines: readonly string[]): TextEdit | undefined {
  if (lines.length === 0) return undefined;
  const line = lineOf(file, offset);
  if (line > 0 && /#disable-next-line\b.*\bBCP073\b/.test(file.lines.lineText(line - 1))) return undefined;
  const start = file.lines.lineStart(line);
  const indent = /^[ \t]*/.exec(file.lines.lineText(line))?.[0] ?? '';
  if (file.text.slice(start, offset).trim() !== '') return undefined;
  return { range: { start, end: start }, newText: lines.map((text) => `${indent}${text}${file.eol}`).join('') };
}
