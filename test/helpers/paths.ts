import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root, from the compiled location out/test/helpers/. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const GRAMMARS_DIR = path.join(REPO_ROOT, 'grammars');
/** ../shared beside the clone: read-only; copy before writing. */
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');
export const CASES_DIR = path.join(SHARED_DIR, 'cases');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus');

export function sharedAvailable(): boolean {
  return fs.existsSync(CASES_DIR);
}

/** Copies a folder into a fresh temporary folder, so tests never write into ../shared. */
export function copyToTemp(source: string, prefix = 'identity-isolation-'): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(source, target, { recursive: true });
  for (const entry of fs.readdirSync(target, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) fs.chmodSync(path.join(entry.parentPath, entry.name), 0o644);
  }
  return target;
}

/** Writes files into a fresh temporary folder: `{ 'main.bicep': '…' }`. */
export function tempWorkspace(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}
