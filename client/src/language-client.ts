import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_NAME, CONFIGURATION_SECTION, SERVER_MODULE } from './config';
import { DOCUMENT_SELECTOR } from './document-selector';
import { initializationOptions } from './workspace-trust';

/** The language client for the bundled server, which runs in a Node child process over IPC. */
export function createLanguageClient(context: ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(SERVER_MODULE);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // Pushes `identityIsolation.*` on every change; the server may also pull per folder with
    // workspace/configuration, which the client answers from the same settings.
    synchronize: { configurationSection: CONFIGURATION_SECTION },
    initializationOptions,
  };
  return new LanguageClient(CONFIGURATION_SECTION, CLIENT_NAME, serverOptions, clientOptions);
}
