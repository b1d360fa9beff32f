import * as os from 'node:os';
import * as path from 'node:path';
import { deduplicate } from '../analyze';
import type { AuditOptions, AuditResult } from '../audit';
import type { DeclaredIdentity } from '../graph/identity-index';
import type { FileProblem, Finding } from '../model/finding';
import type { SourceFile } from '../model/source-file';
import { initParsers, templateFileKind } from '../parse';
import { conventionalTemplate, onlyUnderParameterFiles } from '../workspace-analysis';
import { discoverFiles } from '../workspace/discover';
import { FileModuleHost } from '../workspace/module-host';
import { readAhead } from '../workspace/read-source';
import { RelevanceIndex } from '../workspace/relevance';
import { isGeneratedCopyOf } from '../workspace/load-file';
import { inThreadPool, workerPool, type TaskPool } from './pool';
import type { FileOutcome, TaskContext, TaskFile, TaskResult } from './tasks';

/** More threads than this only add memory: reading and merging in the main thread stay serial. */
const MAX_DEFAULT_JOBS = 8;

export function defaultJobs(): number {
  return Math.max(1, Math.min(os.availableParallelism(), MAX_DEFAULT_JOBS));
}

interface ReadFile {
  readonly file: SourceFile;
  readonly outcome: Promise<FileOutcome>;
}

/**
 * The CLI's audit in three steps. 1: read every file in this thread, decide from its text (and its
 * modules' texts) whether it can yield a finding, and hand it to a task that parses it (and
 * analyses it when it can). 2: from the tasks' declared identities, the index that `existing`
 * identities are judged by, and the parameter sets. 3: the templates with `existing` identities,
 * and each parameter set, analysed again. Only texts, findings and problems stay in this thread;
 * results are merged in file order, so the report is the same for any number of jobs.
 */
export async function auditFiles(paths: readonly string[], moduleRoots: readonly string[], options: AuditOptions): Promise<AuditResult> {
  await initParsers(options.wasmDir);
  const discovered = await discoverFiles(paths, { exclude: options.exclude });
  const context: TaskContext = {
    roots: moduleRoots,
    allowOutsideRoots: options.followModulesOutsideWorkspace,
    bicepModuleCache: options.bicepModuleCache,
    severities: options.severities,
    limits: options.limits,
  };
  const jobs = options.jobs ?? defaultJobs();
  const pool: TaskPool = jobs > 1 && options.workerScript ? workerPool(options.workerScript, jobs, { wasmDir: options.wasmDir, context }) : inThreadPool(context);
  try {
    return await runAudit(discovered.files, discovered.problems, options, context, pool);
  } finally {
    await pool.close();
  }
}

async function runAudit(files: readonly string[], discoveryProblems: readonly FileProblem[], options: AuditOptions, context: TaskContext, pool: TaskPool): Promise<AuditResult> {
  const problems: FileProblem[] = [...discoveryProblems];
  const skipped: string[] = [];
  const texts = new Map<string, SourceFile>();
  const host = new FileModuleHost({ roots: context.roots, allowOutsideRoots: context.allowOutsideRoots, bicepModuleCache: context.bicepModuleCache, limits: context.limits });
  const relevance = new RelevanceIndex({ target: (from, modulePath) => host.target(from, modulePath), known: (filePath) => texts.get(filePath)?.text });

  const read: ReadFile[] = [];
  await readAhead(files, options.limits ?? {}, (filePath, outcome) => {
    if (outcome.kind !== 'text') {
      // Binary JSON is not a template: skip it quietly. Binary Bicep, or anything unreadable, is a problem.
      if (templateFileKind(filePath) === 'json' && outcome.kind === 'binary') skipped.push(filePath);
      else problems.push({ file: filePath, message: outcome.kind === 'binary' ? 'is not a text file' : outcome.message });
      return;
    }
    texts.set(filePath, outcome.file);
    const pending = pool.submit({ kind: 'file', file: taskFile(outcome.file), relevant: relevance.isRelevant(filePath) }).then(fileOutcome);
    // Awaited in order later: a failure before then must not count as unhandled.
    pending.catch(() => undefined);
    read.push({ file: outcome.file, outcome: pending });
  });

  const templates: { file: SourceFile; outcome: FileOutcome & { outcome: 'template' } }[] = [];
  const parameterFiles: SourceFile[] = [];
  for (const { file, outcome: pending } of read) {
    const outcome = await pending;
    if (outcome.outcome === 'invalid' || outcome.outcome === 'failed') problems.push({ file: file.path, message: outcome.message });
    else if (outcome.outcome === 'not-template') {
      skipped.push(file.path);
      if (outcome.parametersFile) parameterFiles.push(file);
    } else templates.push({ file, outcome });
  }
  const bicepSources = new Set(templates.filter((t) => t.outcome.language === 'bicep').map((t) => t.file.path));
  const kept = templates.filter(({ file, outcome }) => {
    const generated = isGeneratedCopyOf(file.path, outcome, (bicepPath) => bicepSources.has(bicepPath));
    if (generated && !options.includeGenerated) skipped.push(file.path);
    return !generated || options.includeGenerated;
  });

  const analysable = kept.filter(({ outcome }) => outcome.language !== 'bicepparam');
  const declared: DeclaredIdentity[] = analysable.flatMap(({ outcome }) => outcome.identities);
  pool.setDeclaredIdentities(declared);
  const findingsOf = async (result: Promise<TaskResult>): Promise<Finding[]> => {
    const settled = await result;
    if (settled.outcome === 'failed' && !problems.some((problem) => problem.file === settled.file)) problems.push({ file: settled.file, message: settled.message });
    return settled.outcome === 'findings' || settled.outcome === 'template' ? settled.findings : [];
  };
  const again = analysable.map(({ file, outcome }) => (outcome.hasExisting ? findingsOf(pool.submit({ kind: 'existing', file: taskFile(file) })) : Promise.resolve(outcome.findings)));
  const byPath = new Map(analysable.map((entry) => [entry.file.path, entry.file]));
  const underParameterFiles = parameterSets(kept, parameterFiles, byPath, options.parameterFiles).map(({ parameterFile, target }) =>
    relevance.isRelevant(target.path) ? findingsOf(pool.submit({ kind: 'parameters', target: taskFile(target), parameterFile: taskFile(parameterFile) })) : Promise.resolve([]),
  );
  const defaults = deduplicate((await Promise.all(again)).flat());
  const findings: Finding[] = deduplicate([...defaults, ...onlyUnderParameterFiles(defaults, (await Promise.all(underParameterFiles)).flat())]);
  problems.push(...kept.flatMap(({ outcome }) => outcome.problems));
  return { files: kept.map(({ file }) => file), skipped: skipped.sort(), findings, problems };
}

/** The parameter sets in the order the in-memory analysis builds them: `.bicepparam` files, then ARM parameters files. */
function parameterSets(
  templates: readonly { file: SourceFile; outcome: FileOutcome & { outcome: 'template' } }[],
  parameterFiles: readonly SourceFile[],
  byPath: ReadonlyMap<string, SourceFile>,
  pairs: ReadonlyMap<string, string> | undefined,
): { parameterFile: SourceFile; target: SourceFile }[] {
  const sets: { parameterFile: SourceFile; target: SourceFile | undefined }[] = [];
  for (const { file, outcome } of templates) {
    if (outcome.language !== 'bicepparam' || !outcome.usingPath) continue;
    sets.push({ parameterFile: file, target: byPath.get(path.resolve(path.dirname(file.path), outcome.usingPath)) });
  }
  for (const file of parameterFiles) {
    const target = pairs?.get(file.path) ?? conventionalTemplate(file.path, (candidate) => byPath.has(candidate));
    if (target) sets.push({ parameterFile: file, target: byPath.get(target) });
  }
  return sets.filter((set): set is { parameterFile: SourceFile; target: SourceFile } => set.target !== undefined);
}

function taskFile(file: SourceFile): TaskFile {
  return { path: file.path, text: file.withBom(file.text) };
}

function fileOutcome(result: TaskResult): FileOutcome {
  if (result.outcome === 'findings') throw new Error('a file task answered with findings only');
  return result;
}
