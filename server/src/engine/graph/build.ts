import { identityApiVersionFacts, isIdentityType } from '../data/identity-api-versions';
import { referenceSitesFor, type IdentityReferenceSite } from '../data/identity-references';
import { TemplateEvaluator } from '../eval/evaluator';
import { regionOf } from '../eval/regions';
import type { ResourceInstance, Value } from '../eval/value';
import { objectGet } from '../eval/value';
import type { Expression } from '../model/expression';
import type { Range } from '../model/range';
import type { SourceFile } from '../model/source-file';
import type { ResourceDeclaration, Template } from '../model/template';
import { isolationScopeOf } from './isolation-scope';
import type { Assignment, IdentityNode, ResourceGraph } from './model';
import { displayName } from './names';
import { resolveIdentityReference } from './resolve-identity';

export interface GraphOptions {
  /** Parameter values from a parameter file; the template's defaults otherwise. */
  readonly parameterValues?: ReadonlyMap<string, Value>;
}

/** Builds the identities and their assignments of one template file (nested ARM deployments included). */
export function buildGraph(file: SourceFile, template: Template, options: GraphOptions = {}): ResourceGraph {
  const root = new TemplateEvaluator({ file: file.path, template, scopeKey: file.path, parameterValues: options.parameterValues });
  const evaluators = [root, ...nestedEvaluators(root)];
  const identities: IdentityNode[] = [];
  const sources: { evaluator: TemplateEvaluator; declaration: ResourceDeclaration }[] = [];
  for (const evaluator of evaluators) {
    for (const declaration of evaluator.template.declarations) {
      if (declaration.kind !== 'resource') continue;
      if (isIdentityType(declaration.type)) identities.push(...identityNodes(evaluator, declaration));
      else if (!declaration.existing && mentionsIdentity(file, declaration)) sources.push({ evaluator, declaration });
    }
  }
  const assignments: Assignment[] = [];
  for (const { evaluator, declaration } of sources) {
    for (const { instance } of evaluator.instancesOf(declaration)) assignments.push(...assignmentsOf(evaluator, instance, identities));
  }
  return { identities, assignments, evaluators };
}

/** A cheap text check that keeps the evaluator away from resources that cannot carry an identity. */
function mentionsIdentity(file: SourceFile, declaration: ResourceDeclaration): boolean {
  return /identit/i.test(file.text.slice(declaration.range.start, declaration.range.end));
}

function nestedEvaluators(outer: TemplateEvaluator): TemplateEvaluator[] {
  const result: TemplateEvaluator[] = [];
  for (const nested of outer.template.nested) {
    const body = nested.deployment.body;
    const targetsOtherScope = body?.properties.some(
      (member) => member.kind === 'property' && typeof member.key === 'string' && /^(resourceGroup|subscriptionId|scope)$/i.test(member.key),
    );
    const scopeKey = targetsOtherScope ? `${outer.scopeKey}>${nested.deployment.range.start}` : outer.scopeKey;
    const inner =
      nested.scope === 'inner'
        ? new TemplateEvaluator({ file: outer.file, template: nested.template, scopeKey, parameterValues: outer.evaluateParameterObject(nested.parameterValues) })
        : new TemplateEvaluator({ file: outer.file, template: nested.template, scopeKey, outer });
    result.push(inner, ...nestedEvaluators(inner));
  }
  return result;
}

function identityNodes(evaluator: TemplateEvaluator, declaration: ResourceDeclaration): IdentityNode[] {
  return evaluator.instancesOf(declaration).map(({ instance }) => ({
    instance,
    declaration,
    evaluator,
    file: evaluator.file,
    name: evaluator.resourceProperty(instance, ['name']),
    displayName: displayName(evaluator, instance),
    region: declaration.existing
      ? { kind: 'undecided', reason: `'${declaration.name}' is an existing identity declared elsewhere` }
      : regionOf(evaluator.resourceProperty(instance, ['location'])),
    locationRange: evaluator.resourcePropertySyntax(declaration, ['location'])?.range,
    scope: declaration.existing ? { state: 'undecided', reason: 'an existing identity is configured where it is declared', range: undefined } : isolationScopeOf(evaluator, instance),
    apiFacts: declaration.apiVersion ? identityApiVersionFacts(declaration.apiVersion) : undefined,
  }));
}

function assignmentsOf(evaluator: TemplateEvaluator, instance: ResourceInstance, identities: readonly IdentityNode[]): Assignment[] {
  const declaration = instance.declaration;
  const location = evaluator.resourceProperty(instance, ['location']);
  const base = {
    source: instance,
    sourceName: displayName(evaluator, instance),
    sourceRegion: regionOf(location.t === 'null' ? undefined : location),
    sourceLocationRange: evaluator.resourcePropertySyntax(declaration, ['location'])?.range,
  };
  const assignments: Assignment[] = [];
  const add = (key: Value, file: string, range: Range, via: string, crossRegionAllowed: boolean, prefix?: string) => {
    const resolved = resolveIdentityReference(key, identities, prefix);
    if (resolved.kind === 'not-an-identity') return;
    const targets = resolved.kind === 'resolved' ? resolved.identities : [undefined];
    for (const identity of targets) {
      assignments.push({ ...base, identity, unresolvedReason: resolved.kind === 'unresolved' ? resolved.reason : undefined, referenceFile: file, referenceRange: range, via, crossRegionAllowed });
    }
  };

  const identity = evaluator.resourceProperty(instance, ['identity']);
  if (identity.t === 'object' && declaresUserAssigned(identity)) {
    const set = objectGet(identity, 'userAssignedIdentities');
    const setSyntax = evaluator.resourcePropertySyntax(declaration, ['identity', 'userAssignedIdentities']);
    if (set?.t === 'object') {
      for (const entry of set.entries) {
        add(entry.key, entry.keyFile ?? evaluator.file, entry.keyRange ?? setSyntax?.range ?? declaration.typeRange, 'identity.userAssignedIdentities', false);
      }
    } else if (set && set.t !== 'null') {
      add(set.t === 'unknown' ? set : { t: 'unknown', reason: 'the identity set is computed' }, evaluator.file, setSyntax?.range ?? declaration.typeRange, 'identity.userAssignedIdentities', false);
    }
  }
  for (const site of referenceSitesFor(declaration.type)) {
    for (const found of valuesAtPath(evaluator, instance, site)) add(found.value, evaluator.file, found.range, site.description, site.crossRegionAllowed ?? false, site.valuePrefix);
  }
  return assignments;
}

function declaresUserAssigned(identity: Value & { t: 'object' }): boolean {
  const type = objectGet(identity, 'type');
  if (type?.t === 'string') return type.value.replace(/\s+/g, '').toLowerCase().split(',').includes('userassigned');
  return objectGet(identity, 'userAssignedIdentities') !== undefined;
}

/** Values at a reference site's path, with the syntax range of each when it is written literally. */
function valuesAtPath(evaluator: TemplateEvaluator, instance: ResourceInstance, site: IdentityReferenceSite): { value: Value; range: Range }[] {
  const arrayAt = site.path.indexOf('[]');
  const head = arrayAt < 0 ? site.path : site.path.slice(0, arrayAt);
  const headValue = evaluator.resourceProperty(instance, head);
  const headSyntax = evaluator.resourcePropertySyntax(instance.declaration, head);
  const fallback = headSyntax?.range ?? instance.declaration.typeRange;
  if (arrayAt < 0) return headValue.t === 'null' ? [] : [{ value: headValue, range: fallback }];
  if (headValue.t !== 'array') return [];
  const tail = site.path.slice(arrayAt + 1);
  const itemSyntax = headSyntax?.kind === 'array' ? headSyntax.items : [];
  const results: { value: Value; range: Range }[] = [];
  headValue.items.forEach((item, i) => {
    let value: Value | undefined = item;
    for (const segment of tail) value = value?.t === 'object' ? objectGet(value, segment) : undefined;
    if (!value || value.t === 'null') return;
    results.push({ value, range: syntaxAt(itemSyntax[i], tail) ?? fallback });
  });
  return results;
}

function syntaxAt(expression: Expression | undefined, path: readonly string[]): Range | undefined {
  let current = expression;
  for (const segment of path) {
    if (current?.kind !== 'object') return undefined;
    const property = current.properties.find((member) => member.kind === 'property' && typeof member.key === 'string' && member.key.toLowerCase() === segment.toLowerCase());
    current = property?.kind === 'property' ? property.value : undefined;
  }
  return current?.range;
}
