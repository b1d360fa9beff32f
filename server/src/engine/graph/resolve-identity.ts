import { resourceIdFromString } from '../eval/resource-ids';
import { valuesEqual, type Value } from '../eval/value';
import { isIdentityType } from '../data/identity-api-versions';
import type { IdentityNode } from './model';

export type ResolvedReference =
  | { readonly kind: 'resolved'; readonly identities: readonly IdentityNode[] }
  | { readonly kind: 'unresolved'; readonly reason: string }
  /** The value names something else (a system-assigned marker, another resource type): not an assignment. */
  | { readonly kind: 'not-an-identity' };

const IDENTITY_PATH = '/providers/microsoft.managedidentity/userassignedidentities/';

/** Resolves the value of an identity reference (a key of userAssignedIdentities, an id property) to identities. */
export function resolveIdentityReference(value: Value, identities: readonly IdentityNode[], prefix = ''): ResolvedReference {
  switch (value.t) {
    case 'resource-id':
      if (value.instance) {
        if (!isIdentityType(value.instance.declaration.type)) return { kind: 'not-an-identity' };
        const byInstance = identities.filter((identity) => identity.instance.key === value.instance?.key);
        return byInstance.length > 0 ? { kind: 'resolved', identities: byInstance } : { kind: 'unresolved', reason: 'the identity is not in this template' };
      }
      if (!value.type || !isIdentityType(value.type)) return { kind: 'not-an-identity' };
      return byName(value.name, identities);
    case 'string': {
      const text = prefix && value.value.startsWith(prefix) ? value.value.slice(prefix.length) : value.value;
      if (!text.toLowerCase().includes(IDENTITY_PATH)) return { kind: 'not-an-identity' };
      const id = resourceIdFromString(text);
      return id ? resolveIdentityReference(id, identities) : { kind: 'unresolved', reason: 'the identity id cannot be read' };
    }
    case 'concat':
      return fromConcat(value.parts, identities);
    case 'unknown':
      return { kind: 'unresolved', reason: value.reason };
    default:
      return { kind: 'not-an-identity' };
  }
}

function byName(name: Value | undefined, identities: readonly IdentityNode[]): ResolvedReference {
  if (!name) return { kind: 'unresolved', reason: 'the identity name is not known' };
  if (name.t !== 'string') {
    // An undecided name still matches an identity whose name is the same symbol (the same parameter).
    const matches = identities.filter((identity) => valuesEqual(identity.name, name) === true);
    return matches.length > 0 ? { kind: 'resolved', identities: matches } : { kind: 'unresolved', reason: 'the identity name is not known' };
  }
  const wanted = name.value.toLowerCase();
  const matches = identities.filter((identity) => identity.name.t === 'string' && identity.name.value.toLowerCase() === wanted);
  return matches.length > 0 ? { kind: 'resolved', identities: matches } : { kind: 'unresolved', reason: `no identity named '${name.value}' is declared in this template` };
}

/** An id built by concatenation: the part after '/providers/Microsoft.ManagedIdentity/userAssignedIdentities/' is the name. */
function fromConcat(parts: readonly Value[], identities: readonly IdentityNode[]): ResolvedReference {
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part?.t !== 'string') continue;
    const lower = part.value.toLowerCase();
    const at = lower.lastIndexOf(IDENTITY_PATH);
    if (at < 0) continue;
    const rest = part.value.slice(at + IDENTITY_PATH.length);
    if (rest) return byName({ t: 'string', value: rest }, identities);
    return byName(parts[i + 1], identities);
  }
  return parts.some((part) => part.t === 'unknown') ? { kind: 'unresolved', reason: 'the identity id is built from values that are not known' } : { kind: 'not-an-identity' };
}
