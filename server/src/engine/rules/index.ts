import { identityCrossRegion } from './identity-cross-region';
import { isolationScopeApiVersion } from './isolation-scope-api-version';
import { isolationScopeMissing } from './isolation-scope-missing';
import { isolationScopeNotRegional } from './isolation-scope-not-regional';
import { isolationUnresolved } from './isolation-unresolved';
import type { Rule } from './rule';
import { unusedSuppression } from './unused-suppression';

/** Every rule, in the order they run: unused-suppression reads what the others found, so it runs last. */
export const RULES: readonly Rule[] = [isolationScopeMissing, isolationScopeNotRegional, isolationScopeApiVersion, identityCrossRegion, isolationUnresolved, unusedSuppression];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
