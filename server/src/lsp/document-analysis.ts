import { analyzeText, isGeneratedCopy, type AnalyzeOptions, type TextAnalysis } from '../engine';
import type { EffectiveSettings } from './settings';

export type AnalysedText = Extract<TextAnalysis, { kind: 'analysed' }>;

/** Why a document gets no diagnostics. */
export type QuietReason = 'excluded' | 'generated' | 'not-template' | 'invalid' | 'failed';

export type TextOutcome =
  | { readonly kind: 'analysed'; readonly analysis: AnalysedText }
  /** `message` says why an invalid template or a failed analysis gave nothing; `error` is the failure itself. */
  | { readonly kind: 'quiet'; readonly reason: QuietReason; readonly message?: string; readonly error?: unknown };

export interface TextAnalysisContext {
  readonly settings: EffectiveSettings;
  readonly excluded: boolean;
  /** Whether a `.bicep` file of this path is part of the same analysis (then compiled JSON beside it is a copy). */
  readonly bicepSourceExists: (bicepPath: string) => boolean;
  readonly modules?: AnalyzeOptions['modules'];
}

/**
 * Analyses one text with the settings that apply to it. Never throws: an engine failure on one
 * document becomes a quiet outcome carrying the error, for the caller to log.
 */
export function analyseText(filePath: string, text: string, context: TextAnalysisContext): TextOutcome {
  if (context.excluded) return { kind: 'quiet', reason: 'excluded' };
  let analysis: TextAnalysis;
  try {
    analysis = analyzeText(filePath, text, { severities: context.settings.severities, modules: context.modules, limits: context.settings.limits });
  } catch (error) {
    return { kind: 'quiet', reason: 'failed', message: `could not be analysed: ${error instanceof Error ? error.message : String(error)}`, error };
  }
  if (analysis.kind === 'invalid') return { kind: 'quiet', reason: 'invalid', message: analysis.message };
  if (analysis.kind === 'not-template') return { kind: 'quiet', reason: 'not-template' };
  if (!context.settings.includeGenerated && isGeneratedCopy(analysis, context.bicepSourceExists)) return { kind: 'quiet', reason: 'generated' };
  return { kind: 'analysed', analysis };
}

