import { analyzeTemplate, type AnalyzeOptions } from './analyze';
import type { ResourceGraph } from './graph/model';
import type { Finding } from './model/finding';
import type { FileLimits } from './model/limits';
import { SourceFile } from './model/source-file';
import type { Template } from './model/template';
import { parseSourceFile } from './parse';

export type TextAnalysis =
  | { readonly kind: 'not-template'; readonly file: SourceFile }
  | { readonly kind: 'invalid'; readonly file: SourceFile; readonly message: string }
  | { readonly kind: 'analysed'; readonly file: SourceFile; readonly template: Template; readonly graph: ResourceGraph | undefined; readonly findings: Finding[] };

/**
 * Analyses one document held in memory (an editor buffer). Parsing is cached per declaration,
 * so analysing the next version of the same text re-parses only the declarations an edit touched.
 * Call initParsers first.
 */
export function analyzeText(filePath: string, text: string, options: AnalyzeOptions & { readonly limits?: FileLimits } = {}): TextAnalysis {
  const file = new SourceFile(filePath, text);
  const outcome = parseSourceFile(file, options.limits);
  if (outcome.kind === 'not-template') return { kind: 'not-template', file };
  if (outcome.kind === 'invalid') return { kind: 'invalid', file, message: outcome.message };
  if (outcome.template.language === 'bicepparam') return { kind: 'analysed', file, template: outcome.template, graph: undefined, findings: [] };
  const analysis = analyzeTemplate(file, outcome.template, options);
  return { kind: 'analysed', file, template: outcome.template, graph: analysis.graph, findings: analysis.findings };
}
