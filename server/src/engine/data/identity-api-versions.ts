import identityTypes from './identity-types.json';

/**
 * What each API version of Microsoft.ManagedIdentity/userAssignedIdentities says about
 * isolationScope, read from identity-types.json (the @azure/bicep-types format, so that a fuller
 * type index can replace the file without touching the rules).
 */
export interface IdentityApiVersionFacts {
  readonly hasIsolationScope: boolean;
  /** Bicep's type data marks `properties` read-only, so Bicep warns BCP073 when it is set. */
  readonly propertiesReadOnlyInBicep: boolean;
}

export const IDENTITY_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';
export function isIdentityType(type: string): boolean {
  return type.toLowerCase() === IDENTITY_TYPE.toLowerCase();
}

/** The first API version with isolationScope. */
export const FIRST_ISOLATION_SCOPE_VERSION = '2024-11-30';

const READ_ONLY_FLAG = 2;

interface TypeEntry {
  readonly $type: string;
  readonly name?: string;
  readonly body?: { readonly $ref: string };
  readonly properties?: Record<string, { readonly type: { readonly $ref: string }; readonly flags: number }>;
}

function readFacts(): Map<string, IdentityApiVersionFacts> {
  const types = identityTypes as readonly TypeEntry[];
  const resolve = (ref: { readonly $ref: string } | undefined): TypeEntry | undefined =>
    ref ? types[Number(ref.$ref.replace('#/', ''))] : undefined;
  const facts = new Map<string, IdentityApiVersionFacts>();
  for (const entry of types) {
    if (entry.$type !== 'ResourceType' || !entry.name) continue;
    const version = entry.name.slice(entry.name.indexOf('@') + 1);
    const propertiesProperty = resolve(entry.body)?.properties?.properties;
    const properties = resolve(propertiesProperty?.type);
    facts.set(version, {
      hasIsolationScope: properties?.properties?.isolationScope !== undefined,
      propertiesReadOnlyInBicep: ((propertiesProperty?.flags ?? 0) & READ_ONLY_FLAG) !== 0,
    });
  }
  return facts;
}

const knownVersions = readFacts();

/** Facts for a version; versions the table does not know are judged by their date. */
export function identityApiVersionFacts(apiVersion: string): IdentityApiVersionFacts {
  const known = knownVersions.get(apiVersion.toLowerCase());
  if (known) return known;
  const date = apiVersion.slice(0, 10);
  return {
    hasIsolationScope: date >= FIRST_ISOLATION_SCOPE_VERSION,
    propertiesReadOnlyInBicep: date <= '2025-01-31',
  };
}

/** The newest generally available version with isolationScope: the one Bicep fixes move to. */
export function newestGaIsolationVersion(): string {
  const ga = [...knownVersions].filter(([version, facts]) => facts.hasIsolationScope && !version.includes('preview'));
  return ga.map(([version]) => version).sort().at(-1) ?? FIRST_ISOLATION_SCOPE_VERSION;
}
