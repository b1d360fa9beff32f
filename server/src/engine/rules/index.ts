import { identityCrossRegion } from './identity-cross-region';
import { isolationScopeApiVersion } from './isolation-scope-api-version';
import { isolationScopeMissing } from './isolation-scope-missing';
import { isolationScopeNotRegional } from './isolation-scope-not-regional';
import { isolationUnresolved } from './isolation-unresolved';
import type { Rule } from './rule';

/** Every rule, in the order reports list them. */
export const RULES: readonly Rule[] = [isolationScopeMissing, isolationScopeNotRegional, isolationScopeApiVersion, identityCrossRegion, isolationUnresolved];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
