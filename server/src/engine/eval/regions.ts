import type { Origin, Value } from './value';

/** Where a resource lives, as far as the engine can tell. */
export type Region =
  | { readonly kind: 'concrete'; readonly name: string; readonly written: string; readonly origin?: Origin }
  | { readonly kind: 'symbolic'; readonly symbol: string; readonly scopeKey: string; readonly origin?: Origin }
  | { readonly kind: 'undecided'; readonly reason: string; readonly origin?: Origin };

/**
 * Azure compares region names without case and spaces: 'West Europe', 'westeurope' and
 * 'WestEurope' are one region.
 */
export function normalizeRegionName(name: string): string {
  return name.replace(/\s+/g, '').toLowerCase();
}

/** Locations that are not a region: a resource there cannot be compared with a regional identity. */
const NON_REGIONS = new Set(['global', '']);

export function regionOf(value: Value | undefined): Region {
  if (!value) return { kind: 'undecided', reason: 'the resource has no location' };
  switch (value.t) {
    case 'string': {
      const name = normalizeRegionName(value.value);
      if (NON_REGIONS.has(name)) return { kind: 'undecided', reason: `location '${value.value}' is not a region`, origin: value.origin };
      return { kind: 'concrete', name, written: value.value, origin: value.origin };
    }
    case 'region-symbol':
      return { kind: 'symbolic', symbol: value.symbol, scopeKey: value.scopeKey, origin: value.origin };
    case 'unknown':
      if (value.symbol) return { kind: 'symbolic', symbol: value.symbol.label, scopeKey: value.symbol.scopeKey, origin: value.origin };
      return { kind: 'undecided', reason: value.reason, origin: value.origin };
    case 'concat':
      // Text with an undecided part: say why that part is undecided, when it is.
      return { kind: 'undecided', reason: value.reason ?? 'the location is not a string', origin: value.origin };
    default:
      return { kind: 'undecided', reason: 'the location is not a string', origin: value.origin };
  }
}

export type RegionComparison = 'same' | 'different' | 'undecided';

/**
 * Two regions differ only when both are concrete and differ; they are the same when both are the
 * same concrete region or the same symbol in the same deployment scope. Anything else is undecided.
 */
export function compareRegions(a: Region, b: Region): RegionComparison {
  if (a.kind === 'concrete' && b.kind === 'concrete') return a.name === b.name ? 'same' : 'different';
  if (a.kind === 'symbolic' && b.kind === 'symbolic' && a.symbol === b.symbol && a.scopeKey === b.scopeKey) return 'same';
  return 'undecided';
}

export function describeRegion(region: Region): string {
  switch (region.kind) {
    case 'concrete':
      return region.name;
    case 'symbolic':
      return region.symbol;
    case 'undecided':
      return 'an undecided region';
  }
}
