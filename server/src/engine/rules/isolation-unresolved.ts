import { compareRegions, describeRegion } from '../eval/regions';
import { defineRule, type RuleReport } from './rule';

/** Says honestly where the engine could not decide, instead of guessing a finding. */
export const isolationUnresolved = defineRule({
  id: 'isolation-unresolved',
  description: 'A region, an identity reference or an isolationScope that would decide a finding cannot be evaluated.',
  defaultSeverity: 'info',
  check(context) {
    const reports: RuleReport[] = [];
    for (const identity of context.graph.identities) {
      if (identity.declaration.existing || identity.scope.state !== 'undecided') continue;
      reports.push({
        message: `The isolationScope of identity '${identity.displayName}' cannot be decided: ${identity.scope.reason}.`,
        file: identity.file,
        range: identity.scope.range ?? identity.declaration.typeRange,
      });
    }
    for (const evaluator of context.graph.evaluators) {
      for (const { link, reason } of evaluator.unfollowedLinks) {
        reports.push({ message: `Identities and their users inside this ${link.noun} are not analysed: ${reason}.`, file: evaluator.file, range: link.pathRange });
      }
    }
    for (const assignment of context.graph.assignments) {
      if (assignment.crossRegionAllowed) continue;
      const identity = assignment.identity;
      if (!identity) {
        reports.push({
          message: `The identity assigned to '${assignment.sourceName}' (${assignment.via}) cannot be resolved: ${assignment.unresolvedReason ?? 'unknown reference'}.`,
          file: assignment.referenceFile,
          range: assignment.referenceRange,
        });
        continue;
      }
      if (compareRegions(identity.region, assignment.sourceRegion) !== 'undecided') continue;
      const undecided = identity.region.kind === 'undecided' ? identity.region : assignment.sourceRegion.kind === 'undecided' ? assignment.sourceRegion : undefined;
      const why = undecided ? undecided.reason : `${describeRegion(identity.region)} and ${describeRegion(assignment.sourceRegion)} cannot be compared`;
      reports.push({
        message: `Cannot tell whether identity '${identity.displayName}' and '${assignment.sourceName}' are in the same region: ${why}.`,
        file: assignment.referenceFile,
        range: assignment.referenceRange,
      });
    }
    return reports;
  },
});
