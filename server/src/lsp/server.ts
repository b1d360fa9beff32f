// The language server: wiring only. Analysis is the engine's; the modules beside this one convert.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ProposedFeatures,
  RequestType,
  RequestType0,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import { FileModuleHost, initParsers, type SourceFile, type Template } from '../engine';
import { codeActions } from './code-actions';
import { filePathOf } from './convert';
import { diagnosticVersion, filesOf } from './diagnostics';
import { analyseText, type TextOutcome } from './document-analysis';
import { analysedText, LiveDocuments } from './documents';
import { EditLog } from './edit-log';
import { withFilesFromDisk } from './file-texts';
import { loggingErrors, reportingErrors, withFallback } from './guard';
import { identityHover } from './hover';
import {
  AUDIT_WORKSPACE_REQUEST,
  FIX_ALL_CODE_ACTION_KIND,
  FIX_ALL_WORKSPACE_REQUEST,
  PRODUCT_NAME,
  SETTINGS_SECTION,
  WORKSPACE_REPORT_REQUEST,
  WORKSPACE_TRUSTED_NOTIFICATION,
  type AuditWorkspaceParams,
  type AuditWorkspaceResult,
  type FixAllWorkspaceResult,
  type WorkspaceReportParams,
  type WorkspaceReportResult,
} from './protocol';
import { WorkspaceSettings } from './settings';
import { trustedFrom } from './trust';
import { MemoryReleaser } from './release-memory';
import { WorkspaceAudit } from './workspace-audit';
import { fixAllInWorkspace } from './workspace-fix';
import { formatAuditReport } from './workspace-report';

// Bundled to server/out/server.js: the package root (package.json, grammars/) is two folders up.
const PACKAGE_ROOT = path.join(__dirname, '..', '..');
const WASM_DIR = path.join(PACKAGE_ROOT, 'grammars');

// Reads --stdio, --node-ipc or --socket from the command line: the CLI-started server and the VS Code client's IPC alike.
const connection = createConnection(ProposedFeatures.all);
const editLog = new EditLog();
const documents = new TextDocuments(editLog.configuration);
const logError = (message: string) => connection.console.error(message);
const settings = new WorkspaceSettings(logError, (message) => connection.console.info(message));

let clientCapabilities: ClientCapabilities = {};
// Settled once the first settings are in (pulled in `initialized`). A workspace audit asked for
// before then waits: run with the defaults, it would read every file the exclusions leave out.
let initialSettingsKnown: () => void = () => undefined;
const initialSettings = new Promise<void>((resolve) => (initialSettingsKnown = resolve));
let canPullSettings = false;
let documentChanges = false;

/** Garbage of a burst of analyses goes back to the system after 2 s without one, or at once after an audit. */
const memory = new MemoryReleaser(2000);

const live = new LiveDocuments(documents, {
  analyse,
  sendDiagnostics: (params) => void connection.sendDiagnostics(params),
  logError,
}, editLog);

const audit = new WorkspaceAudit({
  live,
  settingsFor: (filePath) => settings.for(filePath),
  modulesFor: (folder, known) => moduleHost(folder, (modulePath) => known(modulePath) ?? live.openTemplate(modulePath)),
  analyse,
  sendDiagnostics: (params) => void connection.sendDiagnostics(params),
  logError,
});

/** An open document, or a closed file's disk text, alone (a workspace audit analyses whole deployments instead). */
function analyse(filePath: string, text: string): TextOutcome {
  memory.collectWhenIdle();
  return analyseText(filePath, text, {
    settings: settings.for(filePath),
    excluded: settings.isExcluded(filePath),
    bicepSourceExists: (bicepPath) => fs.existsSync(bicepPath),
    modules: moduleHost(filePath, (modulePath) => live.openTemplate(modulePath)),
  });
}

/** Modules load from the workspace folders (a file outside them: from its own folder), open documents' text first. */
function moduleHost(filePath: string, known: (modulePath: string) => { file: SourceFile; template: Template } | undefined): FileModuleHost {
  const { followModulesOutsideWorkspace, bicepModuleCache, limits } = settings.for(filePath);
  const roots = settings.folderOf(filePath) ? settings.workspaceFolders : [path.dirname(filePath)];
  return new FileModuleHost({ roots, allowOutsideRoots: followModulesOutsideWorkspace, bicepModuleCache, known, limits });
}

connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
  const capabilities = (clientCapabilities = params.capabilities);
  canPullSettings = capabilities.workspace?.configuration === true;
  documentChanges = supportsDocumentChanges(capabilities);
  const encodings = capabilities.general?.positionEncodings;
  if (encodings && !encodings.includes('utf-16')) logError(`The client offers position encodings ${encodings.join(', ')}; this server counts UTF-16 code units only, as LSP requires every client to accept.`);
  settings.setFolders(workspaceFolderPaths(params));
  settings.setTrusted(trustedFrom(params.initializationOptions));
  try {
    await initParsers(WASM_DIR);
  } catch (error) {
    logError(`Cannot load the Bicep grammar from ${WASM_DIR}; Bicep files get no diagnostics: ${String(error)}`);
  }
  return {
    capabilities: {
      positionEncoding: 'utf-16',
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_CODE_ACTION_KIND], resolveProvider: false },
      hoverProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: PRODUCT_NAME, version: packageVersion() },
  };
});

connection.onInitialized(
  loggingErrors('initialized', logError, async () => {
    await refreshSettings();
    initialSettingsKnown();
    live.start();
    // No dynamic registration for configuration changes: the VS Code client announces them on its own
    // (synchronize.configurationSection) and would then announce each twice; Neovim sends them unasked.
    if (clientCapabilities.workspace?.workspaceFolders === true) connection.workspace.onDidChangeWorkspaceFolders(loggingErrors('workspace folders', logError, changeWorkspaceFolders));
    if (clientCapabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true) {
      // Modules and bicepconfig.json are read from disk: open documents are analysed again when one changes there.
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{bicep,json,jsonc}' }] });
    }
  }),
);

async function changeWorkspaceFolders(event: WorkspaceFoldersChangeEvent): Promise<void> {
  const removed = new Set(event.removed.map((folder) => filePathOf(folder.uri)));
  const kept = settings.workspaceFolders.filter((folder) => !removed.has(folder));
  settings.setFolders([...kept, ...event.added.flatMap((folder) => filePathOf(folder.uri) ?? [])]);
  await refreshSettings();
  live.reanalyseAll();
}

async function refreshSettings(): Promise<void> {
  if (!canPullSettings) return;
  try {
    const current = await settings.refresh(async (scopeUri) => (await connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION })) as unknown);
    if (current) live.reanalyseAll();
  } catch (error) {
    logError(`Cannot read the ${SETTINGS_SECTION} settings; the defaults apply: ${String(error)}`);
  }
}

// A module or a bicepconfig.json may have been created, changed or deleted: rare enough to analyse every open document again.
connection.onDidChangeWatchedFiles(
  loggingErrors('watched files', logError, () => {
    settings.configFilesChanged();
    live.reanalyseAll();
  }),
);

connection.onDidChangeConfiguration(
  loggingErrors('configuration change', logError, async (params) => {
    if (canPullSettings) return refreshSettings();
    settings.setPushed((params.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION]);
    live.reanalyseAll();
  }),
);

// Trust is only ever granted while a window is open (revoking it reloads the window).
connection.onNotification(
  WORKSPACE_TRUSTED_NOTIFICATION,
  loggingErrors('workspace trusted', logError, () => {
    if (settings.isTrusted) return;
    settings.setTrusted(true);
    live.reanalyseAll();
  }),
);

documents.onDidChangeContent(loggingErrors('document change', logError, (event) => live.changed(event.document)));
documents.onDidClose(
  loggingErrors('document close', logError, async (event) => {
    const filePath = live.close(event.document);
    await audit.refreshClosedFile(filePath, event.document.uri);
  }),
);

connection.onHover(
  withFallback('hover', logError, null, (params) => {
    const analysis = analysedText(live.current(params.textDocument.uri));
    return analysis ? identityHover(analysis, params.position) : null;
  }),
);

connection.onCodeAction(
  withFallback('code action', logError, [], async (params) => {
    const uri = params.textDocument.uri;
    const document = documents.get(uri);
    if (!document) return [];
    // Diagnostics of another version describe other text: fixes computed now would not be theirs.
    const fromOtherVersion = (diagnostic: Diagnostic) => {
      const version = diagnosticVersion(diagnostic);
      return typeof version === 'number' && version !== document.version;
    };
    if (params.context.diagnostics.some(fromOtherVersion)) return [];
    const state = live.current(uri);
    const analysis = analysedText(state);
    if (!state || !analysis) return [];
    const locator = await withFilesFromDisk(live, filesOf(analysis.findings));
    if (!live.isLatest(state)) return []; // Edited while other files were read.
    return codeActions({ analysis, version: state.version, range: params.range, only: params.context.only, locator, documentChanges });
  }),
);

const AuditWorkspaceRequest = new RequestType<AuditWorkspaceParams, AuditWorkspaceResult, void>(AUDIT_WORKSPACE_REQUEST);
const WorkspaceReportRequest = new RequestType<WorkspaceReportParams, WorkspaceReportResult, void>(WORKSPACE_REPORT_REQUEST);
const FixAllWorkspaceRequest = new RequestType0<FixAllWorkspaceResult, void>(FIX_ALL_WORKSPACE_REQUEST);

connection.onRequest(
  AuditWorkspaceRequest,
  reportingErrors('Workspace audit', logError, async (params, token) => {
    await initialSettings;
    const folders = params.folders.length > 0 ? params.folders : settings.workspaceFolders;
    const result = await audit.run(folders, token, connection.window.attachWorkDoneProgress(params.workDoneToken));
    memory.collectNow();
    return result;
  }),
);

connection.onRequest(
  WorkspaceReportRequest,
  reportingErrors('Workspace report', logError, async (params) => {
    const result = audit.lastResult;
    if (!result) throw new ResponseError(ErrorCodes.InvalidRequest, 'No workspace audit has run yet.');
    if (!['text', 'json', 'sarif'].includes(params.format)) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown report format '${String(params.format)}'.`);
    return { content: await formatAuditReport(result, params, packageVersion()) };
  }),
);

const fixAllWorkspace = reportingErrors('Fix all in workspace', logError, () => fixAllInWorkspace(audit.lastResult, live, documentChanges, (filePath) => settings.for(filePath).limits));
connection.onRequest(FixAllWorkspaceRequest, (token) => fixAllWorkspace(undefined, token));

/** Versioned edits need `documentChanges`. Neovim 0.7 applies them without saying so, but declares resource operations, which only documentChanges can carry. */
function supportsDocumentChanges(capabilities: ClientCapabilities): boolean {
  const workspaceEdit = capabilities.workspace?.workspaceEdit;
  return workspaceEdit?.documentChanges === true || (workspaceEdit?.resourceOperations?.length ?? 0) > 0;
}

function workspaceFolderPaths(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.flatMap((uri) => filePathOf(uri) ?? []);
}

function packageVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown'; // A damaged installation still serves.
  }
}

documents.listen(connection);
connection.listen();
