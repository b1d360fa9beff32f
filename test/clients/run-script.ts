import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../helpers/paths';

export interface ScriptRun {
  readonly code: number | null;
  /** stdout and stderr interleaved, for the failure message. */
  readonly output: string;
}

/**
 * Runs a command from the repository root in its own process group, killed as a whole when it
 * outlives `timeoutMs`, so a hung editor never outlives the test run.
 */
export function runScript(command: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs} ms]`;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The last lines of a run, enough to see which test failed without flooding the report. */
export function tail(output: string, lines = 60): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}
