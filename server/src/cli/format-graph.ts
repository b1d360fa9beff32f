import type { GraphDescription } from '../engine/graph/describe';

export function formatGraphJson(graph: GraphDescription): string {
  return `${JSON.stringify(graph, null, 2)}\n`;
}

/** A Mermaid flowchart: identities and their sources grouped by region, cross-region edges marked. */
export function formatGraphMermaid(graph: GraphDescription): string {
  const lines = ['flowchart LR'];
  const ids = new Map<string, string>();
  const nodeId = (key: string) => {
    let id = ids.get(key);
    if (!id) {
      id = `n${ids.size}`;
      ids.set(key, id);
    }
    return id;
  };
  const regionName = (region: { value: string | null; symbolic: string | null } | null) => region?.value ?? region?.symbolic ?? 'undecided';
  const groups = new Map<string, string[]>();
  const addToGroup = (region: string, line: string) => groups.set(region, [...(groups.get(region) ?? []), line]);
  for (const identity of graph.identities) {
    addToGroup(regionName(identity.region), `    ${nodeId(`identity:${identity.file}:${identity.name}`)}(["${escape(identity.name)} (${escape(identity.isolationScope)})"])`);
  }
  for (const assignment of graph.assignments) {
    addToGroup(regionName(assignment.sourceRegion), `    ${nodeId(`source:${assignment.file}:${assignment.source}`)}["${escape(assignment.source)}"]`);
  }
  let group = 0;
  for (const [region, members] of groups) {
    lines.push(`  subgraph r${group++}["${escape(region)}"]`, ...new Set(members), '  end');
  }
  for (const assignment of graph.assignments) {
    if (!assignment.identity) continue;
    const identity = graph.identities.find((candidate) => candidate.name === assignment.identity);
    if (!identity) continue;
    const from = nodeId(`identity:${identity.file}:${identity.name}`);
    const to = nodeId(`source:${assignment.file}:${assignment.source}`);
    const a = regionName(assignment.identityRegion);
    const b = regionName(assignment.sourceRegion);
    const crossRegion = assignment.identityRegion?.value && assignment.sourceRegion.value && a !== b;
    lines.push(crossRegion ? `  ${from} -. "cross-region" .-> ${to}` : `  ${from} --> ${to}`);
  }
  return `${lines.join('\n')}\n`;
}

function escape(text: string): string {
  return text.replace(/"/g, '#quot;');
}
