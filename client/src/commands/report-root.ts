import * as path from 'node:path';

/**
 * The folder that paths in a workspace report are relative to: the workspace folder itself, or
 * for a multi-root workspace the deepest folder holding all of them (the file-system root at worst).
 */
export function reportRoot(folders: readonly string[]): string {
  const [first, ...others] = folders.map((folder) => path.resolve(folder));
  if (first === undefined) throw new Error('reportRoot needs at least one folder');
  let root = first;
  for (const folder of others) {
    while (!isInside(folder, root) && path.dirname(root) !== root) root = path.dirname(root);
  }
  return root;
}

function isInside(candidate: string, folder: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === '' || (relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative));
}
