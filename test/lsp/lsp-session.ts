import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../helpers/paths';

/** The bundled server, as the extension and other editors run it (`node scripts/build.js` makes it). */
export const SERVER_JS = path.join(REPO_ROOT, 'server', 'out', 'server.js');

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  window: { workDoneProgress: true },
  workspace: { configuration: true, workspaceFolders: true, workspaceEdit: { documentChanges: true } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

export interface SessionOptions {
  /** The workspace folder: a temporary copy of a case, removed when the session stops. */
  readonly root: string;
  /** What the client answers to workspace/configuration for `identityIsolation`. */
  readonly settings?: unknown;
  readonly capabilities?: ClientCapabilities;
  /** Sent as the initialize request's `initializationOptions`. */
  readonly initializationOptions?: unknown;
}

export interface ProgressEvent {
  readonly token: string | number;
  readonly value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;
}

/** A real LSP client connection to the bundled server over stdio, recording what the server sends. */
export class LspSession {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly progress: ProgressEvent[] = [];
  readonly logs: string[] = [];
  settings: unknown;
  private stderr = '';
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly root: string,
    readonly connection: ProtocolConnection,
    private readonly process: ChildProcessWithoutNullStreams,
  ) {}

  static async start(options: SessionOptions): Promise<LspSession> {
    if (!fs.existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`node scripts/build.js\` first.`);
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const session = new LspSession(options.root, connection, child);
    session.settings = options.settings ?? {};
    child.stderr.on('data', (chunk: Buffer) => (session.stderr += chunk.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      session.diagnostics.push(params);
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      session.logs.push(params.message);
    });
    connection.onProgress(WorkDoneProgress.type, 'audit', (value) => {
      session.progress.push({ token: 'audit', value });
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => session.settings));
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: session.uri(''),
      workspaceFolders: [{ uri: session.uri(''), name: path.basename(options.root) }],
      capabilities: options.capabilities ?? CLIENT_CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  uri(relativePath: string): string {
    return pathToFileURL(path.join(this.root, relativePath)).href;
  }

  /** Opens a file of the workspace with its text on disk (or the text given); returns its URI. */
  async open(relativePath: string, languageId: string, text?: string): Promise<string> {
    const uri = this.uri(relativePath);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text: text ?? fs.readFileSync(path.join(this.root, relativePath), 'utf8') },
    });
    return uri;
  }

  /** Sends one change and returns the document's new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** The publications for a URI so far, oldest first. */
  publications(uri: string): PublishDiagnosticsParams[] {
    return this.diagnostics.filter((params) => params.uri === uri);
  }

  /** Waits for a publication for `uri` that satisfies `accept` (the first such, in arrival order). */
  waitForDiagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean, what: string): Promise<PublishDiagnosticsParams> {
    return this.waitFor(() => this.publications(uri).find(accept), what);
  }

  /** Polls until `probe` returns a value, failing after the deadline with what was awaited and what the server said. */
  async waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 15000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.\nServer log:\n${this.logs.join('\n')}\nstderr:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async stop(): Promise<void> {
    if (this.alive) {
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // The server may be gone already; the kill below makes sure.
      }
    }
    const exited = new Promise<void>((resolve) => (this.alive ? this.process.once('exit', () => resolve()) : resolve()));
    const timer = setTimeout(() => this.process.kill(), 3000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
