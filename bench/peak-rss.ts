import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';

export interface ChildRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From spawn to exit. */
  readonly milliseconds: number;
  readonly peakRssBytes: number;
  /** How the peak was taken, for the report. */
  readonly peakRssSource: string;
}

/**
 * Runs `node args…` and measures its wall time and peak resident set. With GNU time the peak is the
 * kernel's own (getrusage ru_maxrss of the node process, read by `time -v` as it reaps it); without
 * it, /proc/<pid>/status VmHWM is polled every 20 ms, which misses growth in the child's last 20 ms.
 */
export function runMeasured(args: readonly string[], cwd: string): Promise<ChildRun> {
  return fs.existsSync(GNU_TIME) ? runUnderGnuTime(args, cwd) : runPollingHighWaterMark(args, cwd);
}

async function runUnderGnuTime(args: readonly string[], cwd: string): Promise<ChildRun> {
  const run = await runChild(GNU_TIME, ['-v', process.execPath, ...args], cwd, () => undefined);
  const kilobytes = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1];
  if (kilobytes === undefined) throw new Error(`${GNU_TIME} -v printed no peak RSS:\n${run.stderr}`);
  return { ...run, peakRssBytes: Number(kilobytes) * 1024, peakRssSource: `${GNU_TIME} -v (ru_maxrss)` };
}

async function runPollingHighWaterMark(args: readonly string[], cwd: string): Promise<ChildRun> {
  let peak = 0;
  const run = await runChild(process.execPath, args, cwd, (pid) => {
    peak = Math.max(peak, procStatusBytes(pid, 'VmHWM') ?? 0);
  });
  return { ...run, peakRssBytes: peak, peakRssSource: '/proc/<pid>/status VmHWM polled every 20 ms' };
}

function runChild(command: string, args: readonly string[], cwd: string, poll: (pid: number) => void): Promise<Omit<ChildRun, 'peakRssBytes' | 'peakRssSource'>> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setInterval(() => child.pid !== undefined && poll(child.pid), 20);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearInterval(timer);
      resolve({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), milliseconds: performance.now() - start });
    });
  });
}

/** A `kB` field of /proc/<pid>/status in bytes; undefined once the process is gone. */
export function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s*(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}
