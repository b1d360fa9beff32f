import type { Range } from './range';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** A fix is data: what it does, the edits to one file, and whether it is safe to apply unattended. */
export interface Fix {
  readonly title: string;
  /** Absolute path of the file the edits apply to. */
  readonly file: string;
  readonly edits: readonly TextEdit[];
  /** Preferred fixes are offered first by editors; only safe fixes are ever preferred. */
  readonly isPreferred: boolean;
  /** Safe fixes cannot break a deployment; fix-all and `--fix` apply only these. */
  readonly safe: boolean;
}

export interface RelatedLocation {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** Absolute path of the file the finding is in. */
  readonly file: string;
  readonly range: Range;
  /** Absolute path of the parameter file the finding depends on; null when the template's defaults give it. */
  readonly parameterFile: string | null;
  readonly related: readonly RelatedLocation[];
  readonly fixes: readonly Fix[];
}

/** A file the audit could not analyse: unreadable, unparsable, too large, not text. */
export interface FileProblem {
  readonly file: string;
  readonly message: string;
}
