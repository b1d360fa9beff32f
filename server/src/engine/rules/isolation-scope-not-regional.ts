import { replaceScopeValueFix } from '../fixes/isolation-scope-fixes';
import { rangeContains } from '../model/range';
import { defineRule, message, type RuleReport } from './rule';

const VALID_VALUES = new Set(['none', 'regional']);

export const isolationScopeNotRegional = defineRule({
  id: 'isolation-scope-not-regional',
  description: "An identity's isolationScope evaluates to something other than 'Regional' ('None' or an invalid value).",
  defaultSeverity: 'warning',
  check(context) {
    const reports: RuleReport[] = [];
    for (const identity of context.graph.identities) {
      const scope = identity.scope;
      if (identity.declaration.existing || scope.state !== 'value' || scope.value.toLowerCase() === 'regional') continue;
      const file = context.file(identity.file);
      if (!file) continue;
      const valid = VALID_VALUES.has(scope.value.toLowerCase());
      const originElsewhere = scope.origin && !(scope.origin.file === identity.file && rangeContains(scope.range, scope.origin.range));
      const template = valid
        ? "Identity '{name}' has isolationScope '{value}'{from}, so it can be assigned to resources in every region. Use 'Regional'."
        : "Identity '{name}' has isolationScope '{value}'{from}, which is not a valid value ('None' or 'Regional'). Use 'Regional'.";
      const fix = replaceScopeValueFix(context.graph, identity, file);
      reports.push({
        message:
          message(template, { name: identity.displayName, value: scope.value, from: originElsewhere && scope.origin ? ` (from ${scope.origin.description})` : '' }) +
          (identity.conditional ? ' The identity is deployed only when its condition holds.' : ''),
        file: identity.file,
        range: scope.range,
        related: originElsewhere && scope.origin ? [{ file: scope.origin.file, range: scope.origin.range, message: `The value comes from ${scope.origin.description}.` }] : [],
        fixes: fix ? [fix] : [],
      });
    }
    return reports;
  },
});
