import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh temporary folder (real path, so that comparisons hold on macOS too) removed after the suite. */
export function useTempFolder(): () => string {
  let folder = '';
  beforeEach(() => {
    folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-cli-')));
  });
  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });
  return () => folder;
}

/** Writes files given as relative path → content, creating folders. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}
