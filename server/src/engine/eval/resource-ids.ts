import { str, unknown, type Value } from './value';

/**
 * resourceId([subscriptionId], [resourceGroupName], type, name1, name2…): the type is the first
 * argument that looks like 'Namespace/type'; the names follow it.
 */
export function resourceIdFromArguments(args: readonly Value[]): Value {
  const typeIndex = args.findIndex((arg) => arg.t === 'string' && /^[A-Za-z0-9.]+\/[A-Za-z0-9./]+$/.test(arg.value));
  if (typeIndex < 0) return unknown('resourceId() with a type that is not known');
  const type = args[typeIndex] as { value: string };
  const names = args.slice(typeIndex + 1);
  if (names.length === 0) return unknown('resourceId() without a name');
  if (names.length === 1) return { t: 'resource-id', type: type.value, name: names[0] };
  if (names.every((name) => name.t === 'string')) return { t: 'resource-id', type: type.value, name: str(names.map((name) => (name as { value: string }).value).join('/')) };
  return { t: 'resource-id', type: type.value, name: unknown('a child resource name that is not known') };
}

/** Reads a full id string: `/subscriptions/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/name`. */
export function resourceIdFromString(text: string): Value | undefined {
  const match = /\/providers\/([^/]+\/[^/]+)\/([^/]+)\/?$/i.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return { t: 'resource-id', type: match[1], name: str(match[2]) };
}
