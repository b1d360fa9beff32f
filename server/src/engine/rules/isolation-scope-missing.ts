import { addRegionalScopeFix } from '../fixes/isolation-scope-fixes';
import { defineRule, message, type RuleReport } from './rule';

const MESSAGE =
  "Identity '{name}' has no isolationScope, so it can be assigned to resources in every region. Set properties.isolationScope to 'Regional'{apiNote}.";

export const isolationScopeMissing = defineRule({
  id: 'isolation-scope-missing',
  description: "A user-assigned identity declared without isolationScope can be used from every region; set it to 'Regional'.",
  defaultSeverity: 'warning',
  check(context) {
    const reports: RuleReport[] = [];
    for (const identity of context.graph.identities) {
      if (identity.declaration.existing || identity.scope.state !== 'missing') continue;
      const file = context.file(identity.file);
      if (!file) continue;
      const apiNote =
        identity.apiFacts && !identity.apiFacts.hasIsolationScope
          ? ` (API version ${identity.declaration.apiVersion ?? ''} predates the property: use 2024-11-30 or later)`
          : '';
      const fix = addRegionalScopeFix(context.graph, identity, file);
      reports.push({
        message: message(MESSAGE, { name: identity.displayName, apiNote }) + (identity.conditional ? ' The identity is deployed only when its condition holds.' : ''),
        file: identity.file,
        range: identity.declaration.typeRange,
        fixes: fix ? [fix] : [],
      });
    }
    return reports;
  },
});
