import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { templateFiles, totalBytes } from './corpus';
import { measureAudit } from './measure-audit';
import { measureMemory } from './measure-memory';
import { measurePackage, rebuildDevelopmentBundles } from './measure-package';
import { measureStart } from './measure-start';
import { measureTyping } from './measure-typing';
import type { BenchOptions } from './options';
import { CLI_JS, REPO_ROOT, SERVER_JS } from './paths';
import { Results } from './results';
import { MB, round } from './stats';

/** Runs every measurement, prints the table and writes the results file; false when a measurement failed. */
export async function runBench(options: BenchOptions, log: (line: string) => void): Promise<boolean> {
  for (const required of [CLI_JS, SERVER_JS, options.corpus]) {
    if (!fs.existsSync(required)) throw new Error(`${required} is missing (the bundles come from \`node scripts/build.js\`)`);
  }
  const files = templateFiles(options.corpus);
  if (files.length === 0) throw new Error(`no templates under ${options.corpus}`);
  log(`Corpus ${options.corpus}: ${files.length} templates, ${round(totalBytes(files) / MB)} MB; ${os.cpus().length} cores.`);

  const results = new Results();
  const step = async (name: string, measure: () => Promise<void>) => {
    log(`… ${name}`);
    await results.attempt(name, measure);
  };
  try {
    if (options.quick) results.notMeasured('vsix_mb', '--quick');
    else await step('package', () => measurePackage(results));
    await step('audit', () => measureAudit(options, files, results));
    await step('typing', () => measureTyping(options, files, results));
    await step('start', () => measureStart(options, results));
    await step('memory', () => measureMemory(options, files, results));
  } finally {
    if (!options.quick) rebuildDevelopmentBundles();
  }

  const measuredWith = environment(options);
  results.write(options.out, measuredWith);
  log('');
  log(`Bundles: ${String(measuredWith.bundles)}; commit ${String(measuredWith.commit)}.`);
  log(results.table());
  log('');
  log(`Written to ${options.out}`);
  return !results.failed;
}

function environment(options: BenchOptions): Record<string, unknown> {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    commit: gitCommit(),
    bundles: options.quick ? 'as built before the run' : 'minified by vscode:prepublish, as in the .vsix',
    options,
  };
}

/** The commit and whether the tree differs from it: the engine changes under the benchmark. */
function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}
