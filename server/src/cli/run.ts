import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { analysePaths, type AuditOptions, type AuditResult } from '../engine/audit';
import { ConfigError, configFor, limitsOf, loadConfigFile } from '../engine/config/config';
import { newFindings, readBaseline } from './baseline';
import { describeGraph } from '../engine/graph/describe';
import { formatGraphJson, formatGraphMermaid } from './format-graph';
import { unifiedDiff } from '../engine/fixes/apply-edits';
import type { Severity } from '../engine/model/finding';
import type { RuleMetadata } from '../engine/model/rule-metadata';
import { SourceFile } from '../engine/model/source-file';
import { parseArgs, UsageError, type AuditCommand, type FailOn, type GraphCommand } from './args';
import { planFixes, writeFixes } from './fix-files';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { HELP_TEXT, usageErrorText } from './help';
import { Report } from './report';

/** Everything the CLI takes from its process, so that tests can run it in-process. */
export interface CliEnvironment {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly version: string;
  readonly informationUri: string;
  readonly wasmDir: string;
  /** The bundled audit worker; without it `--jobs` runs everything in one thread. */
  readonly workerScript?: string;
  readonly rules: readonly RuleMetadata[];
  readonly audit: (paths: readonly string[], options: AuditOptions) => Promise<AuditResult>;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE_OR_FAILURE = 2;

/** Runs one command line and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  try {
    const command = parseArgs(argv);
    switch (command.kind) {
      case 'help':
        env.stdout(HELP_TEXT);
        return EXIT_OK;
      case 'version':
        env.stdout(`${env.version}\n`);
        return EXIT_OK;
      case 'audit':
        return await runAudit(command, env);
      case 'graph':
        return await runGraph(command, env);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      env.stderr(usageErrorText(error.message));
    } else if (error instanceof ConfigError) {
      env.stderr(`identity-isolation: configuration: ${error.message}\n`);
    } else {
      env.stderr(`identity-isolation: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    return EXIT_USAGE_OR_FAILURE;
  }
}

async function runAudit(command: AuditCommand, env: CliEnvironment): Promise<number> {
  const paths = command.paths.map((given) => path.resolve(env.cwd, given));
  const config = command.config ? loadConfigFile(path.resolve(env.cwd, command.config)) : configFor(auditFolder(paths[0] ?? env.cwd));
  const options: AuditOptions = {
    wasmDir: env.wasmDir,
    includeGenerated: command.includeGenerated,
    workspaceRoots: [env.cwd],
    severities: config.severities,
    exclude: config.exclude,
    followModulesOutsideWorkspace: config.followModulesOutsideWorkspace,
    parameterFiles: config.parameterFiles,
    bicepModuleCache: config.bicepModuleCache,
    jobs: command.jobs,
    workerScript: env.workerScript,
    limits: limitsOf(config),
  };
  let report = await createReport(await env.audit(paths, options), env.cwd);
  let writeFailed = false;

  if (command.fix) {
    const fixes = planFixes(report.findings, (file) => report.source(file));
    if (command.dryRun) {
      for (const fix of fixes) env.stdout(unifiedDiff(report.relativePath(fix.source.path), fix.source.withBom(fix.source.text), fix.newText));
    } else if (fixes.length > 0) {
      const { written, problems, failed } = await writeFixes(fixes);
      const fixCount = written.reduce((sum, fix) => sum + fix.fixCount, 0);
      env.stderr(`Applied ${fixCount} fix${fixCount === 1 ? '' : 'es'} to ${written.length} file${written.length === 1 ? '' : 's'}.\n`);
      for (const problem of problems) env.stderr(`${report.relativePath(problem.file)}: ${problem.message}\n`);
      // What remains is what counts: the report and the exit code come from a fresh audit.
      report = (await createReport(await env.audit(paths, options), env.cwd)).withProblems(problems);
      writeFailed = failed;
    }
  }

  if (command.baseline) {
    const baseline = await readBaseline(path.resolve(env.cwd, command.baseline));
    report = report.withFindings(newFindings(report, baseline));
  }
  const output = format(report, command, env);
  if (command.output === undefined) env.stdout(output);
  else await fs.writeFile(path.resolve(env.cwd, command.output), output);
  // A fix that could not be written is a failure of the run, whatever the findings.
  if (writeFailed) return EXIT_USAGE_OR_FAILURE;
  return failsOn(report, command.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

/** The folder whose nearest bicepconfig.json applies: the audited folder, or a file's folder. */
function auditFolder(given: string): string {
  return /\.(bicep|bicepparam|json|jsonc)$/i.test(given) ? path.dirname(given) : given;
}

async function runGraph(command: GraphCommand, env: CliEnvironment): Promise<number> {
  const paths = command.paths.map((given) => path.resolve(env.cwd, given));
  const { analysed, problems } = await analysePaths(paths, { wasmDir: env.wasmDir, includeGenerated: true });
  const description = describeGraph(analysed, env.cwd);
  env.stdout(command.format === 'mermaid' ? formatGraphMermaid(description) : formatGraphJson(description));
  for (const problem of problems) env.stderr(`${path.relative(env.cwd, problem.file).split(path.sep).join('/')}: ${problem.message}\n`);
  return EXIT_OK;
}

function format(report: Report, command: AuditCommand, env: CliEnvironment): string {
  switch (command.format) {
    case 'text':
      return formatText(report);
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, { version: env.version, informationUri: env.informationUri, rules: env.rules });
  }
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function failsOn(report: Report, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return report.findings.some((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn]);
}

/** Findings may point into files the audit did not analyse (related locations, fixes elsewhere): read those too, so positions are right. */
async function createReport(result: AuditResult, cwd: string): Promise<Report> {
  const analysed = new Set(result.files.map((file) => file.path));
  const referenced = new Set<string>();
  for (const finding of result.findings) {
    for (const file of [finding.file, ...finding.related.map((related) => related.file), ...finding.fixes.map((fix) => fix.file)]) {
      if (!analysed.has(file)) referenced.add(file);
    }
  }
  const extra = await Promise.all([...referenced].map(readSourceFile));
  return new Report(result, cwd, extra.filter((source): source is SourceFile => source !== undefined));
}

async function readSourceFile(file: string): Promise<SourceFile | undefined> {
  try {
    return new SourceFile(file, await fs.readFile(file, 'utf8'));
  } catch {
    return undefined; // The report then places the finding at the file's start: better than no report.
  }
}
