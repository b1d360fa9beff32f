import type { ExistingIdentityIndex } from './build';
import type { IdentityNode, ResourceGraph } from './model';

/**
 * What an `existing` identity elsewhere needs of a declared one: plain data, so that the index can
 * be built from analyses made in other threads.
 */
export interface DeclaredIdentity {
  /** The declaration's place (file and range): the same declaration reached from several templates counts once. */
  readonly declarationKey: string;
  /** The evaluated name, lower-case. */
  readonly name: string;
  readonly facts: Pick<IdentityNode, 'region' | 'scope' | 'apiFacts'>;
}

/** The identities a graph declares (not `existing` ones) whose name is known. */
export function declaredIdentities(graph: ResourceGraph): DeclaredIdentity[] {
  const declared: DeclaredIdentity[] = [];
  for (const identity of graph.identities) {
    if (identity.declaration.existing || identity.name.t !== 'string') continue;
    const { range } = identity.declaration;
    declared.push({
      declarationKey: `${identity.file}|${range.start}|${range.end}`,
      name: identity.name.value.toLowerCase(),
      facts: { region: identity.region, scope: identity.scope, apiFacts: identity.apiFacts },
    });
  }
  return declared;
}

/** Declared identities by lower-case name; a name declared twice is ambiguous and resolves nothing. The first analysis of a declaration wins. */
export function existingIdentityIndex(declared: Iterable<DeclaredIdentity>): ExistingIdentityIndex {
  // Keyed by declaration, so that many same-named identities stay linear.
  const byName = new Map<string, Map<string, DeclaredIdentity>>();
  for (const identity of declared) {
    const declarations = byName.get(identity.name) ?? new Map<string, DeclaredIdentity>();
    if (!declarations.has(identity.declarationKey)) declarations.set(identity.declarationKey, identity);
    byName.set(identity.name, declarations);
  }
  return {
    lookup(name: string) {
      const matches = byName.get(name.toLowerCase());
      return matches?.size === 1 ? matches.values().next().value?.facts : undefined;
    },
  };
}
