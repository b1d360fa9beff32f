import { carryOver, findingsBaseline, SourceFile, type Finding, type FindingsBaseline } from '../engine';
import type { TextOutcome } from './document-analysis';
import type { LoggedChange } from './edit-log';

/** One analysis of one version of an open document. */
export interface DocumentState {
  readonly uri: string;
  readonly path: string;
  readonly version: number;
  /** The whole analysis; for a state carried over from the previous version it is made when first asked for. */
  readonly outcome: TextOutcome;
  /** What the diagnostics show: the outcome's findings, without analysing again when carried over. */
  readonly findings: readonly Finding[];
  /** The version's text as the engine sees it, when known without analysing. */
  readonly file: SourceFile | undefined;
  /** The files besides its own that the analysis read (modules): a change to one makes it stale. */
  readonly reads: ReadonlySet<string>;
  readonly baseline: FindingsBaseline | undefined;
  /** Whether the findings were carried over from an earlier version rather than analysed. */
  readonly carried: boolean;
}

/** The state of a full analysis. */
export function analysedState(uri: string, path: string, version: number, outcome: TextOutcome): DocumentState {
  if (outcome.kind !== 'analysed') return { uri, path, version, outcome, findings: [], file: undefined, reads: new Set(), baseline: undefined, carried: false };
  const { file, template, findings, graph } = outcome.analysis;
  const reads = new Set((graph?.evaluators ?? []).map((evaluator) => evaluator.file));
  return { uri, path, version, outcome, findings, file, reads, baseline: findingsBaseline(file, template, findings), carried: false };
}

/**
 * The state of `version` from the previous one's when every change since only moved text (see the
 * engine's carryOver); undefined when the text must be analysed again. `analyse` makes the whole
 * analysis of the new text, for hovers and code actions, only if one asks.
 */
export function carriedState(previous: DocumentState, version: number, text: string, changes: readonly LoggedChange[], analyse: () => TextOutcome): DocumentState | undefined {
  let baseline = previous.baseline;
  for (const change of changes) {
    if (!baseline || change.start === undefined || change.end === undefined) return undefined;
    // Engine offsets do not count a BOM; an edit of the BOM itself changes the file's encoding.
    const bom = change.before.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (change.start < bom) return undefined;
    baseline = carryOver(baseline, bom ? change.before.slice(bom) : change.before, { start: change.start - bom, end: change.end - bom, text: change.text });
  }
  if (!baseline) return undefined;
  const fields = { uri: previous.uri, path: previous.path, version, findings: baseline.findings, file: new SourceFile(previous.path, text), reads: previous.reads, baseline, carried: true };
  return withLazyOutcome(fields, analyse);
}

/**
 * The same state without its whole analysis held: findings, baseline and text stay, and the
 * analysis (parse trees, graph) is made again if a hover, a code action or a module lookup asks.
 * Many large open documents otherwise hold hundreds of megabytes of trees nobody is looking at.
 */
export function lightenedState(state: DocumentState, analyse: (filePath: string, text: string) => TextOutcome): DocumentState {
  if (state.outcome.kind !== 'analysed' || !state.file) return state;
  // The closure below must capture nothing that reaches the old state, or the analysis stays alive.
  const { uri, path, version, findings, file, reads, baseline, carried } = state;
  return withLazyOutcome({ uri, path, version, findings, file, reads, baseline, carried }, () => analyse(path, file.withBom(file.text)));
}

/** A state whose whole analysis is made by `analyse` when first asked for, and kept from then on. */
function withLazyOutcome(fields: Omit<DocumentState, 'outcome'>, analyse: () => TextOutcome): DocumentState {
  let outcome: TextOutcome | undefined;
  return {
    ...fields,
    get outcome() {
      outcome ??= analyse();
      return outcome;
    },
  };
}
