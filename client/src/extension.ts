import { commands, type ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS } from './command-ids';
import { auditWorkspaceCommand } from './commands/audit-workspace';
import { fixAllWorkspaceCommand } from './commands/fix-all-workspace';
import { showDocumentation } from './commands/show-documentation';
import { createLanguageClient } from './language-client';
import { forwardTrustGrant } from './workspace-trust';

let client: LanguageClient | undefined;

/**
 * Activated by a Bicep or JSON document or one of our commands. Activation only registers the
 * commands and starts the server; every analysis happens in the server process.
 */
export async function activate(context: ExtensionContext): Promise<void> {
  const languageClient = createLanguageClient(context);
  client = languageClient;
  context.subscriptions.push(
    commands.registerCommand(COMMANDS.auditWorkspace, auditWorkspaceCommand(languageClient)),
    commands.registerCommand(COMMANDS.fixAllWorkspace, fixAllWorkspaceCommand(languageClient)),
    commands.registerCommand(COMMANDS.showDocumentation, showDocumentation),
    forwardTrustGrant(languageClient),
  );
  await languageClient.start();
}

/** Lets VS Code wait for the server to shut down cleanly. */
export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
