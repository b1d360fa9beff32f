import { FIRST_ISOLATION_SCOPE_VERSION } from '../data/identity-api-versions';
import { moveApiVersionFix } from '../fixes/isolation-scope-fixes';
import { defineRule, message, type RuleReport } from './rule';

export const isolationScopeApiVersion = defineRule({
  id: 'isolation-scope-api-version',
  description: `isolationScope is set on an API version that does not have it (before ${FIRST_ISOLATION_SCOPE_VERSION}), so it has no effect.`,
  defaultSeverity: 'error',
  check(context) {
    const reports: RuleReport[] = [];
    for (const identity of context.graph.identities) {
      const scope = identity.scope;
      const isSet = scope.state === 'value' || (scope.state === 'undecided' && scope.keyPresent);
      if (identity.declaration.existing || !isSet || !identity.apiFacts || identity.apiFacts.hasIsolationScope) continue;
      const file = context.file(identity.file);
      if (!file) continue;
      const fix = moveApiVersionFix(context.graph, identity, file);
      reports.push({
        message: message(
          "Identity '{name}' sets isolationScope, but API version {version} does not have that property (it first appears in {first}), so the setting has no effect.",
          { name: identity.displayName, version: identity.declaration.apiVersion ?? '', first: FIRST_ISOLATION_SCOPE_VERSION },
        ),
        file: identity.file,
        range: identity.declaration.typeRange,
        fixes: fix ? [fix] : [],
      });
    }
    return reports;
  },
});
