import { compareRegions, describeRegion, type Region } from '../eval/regions';
import type { Assignment, IdentityNode } from '../graph/model';
import type { RelatedLocation } from '../model/finding';
import { rangeContains } from '../model/range';
import { defineRule, message, type RuleReport } from './rule';

const REJECTED =
  "Identity '{identity}' is Regional in {identityRegion}{identityFrom} but is assigned to '{source}' in {sourceRegion}{sourceFrom} through {via}: Azure rejects this deployment. Use an identity in {sourceRegion}.";
const FRAGILE =
  "Identity '{identity}' in {identityRegion}{identityFrom} is assigned to '{source}' in {sourceRegion}{sourceFrom} through {via}. This works only while the identity is not Regional: use an identity in {sourceRegion} (one identity per region).";

function isEnforcedRegional(identity: IdentityNode): boolean {
  return identity.scope.state === 'value' && identity.scope.value.toLowerCase() === 'regional' && identity.apiFacts?.hasIsolationScope === true;
}

function from(region: Region): string {
  return region.origin ? ` (from ${region.origin.description})` : '';
}

function related(assignment: Assignment, identity: IdentityNode): RelatedLocation[] {
  const locations: RelatedLocation[] = [
    { file: identity.file, range: identity.declaration.typeRange, message: `Identity '${identity.displayName}' is declared here (${describeRegion(identity.region)}).` },
  ];
  if (assignment.source.file !== assignment.referenceFile) {
    locations.push({ file: assignment.source.file, range: assignment.source.declaration.typeRange, message: `'${assignment.sourceName}' is declared here.` });
  }
  if (assignment.sourceLocationRange) {
    locations.push({ file: assignment.source.file, range: assignment.sourceLocationRange, message: `'${assignment.sourceName}' is deployed to ${describeRegion(assignment.sourceRegion)}.` });
  }
  for (const [region, label] of [[identity.region, `The identity's region`], [assignment.sourceRegion, `The region of '${assignment.sourceName}'`]] as const) {
    const origin = region.origin;
    if (!origin) continue;
    const shown = locations.some((location) => location.file === origin.file && rangeContains(location.range, origin.range));
    if (!shown) locations.push({ file: origin.file, range: origin.range, message: `${label} comes from ${origin.description}.` });
  }
  return locations;
}

export const identityCrossRegion = defineRule({
  id: 'identity-cross-region',
  description: 'A user-assigned identity is assigned to a source resource in another region (one identity per region).',
  defaultSeverity: 'warning',
  check(context) {
    const reports: RuleReport[] = [];
    for (const assignment of context.graph.assignments) {
      const identity = assignment.identity;
      if (!identity || assignment.crossRegionAllowed) continue;
      if (compareRegions(identity.region, assignment.sourceRegion) !== 'different') continue;
      const enforced = isEnforcedRegional(identity);
      const condition = assignment.conditional ? ' This holds when the conditions on these resources are met.' : '';
      reports.push({
        message: message(enforced ? REJECTED : FRAGILE, {
          identity: identity.displayName,
          identityRegion: describeRegion(identity.region),
          identityFrom: from(identity.region),
          source: assignment.sourceName,
          sourceRegion: describeRegion(assignment.sourceRegion),
          sourceFrom: from(assignment.sourceRegion),
          via: assignment.via,
        }) + condition,
        severity: enforced ? 'error' : 'warning',
        file: assignment.referenceFile,
        range: assignment.referenceRange,
        related: related(assignment, identity),
      });
    }
    return reports;
  },
});
