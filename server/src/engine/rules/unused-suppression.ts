import { directives, suppressingDirective } from '../suppression';
import { defineRule, type RuleReport } from './rule';

/**
 * A suppression that silences nothing hides the next real finding on that line without anyone
 * noticing: report it so it can be removed. Runs after the other rules, on their findings.
 */
export const unusedSuppression = defineRule({
  id: 'unused-suppression',
  description: 'A #disable-next-line or #disable-diagnostics directive names a rule of this tool that it no longer silences.',
  defaultSeverity: 'info',
  check(context) {
    const file = context.file(context.root);
    if (!file) return [];
    const used = new Set(context.findings.filter((finding) => finding.file === context.root).map((finding) => suppressingDirective(finding, file)));
    const reports: RuleReport[] = [];
    for (const directive of directives(file)) {
      if (directive.kind === 'restore' || used.has(directive)) continue;
      // Directives may list other tools' codes (BCP073…): those are none of our business.
      const unused = directive.rules.filter((rule) => context.ruleIds.has(rule) && rule !== 'unused-suppression');
      if (unused.length === 0) continue;
      reports.push({
        message: `This directive silences nothing any more (${unused.join(', ')}): remove it so that it cannot hide a future finding.`,
        file: context.root,
        range: { start: directive.start, end: directive.end },
      });
    }
    return reports;
  },
});
