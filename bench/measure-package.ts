import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';
import type { Results } from './results';
import { MB } from './stats';

/**
 * Packs the extension with `npm run package` into a temporary folder. vsce runs vscode:prepublish
 * first, which rebuilds the bundles minified: the later measurements then run what the .vsix ships.
 */
export function measurePackage(results: Results): Promise<void> {
  return results.attempt('vsix_mb', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-bench-'));
    try {
      const vsix = path.join(folder, 'extension.vsix');
      const packed = spawnSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: REPO_ROOT, encoding: 'utf8' });
      if (packed.status !== 0) throw new Error(`npm run package failed:\n${packed.stdout}\n${packed.stderr}`);
      results.metric('vsix_mb', fs.statSync(vsix).size / MB, `npm run package (minified bundles, grammars): ${fs.statSync(vsix).size} bytes`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
}

/** Puts the development bundles back, as `npm run build` leaves them. */
export function rebuildDevelopmentBundles(): void {
  const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.js')], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`node scripts/build.js failed:\n${built.stderr}`);
}
