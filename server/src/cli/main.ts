import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditPaths } from '../engine/audit';
import { RULES } from '../engine/rules';
import { PROJECT_URL } from '../engine/rules/rule';
import { EXIT_USAGE_OR_FAILURE, runCli } from './run';

// Bundled to server/out/cli.js: the package's root (package.json, grammars/) is two folders up.
const PACKAGE_ROOT = path.join(__dirname, '..', '..');
const INFORMATION_URI = PROJECT_URL;

function packageVersion(): string {
  try {
    const manifest: unknown = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    const version = (manifest as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown'; // A damaged installation still audits.
  }
}

/** The working directory as the shell shows it: through a symbolic link when the user came that way. */
function workingDirectory(): string {
  const real = process.cwd();
  const logical = process.env.PWD;
  try {
    if (logical && path.isAbsolute(logical) && fs.realpathSync(logical) === real) return logical;
  } catch {
    // PWD may name a folder that is gone: the real path is still right.
  }
  return real;
}

runCli(process.argv.slice(2), {
  cwd: workingDirectory(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  version: packageVersion(),
  informationUri: INFORMATION_URI,
  wasmDir: path.join(PACKAGE_ROOT, 'grammars'),
  workerScript: path.join(__dirname, 'audit-worker.js'),
  rules: RULES,
  audit: auditPaths,
}).then(
  (code) => {
    // exitCode, not exit(): a large report piped to stdout must finish flushing first.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`identity-isolation: ${String(error)}\n`);
    process.exitCode = EXIT_USAGE_OR_FAILURE;
  },
);
