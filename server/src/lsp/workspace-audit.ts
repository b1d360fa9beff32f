import * as path from 'node:path';
import type { CancellationToken, PublishDiagnosticsParams, WorkDoneProgressReporter } from 'vscode-languageserver';
import {
  analyzeWorkspace,
  discoverFiles,
  emptyLoadedFiles,
  failureProblem,
  isGeneratedCopy,
  loadFile,
  readSource,
  syntaxProblemOf,
  type AnalysisFailure,
  type AnalyzeOptions,
  type AuditResult,
  type FileProblem,
  type Finding,
  type LoadedFiles,
  type LoadedTemplate,
} from '../engine';
import { summarizeAudit } from './audit-summary';
import { toDiagnostic } from './diagnostics';
import type { TextOutcome } from './document-analysis';
import type { LiveDocuments } from './documents';
import { diskFilesLocator, withFilesFromDisk, type FileLocator } from './file-texts';
import { describeError } from './guard';
import type { AuditWorkspaceResult } from './protocol';
import type { EffectiveSettings } from './settings';

export interface AuditEnvironment {
  readonly live: LiveDocuments;
  settingsFor(filePath: string): EffectiveSettings;
  /** Loads the modules of templates under `folder`, preferring the templates given (the texts the audit read). */
  modulesFor(folder: string, known: (filePath: string) => LoadedTemplate | undefined): AnalyzeOptions['modules'];
  /** Analyses one file's text as an open document's is analysed. */
  analyse(filePath: string, text: string): TextOutcome;
  sendDiagnostics(params: PublishDiagnosticsParams): void;
  logError(message: string): void;
}

/**
 * The workspace audit: every template under the folders, open or not, analysed as whole
 * deployments the way the CLI's audit does (modules, parameter files, existing identities). It reads
 * and parses the files one by one itself, rather than through the engine's auditPaths, so that it
 * can report progress and stop between files when cancelled. Open documents are audited with their
 * editor text and keep their live diagnostics; other files get the audit's, and lose them when a
 * later audit finds nothing there. A file the engine fails on is one problem of the audit, and
 * the failures of one audit are one line of the log: a broken repository must not flood it.
 */
export class WorkspaceAudit {
  private last: AuditResult | undefined;
  /** Positions in the last audit's texts: made once per audit, since every publication needs it. */
  private lastTexts: FileLocator | undefined;
  /** Files (not open) that show diagnostics from an audit. */
  private readonly published = new Set<string>();
  private latestRun = 0;

  constructor(private readonly env: AuditEnvironment) {}

  get lastResult(): AuditResult | undefined {
    return this.last;
  }

  async run(folders: readonly string[], token: CancellationToken, progress: WorkDoneProgressReporter): Promise<AuditWorkspaceResult> {
    const run = ++this.latestRun;
    progress.begin('Identity isolation audit', 0, 'Finding templates');
    try {
      const roots = folders.map((folder) => path.resolve(folder));
      const discovered = await this.discover(roots);
      const loaded = emptyLoadedFiles(discovered.problems);
      const failures: AnalysisFailure[] = [];
      let cancelled = false;
      for (const [index, filePath] of discovered.files.entries()) {
        // A turn of the event loop lets a cancellation in before the next file is read.
        await nextTurn();
        if (token.isCancellationRequested) {
          cancelled = true;
          break;
        }
        progress.report(Math.floor((100 * index) / discovered.files.length), `Auditing ${index + 1} of ${discovered.files.length} files`);
        try {
          await loadFile(filePath, loaded, { editorText: this.env.live.openText(filePath), limits: this.env.settingsFor(filePath).limits });
        } catch (error) {
          failures.push({ file: filePath, error });
        }
      }
      progress.report(100, 'Analysing deployments');
      const result = this.analyse(roots, loaded, failures);
      this.logFailures(failures);
      // An older audit that finishes late must not overwrite what a newer one published.
      if (run === this.latestRun) {
        this.last = result;
        this.lastTexts = diskFilesLocator(result.files, this.env.live);
        const reached = cancelled ? new Set(loaded.templates.map(({ file }) => file.path)) : undefined;
        await this.publish(result, reached, this.lastTexts);
      }
      return summarizeAudit(result, cancelled, this.env.live);
    } finally {
      progress.done();
    }
  }

  /**
   * Once a document closes, its file shows what the last audit found there while the disk still
   * holds the text it audited; a file saved since is analysed again on its own. A file no audit
   * read shows nothing.
   */
  async refreshClosedFile(filePath: string, uri: string): Promise<void> {
    const audited = this.last?.files.find((file) => file.path === filePath);
    let findings: readonly Finding[] = [];
    let texts: FileLocator = this.lastTexts ?? this.env.live;
    if (audited) {
      const read = await readSource(filePath, this.env.settingsFor(filePath).limits);
      const disk = read.kind === 'text' ? read.file : undefined;
      if (disk?.text === audited.text) {
        findings = this.last?.findings.filter((finding) => finding.file === filePath) ?? [];
      } else if (disk) {
        const outcome = this.env.analyse(filePath, disk.withBom(disk.text));
        findings = outcome.kind === 'analysed' ? outcome.analysis.findings.filter((finding) => finding.file === filePath) : [];
        // Analysed now, from today's disk: other files' positions are read from it too, not taken from the audit.
        texts = diskFilesLocator([disk], this.env.live);
      }
    }
    await this.publishFile(filePath, uri, findings, texts);
  }

  private async discover(roots: readonly string[]): Promise<{ files: string[]; problems: FileProblem[] }> {
    const files = new Set<string>();
    const problems: FileProblem[] = [];
    // Each folder has its own `exclude` globs, relative to it.
    for (const root of roots) {
      const found = await discoverFiles([root], { exclude: this.env.settingsFor(root).exclude });
      for (const file of found.files) files.add(file);
      problems.push(...found.problems);
    }
    return { files: [...files].sort(), problems };
  }

  /**
   * The deployments of each folder together, with that folder's settings; generated copies left out
   * as the CLI does. Files the engine fails on join `failures` and become problems.
   */
  private analyse(roots: readonly string[], loaded: LoadedFiles, failures: AnalysisFailure[]): AuditResult {
    const bicepSources = new Set(loaded.templates.filter(({ template }) => template.language === 'bicep').map(({ file }) => file.path));
    const skipped = [...loaded.skipped];
    const problems = [...loaded.problems];
    const templates: LoadedTemplate[] = [];
    for (const loadedTemplate of loaded.templates) {
      if (!this.env.settingsFor(loadedTemplate.file.path).includeGenerated && isGeneratedCopy(loadedTemplate, (bicepPath) => bicepSources.has(bicepPath))) skipped.push(loadedTemplate.file.path);
      else templates.push(loadedTemplate);
    }

    const byPath = new Map(templates.map((loadedTemplate) => [loadedTemplate.file.path, loadedTemplate]));
    const findings: Finding[] = [];
    for (const root of roots) {
      const inRoot = (filePath: string) => filePath === root || filePath.startsWith(root + path.sep);
      const group = templates.filter(({ file }) => inRoot(file.path));
      const settings = this.env.settingsFor(root);
      try {
        const analysis = analyzeWorkspace(
          group,
          loaded.parameterFiles.filter(({ file }) => inRoot(file.path)),
          { modules: this.env.modulesFor(root, (filePath) => byPath.get(filePath)), severities: settings.severities, parameterFilePairs: settings.parameterFiles },
        );
        findings.push(...analysis.findings);
        failures.push(...analysis.failures);
      } catch (error) {
        // Not one file's failure (the engine catches those) but the folder's: each of its templates is a problem.
        failures.push(...group.map(({ file }) => ({ file: file.path, error })));
      }
    }
    const failed = new Set(failures.map((failure) => failure.file));
    const analysed = templates.filter(({ file }) => !failed.has(file.path));
    problems.push(...failures.map(failureProblem), ...analysed.flatMap(syntaxProblemOf));
    return { files: analysed.map(({ file }) => file), skipped: skipped.sort(), findings: deduplicate(findings), problems };
  }

  /** One log line per audit, with the first failure's stack: the rest are alike, and each is a problem in the report. */
  private logFailures(failures: readonly AnalysisFailure[]): void {
    const first = failures[0];
    if (!first) return;
    const others = failures.length === 1 ? '' : ` (and ${failures.length - 1} other file${failures.length === 2 ? '' : 's'}, listed as problems)`;
    this.env.logError(`Workspace audit: cannot analyse ${first.file}${others}: ${describeError(first.error)}`);
  }

  /**
   * Diagnostics for every file with findings that is not open (an open document's text wins, and
   * its live diagnostics with it). Files that showed audit diagnostics and have none now are cleared;
   * after a cancelled audit, only among the files it reached.
   */
  private async publish(result: AuditResult, reached: ReadonlySet<string> | undefined, texts: FileLocator): Promise<void> {
    const byFile = new Map<string, Finding[]>();
    for (const finding of result.findings) {
      const list = byFile.get(finding.file);
      if (list) list.push(finding);
      else byFile.set(finding.file, [finding]);
    }
    for (const [file, findings] of byFile) {
      if (!this.env.live.isOpen(file)) await this.publishFile(file, this.env.live.uri(file), findings, texts);
    }
    for (const file of [...this.published]) {
      if (byFile.has(file) || (reached && !reached.has(file))) continue;
      if (!this.env.live.isOpen(file)) await this.publishFile(file, this.env.live.uri(file), [], texts);
    }
  }

  /** `texts` knows the text the findings were made against; files it does not know are read from disk. */
  private async publishFile(file: string, uri: string, findings: readonly Finding[], texts: FileLocator): Promise<void> {
    const locator = await withFilesFromDisk(
      texts,
      findings.flatMap((finding) => [finding.file, ...finding.related.map((related) => related.file)]),
    );
    if (this.env.live.isOpen(file)) return; // Opened while other files were read: its live diagnostics rule.
    if (findings.length > 0) this.published.add(file);
    else this.published.delete(file);
    this.env.sendDiagnostics({ uri, diagnostics: findings.map((finding) => toDiagnostic(finding, locator, null)) });
  }
}

/** A finding in a module is found from the module and from every folder that calls it: report it once. */
function deduplicate(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const finding of findings) {
    const key = `${finding.ruleId}|${finding.file}|${finding.range.start}|${finding.range.end}|${finding.parameterFile ?? ''}`;
    if (!byKey.has(key)) byKey.set(key, finding);
  }
  return [...byKey.values()];
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
