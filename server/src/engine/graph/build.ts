import { identityApiVersionFacts, isIdentityType } from '../data/identity-api-versions';
import { referenceSitesFor, type IdentityReferenceSite } from '../data/identity-references';
import { TemplateEvaluator, type ModuleHost } from '../eval/evaluator';
import { regionOf } from '../eval/regions';
import type { ResourceInstance, Value } from '../eval/value';
import { objectGet } from '../eval/value';
import { propertyNamed, type Expression } from '../model/expression';
import type { Range } from '../model/range';
import type { SourceFile } from '../model/source-file';
import type { ResourceDeclaration, Template } from '../model/template';
import { isolationScopeOf } from './isolation-scope';
import type { Assignment, IdentityNode, ResourceGraph } from './model';
import { displayName } from './names';
import { IdentityResolver } from './resolve-identity';

export interface GraphOptions {
  /** Parameter values from a parameter file; the template's defaults otherwise. */
  readonly parameterValues?: ReadonlyMap<string, Value>;
  /** Loads Bicep modules so that identities and sources are followed across files. */
  readonly modules?: ModuleHost;
  /** Declared identities elsewhere in the workspace, for `existing` ones (by lower-case name). */
  readonly existingIdentities?: ExistingIdentityIndex;
}

/** What the workspace knows of a declared identity, so that an `existing` reference to it can be judged. */
export interface ExistingIdentityIndex {
  lookup(name: string): Pick<IdentityNode, 'region' | 'scope' | 'apiFacts'> | undefined;
}

/** Builds the identities and their assignments of one template file (nested ARM deployments included). */
export function buildGraph(file: SourceFile, template: Template, options: GraphOptions = {}): ResourceGraph {
  const root = new TemplateEvaluator({ file: file.path, source: file, template, scopeKey: file.path, parameterValues: options.parameterValues, modules: options.modules });
  const evaluators = allEvaluators(root, options.modules);
  const identities: IdentityNode[] = [];
  const sources: { evaluator: TemplateEvaluator; declaration: ResourceDeclaration }[] = [];
  for (const evaluator of evaluators) {
    for (const declaration of evaluator.template.declarations) {
      if (declaration.kind !== 'resource') continue;
      if (isIdentityType(declaration.type)) identities.push(...identityNodes(evaluator, declaration, options.existingIdentities));
      else if (!declaration.existing && mentionsIdentity(evaluator, declaration)) sources.push({ evaluator, declaration });
    }
  }
  const resolver = new IdentityResolver(identities);
  const assignments: Assignment[] = [];
  for (const { evaluator, declaration } of sources) {
    for (const { instance } of evaluator.instancesOf(declaration)) assignments.push(...assignmentsOf(evaluator, instance, resolver));
  }
  const byIdentity = new Map<string, Assignment[]>();
  for (const assignment of assignments) {
    if (!assignment.identity) continue;
    const key = assignment.identity.instance.key;
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), assignment]);
  }
  return { identities, assignments, evaluators, assignmentsOf: (identity) => byIdentity.get(identity.instance.key) ?? [] };
}

/** A cheap text check that keeps the evaluator away from resources that cannot carry an identity. */
function mentionsIdentity(evaluator: TemplateEvaluator, declaration: ResourceDeclaration): boolean {
  return evaluator.source === undefined || /identit/i.test(evaluator.source.text.slice(declaration.range.start, declaration.range.end));
}

/** The template's evaluator, its ARM nested deployments' and its modules', all the way down. */
function allEvaluators(root: TemplateEvaluator, modules: ModuleHost | undefined): TemplateEvaluator[] {
  const result: TemplateEvaluator[] = [];
  const visit = (evaluator: TemplateEvaluator) => {
    result.push(evaluator);
    for (const nested of nestedEvaluators(evaluator)) visit(nested);
    for (const linked of linkedTemplateEvaluators(evaluator, modules)) visit(linked);
    for (const child of evaluator.childEvaluators()) visit(child);
  };
  visit(root);
  return result;
}

function nestedEvaluators(outer: TemplateEvaluator): TemplateEvaluator[] {
  const result: TemplateEvaluator[] = [];
  for (const nested of outer.template.nested) {
    const body = nested.deployment.body;
    const targetsOtherScope = body?.properties.some(
      (member) => member.kind === 'property' && typeof member.key === 'string' && /^(resourceGroup|subscriptionId|scope)$/i.test(member.key),
    );
    const scopeKey = targetsOtherScope ? `${outer.scopeKey}>${nested.deployment.range.start}` : outer.scopeKey;
    // The nested template is text of the same file: the same cheap identity check applies to it.
    const common = { file: outer.file, source: outer.source, template: nested.template, scopeKey };
    const inner =
      nested.scope === 'inner'
        ? new TemplateEvaluator({ ...common, parameterValues: outer.evaluateParameterObject(nested.parameterValues) })
        : new TemplateEvaluator({ ...common, outer });
    result.push(inner);
  }
  return result;
}

/** ARM deployments whose template is a workspace file (`templateLink.relativePath`): always inner scope. */
function linkedTemplateEvaluators(outer: TemplateEvaluator, modules: ModuleHost | undefined): TemplateEvaluator[] {
  if (!modules || outer.template.language !== 'arm') return [];
  const result: TemplateEvaluator[] = [];
  for (const declaration of outer.template.declarations) {
    if (declaration.kind !== 'resource' || declaration.type.toLowerCase() !== 'microsoft.resources/deployments' || !declaration.body) continue;
    const properties = propertyNamed(declaration.body, 'properties')?.value;
    const link = properties?.kind === 'object' ? propertyNamed(properties, 'templateLink')?.value : undefined;
    const relativePath = link?.kind === 'object' ? propertyNamed(link, 'relativePath')?.value : undefined;
    if (relativePath?.kind !== 'string') continue;
    // Followed, refused and noted exactly as a Bicep module is (outside the workspace, a cycle, too deep).
    const label = `the templateLink of deployment '${declaration.name}'`;
    const loaded = outer.followLink({ declaration, noun: 'linked template', label, path: relativePath.value, pathRange: relativePath.range });
    if ('reason' in loaded) continue;
    const parameters = properties?.kind === 'object' ? propertyNamed(properties, 'parameters')?.value : undefined;
    result.push(
      new TemplateEvaluator({
        file: loaded.file.path,
        source: loaded.file,
        template: loaded.template,
        scopeKey: outer.scopeKey,
        parameterValues: outer.evaluateParameterObject(parameters?.kind === 'object' ? parameters : undefined),
        modules,
        callStack: [...outer.callStack, loaded.file.path],
      }),
    );
  }
  return result;
}

function identityNodes(evaluator: TemplateEvaluator, declaration: ResourceDeclaration, existing: ExistingIdentityIndex | undefined): IdentityNode[] {
  return evaluator.instancesOf(declaration).map(({ instance }): IdentityNode => {
    const name = evaluator.resourceProperty(instance, ['name']);
    const conditional = evaluator.conditional || evaluator.isConditional(declaration.condition, evaluator.bindingsOf(instance));
    const common = { instance, declaration, evaluator, file: evaluator.file, name, displayName: displayName(evaluator, instance), conditional };
    if (!declaration.existing) {
      return {
        ...common,
        region: regionOf(evaluator.resourceProperty(instance, ['location'])),
        locationRange: evaluator.resourcePropertySyntax(declaration, ['location'])?.range,
        scope: isolationScopeOf(evaluator, instance),
        apiFacts: declaration.apiVersion ? identityApiVersionFacts(declaration.apiVersion) : undefined,
      };
    }
    // An existing identity takes what its one declaration in the workspace says; otherwise it is undecided.
    const declared = name.t === 'string' ? existing?.lookup(name.value) : undefined;
    if (declared) return { ...common, region: declared.region, locationRange: undefined, scope: declared.scope, apiFacts: declared.apiFacts };
    return {
      ...common,
      region: { kind: 'undecided', reason: `'${declaration.name}' is an existing identity declared elsewhere` },
      locationRange: undefined,
      scope: { state: 'undecided', reason: 'an existing identity is configured where it is declared', range: undefined },
      apiFacts: undefined,
    };
  });
}

function assignmentsOf(evaluator: TemplateEvaluator, instance: ResourceInstance, resolver: IdentityResolver): Assignment[] {
  const declaration = instance.declaration;
  const location = evaluator.resourceProperty(instance, ['location']);
  const sourceConditional = evaluator.conditional || evaluator.isConditional(declaration.condition, evaluator.bindingsOf(instance));
  const base = {
    source: instance,
    sourceName: displayName(evaluator, instance),
    sourceRegion: regionOf(location.t === 'null' ? undefined : location),
    sourceLocationRange: evaluator.resourcePropertySyntax(declaration, ['location'])?.range,
  };
  const assignments: Assignment[] = [];
  const add = (key: Value, file: string, range: Range, via: string, crossRegionAllowed: boolean, prefix?: string, valueConditional = false) => {
    const resolved = resolver.resolve(key, prefix);
    if (resolved.kind === 'not-an-identity') return;
    const targets = resolved.kind === 'resolved' ? resolved.identities : [undefined];
    for (const identity of targets) {
      const conditional = sourceConditional || valueConditional || (identity?.conditional ?? false);
      assignments.push({ ...base, identity, unresolvedReason: resolved.kind === 'unresolved' ? resolved.reason : undefined, referenceFile: file, referenceRange: range, via, crossRegionAllowed, conditional });
    }
  };

  const identity = evaluator.resourceProperty(instance, ['identity']);
  if (identity.t === 'object' && declaresUserAssigned(identity)) {
    const set = objectGet(identity, 'userAssignedIdentities');
    const setSyntax = evaluator.resourcePropertySyntax(declaration, ['identity', 'userAssignedIdentities']);
    if (set?.t === 'object') {
      for (const entry of set.entries) {
        const where = referenceSite(entry.key) ?? { file: entry.keyFile ?? evaluator.file, range: entry.keyRange ?? setSyntax?.range ?? declaration.typeRange };
        add(entry.key, where.file, where.range, 'identity.userAssignedIdentities', false, undefined, identity.conditional === true);
      }
    } else if (set && set.t !== 'null') {
      add(set.t === 'unknown' ? set : { t: 'unknown', reason: 'the identity set is computed' }, evaluator.file, setSyntax?.range ?? declaration.typeRange, 'identity.userAssignedIdentities', false);
    }
  }
  for (const site of referenceSitesFor(declaration.type)) {
    for (const found of valuesAtPath(evaluator, instance, site)) {
      const where = referenceSite(found.value) ?? { file: evaluator.file, range: found.range };
      add(found.value, where.file, where.range, site.description, site.crossRegionAllowed ?? false, site.valuePrefix);
    }
  }
  return assignments;
}

/** An id that reached the source through module parameters is reported where the caller wrote it. */
function referenceSite(value: Value): { file: string; range: Range } | undefined {
  return value.t === 'resource-id' && value.passedIntoModule && value.site ? value.site : undefined;
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
