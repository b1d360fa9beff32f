import * as path from 'node:path';
import type { Region } from '../eval/regions';
import type { SourceFile } from '../model/source-file';
import type { Declaration, Template } from '../model/template';
import type { IdentityNode, ResourceGraph } from './model';

export interface RegionDescription {
  readonly value: string | null;
  readonly symbolic: string | null;
  readonly from: string | null;
}

export interface GraphDescription {
  readonly version: 1;
  readonly files: { file: string; declarations: { kind: string; name: string; line: number; type: string | null; parent: string | null }[] }[];
  readonly identities: { file: string; line: number; name: string; isolationScope: string; region: RegionDescription }[];
  readonly assignments: { file: string; line: number; source: string; identity: string | null; sourceRegion: RegionDescription; identityRegion: RegionDescription | null }[];
}

export interface GraphInput {
  readonly file: SourceFile;
  readonly template: Template;
  readonly graph: ResourceGraph | undefined;
}

/** The resource graph as plain data: what `identity-isolation graph` prints. Paths are relative to `root`. */
export function describeGraph(inputs: readonly GraphInput[], root: string): GraphDescription {
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const lineOf = (file: SourceFile | undefined, offset: number) => (file ? file.lines.positionAt(offset).line + 1 : 0);
  const byPath = new Map(inputs.map((input) => [input.file.path, input.file]));
  const files = inputs.map(({ file, template }) => ({
    file: relative(file.path),
    declarations: allDeclarations(template).map((declaration) => ({
      kind: declaration.kind,
      name: declaration.name,
      line: lineOf(file, declaration.keywordOffset),
      type: declaration.kind === 'resource' ? (declaration.apiVersion ? `${declaration.type}@${declaration.apiVersion}` : declaration.type) : null,
      parent: declaration.kind === 'resource' ? (declaration.parentName ?? null) : null,
    })),
  }));
  const identities: GraphDescription['identities'] = [];
  const assignments: GraphDescription['assignments'] = [];
  for (const { graph } of inputs) {
    if (!graph) continue;
    for (const identity of graph.identities) {
      identities.push({
        file: relative(identity.file),
        line: lineOf(byPath.get(identity.file), identity.declaration.keywordOffset),
        name: identity.displayName,
        isolationScope: scopeText(identity),
        region: describeRegionData(identity.region),
      });
    }
    for (const assignment of graph.assignments) {
      assignments.push({
        file: relative(assignment.referenceFile),
        line: lineOf(byPath.get(assignment.referenceFile), assignment.referenceRange.start),
        source: assignment.sourceName,
        identity: assignment.identity?.displayName ?? null,
        sourceRegion: describeRegionData(assignment.sourceRegion),
        identityRegion: assignment.identity ? describeRegionData(assignment.identity.region) : null,
      });
    }
  }
  return { version: 1, files, identities, assignments };
}

/** Declarations of a template and of the inline templates of its nested deployments. */
function allDeclarations(template: Template): Declaration[] {
  return [...template.declarations, ...template.nested.flatMap((nested) => allDeclarations(nested.template))];
}

function scopeText(identity: IdentityNode): string {
  return identity.scope.state === 'value' ? identity.scope.value : identity.scope.state;
}

export function describeRegionData(region: Region): RegionDescription {
  return {
    value: region.kind === 'concrete' ? region.name : null,
    symbolic: region.kind === 'symbolic' ? region.symbol : null,
    from: region.origin?.description ?? (region.kind === 'undecided' ? region.reason : null),
  };
}
