import { workspace, type Disposable } from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { WORKSPACE_TRUSTED_NOTIFICATION, type InitializationOptions } from '../../server/src/lsp/protocol';

/**
 * Read when the client starts (a function, not a value, so a restart reads it again): in Restricted
 * Mode the server ignores the bicepconfig.json settings that would make it read outside the workspace.
 */
export function initializationOptions(): InitializationOptions {
  return { workspaceTrusted: workspace.isTrusted };
}

/** Trust granted later lifts those limits at once, without restarting the server. */
export function forwardTrustGrant(client: BaseLanguageClient): Disposable {
  return workspace.onDidGrantWorkspaceTrust(() => {
    // Fails only when the client is not running; when it starts again it reads the trust anew.
    client.sendNotification(WORKSPACE_TRUSTED_NOTIFICATION).catch(() => undefined);
  });
}
