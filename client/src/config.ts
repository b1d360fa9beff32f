import { SETTINGS_SECTION } from '../../server/src/lsp/protocol';

/** The settings prefix; also the language client's id, so `identityIsolation.trace.server` drives the LSP trace. */
export const CONFIGURATION_SECTION = SETTINGS_SECTION;

export const CLIENT_NAME = 'Identity Isolation';

/** Where the bundled language server lives inside the extension. */
export const SERVER_MODULE = 'server/out/server.js';
