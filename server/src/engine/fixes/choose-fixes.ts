import type { Finding, Fix } from '../model/finding';

/**
 * What fix-all and `--fix` apply: the first safe fix of each finding, in the order given, unless
 * it touches text that a fix chosen earlier edits (findings often share one fix: it is applied once).
 */
export function chooseSafeFixes(findings: readonly Finding[]): Fix[] {
  const chosen: Fix[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((candidate) => candidate.safe);
    if (fix && !chosen.some((earlier) => conflicts(fix, earlier))) chosen.push(fix);
  }
  return chosen;
}

/** Overlapping edits conflict, and so do two insertions at one offset: the same text would go in twice. */
function conflicts(a: Fix, b: Fix): boolean {
  if (a.file !== b.file) return false;
  return a.edits.some((edit) => b.edits.some((other) => edit.range.start === other.range.start || (edit.range.start < other.range.end && other.range.start < edit.range.end)));
}
