import * as fs from 'node:fs/promises';
import type { Finding } from '../engine/model/finding';
import { FINGERPRINT_KEY, partialFingerprints } from './format-sarif';
import type { Report } from './report';

/**
 * What an earlier report already listed. SARIF baselines match on partialFingerprints (stable
 * across unrelated edits); JSON reports carry no fingerprints and match on rule, file and message.
 * Neither ever matches on line numbers, which move with every edit above a finding.
 */
export interface Baseline {
  readonly fingerprints: Map<string, number>;
  readonly messages: Map<string, number>;
}

export async function readBaseline(file: string): Promise<Baseline> {
  const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  const fingerprints = new Map<string, number>();
  const messages = new Map<string, number>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const record = parsed as { runs?: { results?: { partialFingerprints?: Record<string, string> }[] }[]; findings?: { ruleId?: string; file?: string; message?: string }[] };
  if (Array.isArray(record.runs)) {
    for (const run of record.runs) for (const result of run.results ?? []) {
      const fingerprint = result.partialFingerprints?.[FINGERPRINT_KEY];
      if (fingerprint) count(fingerprints, fingerprint);
    }
  } else if (Array.isArray(record.findings)) {
    for (const finding of record.findings) count(messages, messageKey(finding.ruleId ?? '', finding.file ?? '', finding.message ?? ''));
  } else {
    throw new Error(`${file} is neither a SARIF log nor an identity-isolation JSON report`);
  }
  return { fingerprints, messages };
}

/** The findings of a report that the baseline does not already hold (each baseline entry absorbs one finding). */
export function newFindings(report: Report, baseline: Baseline): Finding[] {
  const fingerprints = partialFingerprints(report);
  const remainingFingerprints = new Map(baseline.fingerprints);
  const remainingMessages = new Map(baseline.messages);
  const take = (map: Map<string, number>, key: string) => {
    const left = map.get(key) ?? 0;
    if (left === 0) return false;
    map.set(key, left - 1);
    return true;
  };
  return report.findings.filter((finding, index) => {
    if (take(remainingFingerprints, fingerprints[index] ?? '')) return false;
    return !take(remainingMessages, messageKey(finding.ruleId, report.relativePath(finding.file), finding.message));
  });
}

function messageKey(ruleId: string, file: string, message: string): string {
  return `${ruleId}\0${file}\0${message}`;
}
