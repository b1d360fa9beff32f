// Requests between the VS Code client and the language server beyond standard LSP. Both sides
// import these names and shapes from here, so they cannot drift apart. Types only and constants:
// nothing here may pull engine or transport code into the client bundle.

export const PRODUCT_NAME = 'identity-isolation';

/** Audits every Bicep and ARM template under the folders; diagnostics go to every file, open or not. */
export const AUDIT_WORKSPACE_REQUEST = 'identityIsolation/auditWorkspace';
export interface AuditWorkspaceParams {
  /** File-system paths of the workspace folders. */
  readonly folders: string[];
  /** LSP work-done progress token: the server reports "n of m files" on it. */
  readonly workDoneToken?: string | number;
}
export interface RuleCounts {
  error: number;
  warning: number;
  info: number;
}
export interface AuditWorkspaceResult {
  readonly files: number;
  readonly skipped: number;
  readonly problems: number;
  readonly totals: RuleCounts;
  readonly byRule: Record<string, RuleCounts>;
  /** The files with the most findings, most first (at most 10). */
  readonly worstFiles: { readonly uri: string; readonly findings: number }[];
  readonly cancelled: boolean;
}

/** The last workspace audit as a report: the CLI's text, JSON or SARIF 2.1.0 output. */
export const WORKSPACE_REPORT_REQUEST = 'identityIsolation/workspaceReport';
export interface WorkspaceReportParams {
  readonly format: 'text' | 'json' | 'sarif';
  /** Paths in the report are relative to this folder. */
  readonly root: string;
}
export interface WorkspaceReportResult {
  readonly content: string;
}

/** Safe fixes for every file of the last workspace audit, as one workspace edit the client applies. */
export const FIX_ALL_WORKSPACE_REQUEST = 'identityIsolation/fixAllWorkspace';
export interface FixAllWorkspaceResult {
  /** An LSP WorkspaceEdit (documentChanges with versions for open files). */
  readonly edit: unknown;
  readonly files: number;
  readonly fixes: number;
}

/** The code action kind of "Fix all identity isolation problems in this file", for editor.codeActionsOnSave. */
export const FIX_ALL_CODE_ACTION_KIND = 'source.fixAll.identityIsolation';

/** Settings, all under `identityIsolation.` (documented in package.json). */
export interface ServerSettings {
  /** Per-rule severity: off | info | warning | error. */
  readonly severity: Record<string, 'off' | 'info' | 'warning' | 'error'>;
  /** Globs of files to leave out of the workspace audit and the diagnostics. */
  readonly exclude: string[];
  /** Audit JSON compiled by Bicep from a .bicep file in the same audit too. */
  readonly includeGenerated: boolean;
  /** Over bicepconfig.json's: larger files are not analysed (null or absent: the file's or 20 MB). */
  readonly maxFileSizeMB?: number;
  /** Over bicepconfig.json's: templates nested deeper are not analysed (null or absent: the file's or the parser's). */
  readonly maxNestingDepth?: number;
}

/**
 * `initializationOptions` of the initialize request. `workspaceTrusted: false` (VS Code's Restricted
 * Mode) makes the server ignore settings that widen what it reads; absent, the workspace is trusted,
 * as in editors that have no notion of trust.
 */
export interface InitializationOptions {
  readonly workspaceTrusted?: boolean;
}

/** Sent by the client, without parameters, when the user grants the workspace trust. */
export const WORKSPACE_TRUSTED_NOTIFICATION = 'identityIsolation/workspaceTrusted';

/** The configuration section the server pulls with workspace/configuration (the settings above). */
export const SETTINGS_SECTION = 'identityIsolation';

/**
 * The command of the "Show documentation for <rule>" code action; its one argument is the rule's
 * documentation URL. The client registers it and opens the URL (the server does not execute it).
 */
export const SHOW_DOCUMENTATION_COMMAND = 'identityIsolation.showDocumentation';

/** What the server stores in each diagnostic's `data`: the document version it was computed for (null for files not open). */
export interface DiagnosticData {
  readonly version: number | null;
}
