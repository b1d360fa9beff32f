import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  RequestType,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { AUDIT_WORKSPACE_REQUEST, type AuditWorkspaceParams, type AuditWorkspaceResult } from '../server/src/lsp/protocol';
import { SERVER_JS } from './paths';
import { procStatusBytes } from './peak-rss';

type Waiter = { readonly accept: (params: PublishDiagnosticsParams) => boolean; readonly resolve: (publication: Publication) => void };

export interface Publication {
  readonly params: PublishDiagnosticsParams;
  /** performance.now() when the notification was read off the server's stdout. */
  readonly receivedAt: number;
}

const AuditWorkspaceRequest = new RequestType<AuditWorkspaceParams, AuditWorkspaceResult, void>(AUDIT_WORKSPACE_REQUEST);

/** Generous: a wait this long means the server never published, not that it was slow. */
const PUBLICATION_TIMEOUT_MS = 300_000;

/**
 * The bundled language server in its own process over stdio, as an editor starts it, with a client
 * that answers what the server asks (default settings) and hands out the diagnostics it publishes.
 */
export class LspServer {
  private readonly waiters = new Set<Waiter>();
  private stderr = '';

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly connection: ProtocolConnection,
    /** performance.now() when the process was spawned. */
    readonly spawnedAt: number,
  ) {}

  /** Spawns and initializes a server whose one workspace folder is `root`. */
  static async start(root: string): Promise<LspServer> {
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const server = new LspServer(child, connection, spawnedAt);
    child.stderr.on('data', (chunk: Buffer) => (server.stderr += chunk.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => server.published(params));
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({})));
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.listen();
    const rootUri = fileUri(root);
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return server;
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the server process did not start');
    return this.child.pid;
  }

  /** Resident set of the server process now. */
  rssBytes(): number {
    const bytes = procStatusBytes(this.pid, 'VmRSS');
    if (bytes === undefined) throw new Error(`no /proc/${this.pid}/status: the server exited.\n${this.stderr}`);
    return bytes;
  }

  async open(filePath: string, languageId: string, text: string): Promise<string> {
    const uri = fileUri(filePath);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  async change(uri: string, version: number, change: TextDocumentContentChangeEvent): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
  }

  auditWorkspace(folder: string): Promise<AuditWorkspaceResult> {
    return this.connection.sendRequest(AuditWorkspaceRequest, { folders: [folder] });
  }

  /** The next publication that `accept` takes; register it before sending what causes it. */
  nextPublication(accept: (params: PublishDiagnosticsParams) => boolean, what: string): Promise<Publication> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no diagnostics for ${what} within ${PUBLICATION_TIMEOUT_MS / 1000} s.\nServer stderr:\n${this.stderr.slice(-2000)}`));
      }, PUBLICATION_TIMEOUT_MS);
      const waiter: Waiter = {
        accept,
        resolve: (publication) => {
          clearTimeout(timer);
          resolve(publication);
        },
      };
      this.waiters.add(waiter);
    });
  }

  private published(params: PublishDiagnosticsParams): void {
    const receivedAt = performance.now();
    for (const waiter of [...this.waiters]) {
      if (!waiter.accept(params)) continue;
      this.waiters.delete(waiter);
      waiter.resolve({ params, receivedAt });
    }
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.child.exitCode === null && this.child.signalCode === null ? this.child.once('exit', () => resolve()) : resolve()));
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // Already gone: the kill below is a no-op then.
    }
    const timer = setTimeout(() => this.child.kill(), 5000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

export function fileUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}

export function languageIdOf(filePath: string): string {
  switch (path.extname(filePath).toLowerCase()) {
    case '.bicep':
      return 'bicep';
    case '.bicepparam':
      return 'bicep-params';
    case '.jsonc':
      return 'jsonc';
    default:
      return 'json';
  }
}
