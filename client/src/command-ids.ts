import { SHOW_DOCUMENTATION_COMMAND } from '../../server/src/lsp/protocol';

/** Command ids as contributed in package.json; the server's documentation code action names the last one. */
export const COMMANDS = {
  auditWorkspace: 'identityIsolation.auditWorkspace',
  fixAllWorkspace: 'identityIsolation.fixAllWorkspace',
  showDocumentation: SHOW_DOCUMENTATION_COMMAND,
} as const;
