import * as path from 'node:path';

/** The repository root, from the compiled location out/bench/. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI_JS = path.join(REPO_ROOT, 'server', 'out', 'cli.js');
export const SERVER_JS = path.join(REPO_ROOT, 'server', 'out', 'server.js');
export const CLIENT_JS = path.join(REPO_ROOT, 'client', 'out', 'extension.js');
export const GRAMMARS_DIR = path.join(REPO_ROOT, 'grammars');
export const DEFAULT_CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
export const DEFAULT_RESULTS = path.join(REPO_ROOT, 'bench', 'results.json');
