import { MarkupKind, type Hover, type Position as LspPosition } from 'vscode-languageserver';
import { compareRegions, describeRegion, type Assignment, type IdentityNode, type Range, type Region, type ResourceGraph } from '../engine';
import { TextPositions } from './convert';
import type { AnalysedText } from './document-analysis';

interface Target {
  readonly range: Range;
  readonly identities: readonly IdentityNode[];
}

/**
 * What the last analysis knows of the identity under the cursor: on its declaration (symbolic name
 * or type string) or on a reference to it (a `userAssignedIdentities` key, a resourceId(), …).
 */
export function identityHover(analysis: AnalysedText, position: LspPosition): Hover | null {
  const graph = analysis.graph;
  if (!graph) return null;
  const positions = TextPositions.ofEditorText(analysis.file);
  const offset = positions.offset(position);
  const target = targetsIn(graph, analysis.file.path)
    .filter(({ range }) => range.start <= offset && offset <= range.end)
    .sort((a, b) => a.range.end - a.range.start - (b.range.end - b.range.start))[0];
  if (!target) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: target.identities.map((identity) => describeIdentity(identity, graph.assignments)).join('\n\n---\n\n') },
    range: positions.range(target.range),
  };
}

/** Hoverable ranges in one file; a loop's copies share their declaration's ranges and show together. */
function targetsIn(graph: ResourceGraph, filePath: string): Target[] {
  const byRange = new Map<string, { range: Range; identities: IdentityNode[] }>();
  const add = (range: Range, identity: IdentityNode) => {
    const key = `${range.start}:${range.end}`;
    const target = byRange.get(key) ?? { range, identities: [] };
    if (!target.identities.includes(identity)) target.identities.push(identity);
    byRange.set(key, target);
  };
  for (const identity of graph.identities) {
    if (identity.file !== filePath) continue;
    add(identity.declaration.nameRange, identity);
    add(identity.declaration.typeRange, identity);
  }
  for (const assignment of graph.assignments) {
    if (assignment.identity && assignment.referenceFile === filePath) add(assignment.referenceRange, assignment.identity);
  }
  return [...byRange.values()];
}

function describeIdentity(identity: IdentityNode, assignments: readonly Assignment[]): string {
  const name = identity.name.t === 'string' && identity.name.value !== identity.displayName ? ` (name \`${identity.name.value}\`)` : '';
  const lines = [`**User-assigned identity \`${identity.displayName}\`**${name}`, '', `- **Isolation scope:** ${describeScope(identity)}`, `- **Region:** ${regionText(identity.region)}`];
  const users = assignments.filter((assignment) => assignment.identity === identity);
  if (users.length === 0) {
    lines.push('- **Used by:** no resource in this deployment');
  } else {
    lines.push('- **Used by:**');
    for (const user of users) {
      const elsewhere = compareRegions(identity.region, user.sourceRegion) === 'different' ? ' — **another region**' : '';
      lines.push(`  - \`${user.sourceName}\` in ${regionText(user.sourceRegion)}, through \`${user.via}\`${elsewhere}`);
    }
  }
  return lines.join('\n');
}

function describeScope(identity: IdentityNode): string {
  const predates = identity.apiFacts && !identity.apiFacts.hasIsolationScope ? ` (API version ${identity.declaration.apiVersion ?? ''} predates isolationScope)` : '';
  const scope = identity.scope;
  switch (scope.state) {
    case 'value':
      return `\`${scope.value}\`${scope.origin ? ` (from ${scope.origin.description})` : ''}${predates}`;
    case 'missing':
      return `not set: the identity can be assigned to resources in every region${predates}`;
    case 'undecided':
      return `undecided: ${scope.reason}`;
  }
}

function regionText(region: Region): string {
  const from = region.origin ? ` (from ${region.origin.description})` : '';
  switch (region.kind) {
    case 'concrete':
      return `\`${region.written}\`${from}`;
    case 'symbolic':
      return `\`${describeRegion(region)}\`, known at deployment${from}`;
    case 'undecided':
      return `undecided: ${region.reason}${from}`;
  }
}
