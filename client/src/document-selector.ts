import type { DocumentFilter } from 'vscode-languageclient';

/**
 * The documents the server analyses. `bicep` and `bicep-params` belong to the official Bicep
 * extension; without it VS Code knows no such languages, so package.json contributes both with
 * only an id, aliases and file extensions. VS Code merges language contributions by id, and ours
 * carries no grammar or language configuration, so with the Bicep extension installed its own
 * definitions win and nothing clashes. `arm-template` is the id of the Azure Resource Manager
 * Tools extension; plain `json`/`jsonc` files are filtered by their `$schema` in the server.
 *
 * Schemes: files on disk and untitled editors, plus `vscode-vfs` (GitHub/Remote Repositories),
 * the virtual workspaces whose open documents the manifest promises to analyse. Other schemes
 * (git diffs, output, settings) are left alone so the Problems panel gets no duplicates.
 */
const LANGUAGES = ['bicep', 'bicep-params', 'json', 'jsonc', 'arm-template'];
const SCHEMES = ['file', 'untitled', 'vscode-vfs'];

export const DOCUMENT_SELECTOR: DocumentFilter[] = LANGUAGES.flatMap((language) =>
  SCHEMES.map((scheme) => ({ language, scheme })),
);
