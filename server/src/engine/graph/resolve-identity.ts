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

/**
 * Resolves the values of identity references (keys of userAssignedIdentities, id properties) to
 * the identities of a graph, through indexes: a template with thousands of references stays linear.
 */
export class IdentityResolver {
  private readonly byInstance = new Map<string, IdentityNode[]>();
  private readonly byName = new Map<string, IdentityNode[]>();
  private readonly symbolicNames: IdentityNode[] = [];

  constructor(identities: readonly IdentityNode[]) {
    for (const identity of identities) {
      push(this.byInstance, identity.instance.key, identity);
      if (identity.name.t === 'string') push(this.byName, identity.name.value.toLowerCase(), identity);
      else this.symbolicNames.push(identity);
    }
  }

  resolve(value: Value, prefix = ''): ResolvedReference {
    switch (value.t) {
      case 'resource-id':
        if (value.instance) {
          if (!isIdentityType(value.instance.declaration.type)) return { kind: 'not-an-identity' };
          const byInstance = this.byInstance.get(value.instance.key) ?? [];
          return byInstance.length > 0 ? { kind: 'resolved', identities: byInstance } : { kind: 'unresolved', reason: 'the identity is not in this template' };
        }
        if (!value.type || !isIdentityType(value.type)) return { kind: 'not-an-identity' };
        return this.named(value.name);
      case 'string': {
        const text = prefix && value.value.startsWith(prefix) ? value.value.slice(prefix.length) : value.value;
        if (!text.toLowerCase().includes(IDENTITY_PATH)) return { kind: 'not-an-identity' };
        const id = resourceIdFromString(text);
        return id ? this.resolve(id) : { kind: 'unresolved', reason: 'the identity id cannot be read' };
      }
      case 'concat':
        return this.fromConcat(value.parts);
      case 'unknown':
        return { kind: 'unresolved', reason: value.reason };
      default:
        return { kind: 'not-an-identity' };
    }
  }

  private named(name: Value | undefined): ResolvedReference {
    if (!name) return { kind: 'unresolved', reason: 'the identity name is not known' };
    if (name.t !== 'string') {
      // An undecided name still matches an identity whose name is the same symbol (the same parameter).
      const matches = this.symbolicNames.filter((identity) => valuesEqual(identity.name, name) === true);
      return matches.length > 0 ? { kind: 'resolved', identities: matches } : { kind: 'unresolved', reason: 'the identity name is not known' };
    }
    const matches = this.byName.get(name.value.toLowerCase()) ?? [];
    return matches.length > 0 ? { kind: 'resolved', identities: matches } : { kind: 'unresolved', reason: `no identity named '${name.value}' is declared in this template` };
  }

  /** An id built by concatenation: the part after '/providers/Microsoft.ManagedIdentity/userAssignedIdentities/' is the name. */
  private fromConcat(parts: readonly Value[]): ResolvedReference {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part?.t !== 'string') continue;
      const at = part.value.toLowerCase().lastIndexOf(IDENTITY_PATH);
      if (at < 0) continue;
      const rest = part.value.slice(at + IDENTITY_PATH.length);
      return this.named(rest ? { t: 'string', value: rest } : parts[i + 1]);
    }
    return parts.some((part) => part.t === 'unknown') ? { kind: 'unresolved', reason: 'the identity id is built from values that are not known' } : { kind: 'not-an-identity' };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
