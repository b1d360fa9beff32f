import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';

/**
 * Starts a bundled language server with `node <server> --stdio`, opens one document and returns
 * the first non-empty diagnostics published for it. Run against an unpacked .vsix, this proves the
 * bundle needs nothing but Node and the files packed beside it (grammars, package.json).
 */
export async function firstDiagnostics(serverModule: string, filePath: string, languageId: string, text: string, timeoutMs = 20_000): Promise<Diagnostic[]> {
  const server = spawn(process.execPath, [serverModule, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const uri = pathToFileURL(filePath).href;
  const published = new Promise<Diagnostic[]>((resolve) => {
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      if (params.uri === uri && params.diagnostics.length > 0) resolve(params.diagnostics);
    });
  });
  connection.listen();
  let timer: NodeJS.Timeout | undefined;
  try {
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    await connection.sendNotification(InitializedNotification.type, {});
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no diagnostics for ${filePath} within ${timeoutMs} ms`)), timeoutMs);
    });
    return await Promise.race([published, timeout]);
  } finally {
    clearTimeout(timer);
    await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await connection.sendNotification(ExitNotification.type).catch(() => undefined);
    connection.dispose();
    server.kill();
  }
}
