import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkDoneProgressReporter } from 'vscode-languageserver';
import { CancellationToken, CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { auditPaths, FileModuleHost, initParsers, type AuditResult, type SourceFile } from '../../server/src/engine';
import type { LiveDocuments } from '../../server/src/lsp/documents';
import type { FileLocator } from '../../server/src/lsp/file-texts';
import type { EffectiveSettings } from '../../server/src/lsp/settings';
import { WorkspaceAudit } from '../../server/src/lsp/workspace-audit';
import { AUDIT_WORKSPACE_REQUEST, type AuditWorkspaceParams, type AuditWorkspaceResult } from '../../server/src/lsp/protocol';
import { GRAMMARS_DIR } from '../helpers/paths';
import type { LspSession } from '../lsp/lsp-session';
import { bicepIdentity, FS_FAULTS_PRELOAD, runCli, startServer, timed, writeWorkspace } from './helpers';
import { installFsFaults, readFaultLog, type FsFaults } from './preload/fs-faults';

function names(result: AuditResult): string[] {
  return result.files.map((file) => path.basename(file.path)).sort();
}

function problem(result: AuditResult, file: string): string | undefined {
  return result.problems.find((p) => p.file === file)?.message;
}

/** Runs `fn` with file-system faults installed in this process (the engine reads through fs.promises). */
async function withFaults<T>(faults: FsFaults, fn: () => Promise<T>): Promise<T> {
  const uninstall = installFsFaults(faults);
  try {
    return await fn();
  } finally {
    uninstall();
  }
}

describe('workspace audit faults', function () {
  this.timeout(30_000);
  let root: string;

  beforeEach(function () {
    root = writeWorkspace({
      'a.bicep': bicepIdentity('a'),
      'b.bicep': bicepIdentity('b'),
      'c.bicep': bicepIdentity('c'),
      'sub/d.bicep': bicepIdentity('d'),
      'e.json': `{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[]}`,
    });
  });

  afterEach(function () {
    fs.rmSync(root, { recursive: true, force: true });
  });

  describe('unreadable files (as root too: the failures are injected, not made with chmod)', function () {
    it('a file whose read fails is a problem; the others are audited', async function () {
      const result = await withFaults({ failRead: [path.join(root, 'b.bicep')] }, () => auditPaths([root], { wasmDir: GRAMMARS_DIR }));
      assert.match(problem(result, path.join(root, 'b.bicep')) ?? '', /^cannot be read: EIO/);
      assert.deepEqual(names(result), ['a.bicep', 'c.bicep', 'd.bicep', 'e.json']);
      assert.equal(result.findings.filter((f) => f.ruleId === 'isolation-scope-missing').length, 3);
    });

    it('a folder that cannot be listed is a problem; the others are audited', async function () {
      const result = await withFaults({ failReaddir: [path.join(root, 'sub')] }, () => auditPaths([root], { wasmDir: GRAMMARS_DIR }));
      assert.match(problem(result, path.join(root, 'sub')) ?? '', /Cannot read this folder/);
      assert.deepEqual(names(result), ['a.bicep', 'b.bicep', 'c.bicep', 'e.json']);
    });

    it('a real read failure that root cannot bypass (a link to /proc/self/mem) is a problem, in the engine and the CLI', async function () {
      if (process.platform !== 'linux') this.skip();
      fs.symlinkSync('/proc/self/mem', path.join(root, 'mem.bicep'));
      const result = await auditPaths([root], { wasmDir: GRAMMARS_DIR });
      assert.match(problem(result, path.join(root, 'mem.bicep')) ?? '', /cannot be read/);
      assert.equal(result.files.length, 5);
      const run = runCli(['audit', '.', '--format', 'json', '--fail-on', 'none'], { cwd: root });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /"file": "mem\.bicep",\s*"message": "cannot be read/);
    });

    it('the CLI, with a read failure injected into its process, reports the file and goes on', function () {
      const run = runCli(['audit', '.', '--format', 'json', '--fail-on', 'none'], {
        cwd: root,
        preloads: [FS_FAULTS_PRELOAD],
        env: { IDENTITY_FS_FAULTS: JSON.stringify({ failRead: [path.join(root, 'a.bicep')] }) },
      });
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as { summary: { files: number }; problems: { file: string; message: string }[] };
      assert.equal(report.summary.files, 4);
      assert.deepEqual(report.problems.map((p) => p.file), ['a.bicep']);
      assert.match(report.problems[0]?.message ?? '', /cannot be read: EIO/);
    });
  });

  describe('files deleted or rewritten during the audit', function () {
    it('a file deleted after discovery, before it is read: a problem, no exception', async function () {
      const result = await withFaults({ deleteBeforeRead: [path.join(root, 'b.bicep')] }, () => auditPaths([root], { wasmDir: GRAMMARS_DIR }));
      assert.match(problem(result, path.join(root, 'b.bicep')) ?? '', /cannot be read: ENOENT/);
      assert.deepEqual(names(result), ['a.bicep', 'c.bicep', 'd.bicep', 'e.json']);
    });

    it('a file rewritten after discovery: its new text is what is analysed, positions included', async function () {
      const rewritten = `// moved down two lines\n\n${bicepIdentity('moved')}`;
      const result = await withFaults({ rewriteBeforeRead: { [path.join(root, 'b.bicep')]: rewritten } }, () => auditPaths([root], { wasmDir: GRAMMARS_DIR }));
      const finding = result.findings.find((f) => f.file === path.join(root, 'b.bicep'));
      assert.ok(finding);
      assert.match(finding.message, /'moved'/);
      assert.equal(rewritten.slice(finding.range.start, finding.range.end), "'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30'");
    });
  });

  describe('symbolic link loops', function () {
    it('loops of folders and files end: each file once, a template-named loop is a problem', async function () {
      fs.symlinkSync(root, path.join(root, 'sub', 'up'), 'dir');
      fs.symlinkSync(path.join(root, 'sub'), path.join(root, 'sub', 'self'), 'dir');
      fs.symlinkSync(path.join(root, 'ping.bicep'), path.join(root, 'pong.bicep'));
      fs.symlinkSync(path.join(root, 'pong.bicep'), path.join(root, 'ping.bicep'));
      fs.symlinkSync(path.join(root, 'loop.bicep'), path.join(root, 'loop.bicep.tmp'));
      fs.renameSync(path.join(root, 'loop.bicep.tmp'), path.join(root, 'loop.bicep'));
      const { value: result, millis } = await timed(() => auditPaths([root], { wasmDir: GRAMMARS_DIR }));
      assert.ok(millis < 5000, `took ${Math.round(millis)} ms`);
      assert.deepEqual(names(result), ['a.bicep', 'b.bicep', 'c.bicep', 'd.bicep', 'e.json']);
      for (const name of ['ping.bicep', 'pong.bicep', 'loop.bicep']) assert.match(problem(result, path.join(root, name)) ?? '', /too many levels of symbolic links/, name);
      const run = runCli(['audit', '.', '--format', 'json', '--fail-on', 'none'], { cwd: root, timeout: 20_000 });
      assert.equal(run.status, 0, run.stderr);
    });
  });
});

describe('a workspace of 50,000 files', function () {
  this.timeout(60_000);
  let big: string;
  const SOURCE_FILES = 1500;

  before(function () {
    // Hard links for the 48,500 others: creating 50,000 distinct files costs seconds on some file
    // systems. The 1,500 sources are distinct files with distinct identity names.
    big = writeWorkspace({ 'proto/identity.bicep': bicepIdentity('generated'), 'proto/data.txt': 'x' });
    const link = (proto: string, folder: string, count: number, name: (index: number) => string) => {
      fs.mkdirSync(path.join(big, folder), { recursive: true });
      for (let index = 0; index < count; index++) fs.linkSync(path.join(big, 'proto', proto), path.join(big, folder, name(index)));
    };
    for (let folder = 0; folder < 40; folder++) link('identity.bicep', `generated/g${folder}`, 500, (i) => `m${i}.bicep`);
    for (let folder = 0; folder < 100; folder++) link('data.txt', `data/d${folder}`, 285, (i) => `f${i}.txt`);
    for (let folder = 0; folder < 20; folder++) {
      fs.mkdirSync(path.join(big, 'src', `s${folder}`), { recursive: true });
      for (let index = 0; index < SOURCE_FILES / 20; index++) fs.writeFileSync(path.join(big, 'src', `s${folder}`, `m${index}.bicep`), bicepIdentity(`id_${folder}_${index}`));
    }
    fs.rmSync(path.join(big, 'proto'), { recursive: true });
  });

  after(function () {
    fs.rmSync(big, { recursive: true, force: true });
  });

  it('the engine honours the exclusions: only the 1,500 sources are read', async function () {
    const log = path.join(os.tmpdir(), `identity-isolation-reads-${process.pid}.jsonl`);
    try {
      const { value: result, millis } = await timed(() => withFaults({ log }, () => auditPaths([big], { wasmDir: GRAMMARS_DIR, exclude: ['generated/**'] })));
      assert.equal(result.files.length, SOURCE_FILES);
      assert.ok(!result.findings.some((f) => f.file.includes(`${path.sep}generated${path.sep}`)));
      const reads = readFaultLog(log).filter((event) => event.op === 'read' && event.path?.startsWith(big));
      assert.equal(reads.length, SOURCE_FILES, 'no excluded or non-template file is read');
      assert.ok(millis < 20_000, `took ${Math.round(millis)} ms`);
      console.log(`      50,000 files: engine audit with exclusions in ${Math.round(millis)} ms`);
    } finally {
      fs.rmSync(log, { force: true });
    }
  });

  describe('in the language server', function () {
    let session: LspSession | undefined;
    const log = path.join(os.tmpdir(), `identity-isolation-server-reads-${process.pid}.jsonl`);

    before(async function () {
      fs.rmSync(log, { force: true });
      session = await startServer(
        { root: fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-50k-lsp-')), settings: { exclude: ['generated/**'] } },
        { preloads: [FS_FAULTS_PRELOAD], env: { IDENTITY_FS_FAULTS: JSON.stringify({ log }) } },
      );
      // The server analyses open documents once it has pulled the settings: a publication means they are in.
      const probe = await session.open('probe.bicep', 'bicep', '');
      await session.waitForDiagnostics(probe, () => true, 'the settings to be pulled');
    });

    after(async function () {
      await session?.stop();
      fs.rmSync(log, { force: true });
    });

    function audit(token: string, cancel?: CancellationTokenSource): Promise<AuditWorkspaceResult> {
      assert.ok(session);
      const params: AuditWorkspaceParams = { folders: [big], workDoneToken: token };
      return cancel ? session.connection.sendRequest<AuditWorkspaceResult>(AUDIT_WORKSPACE_REQUEST, params, cancel.token) : session.connection.sendRequest<AuditWorkspaceResult>(AUDIT_WORKSPACE_REQUEST, params);
    }

    it('audits with exclusions honoured, and its progress stays live', async function () {
      assert.ok(session);
      const live = session;
      const times: number[] = [];
      const percentages: number[] = [];
      const seen = live.progress.length;
      const { value: result, millis } = await timed(async () => {
        const pending = audit('audit');
        // Sample the progress as the client would see it.
        const sampler = setInterval(() => {
          const events = live.progress.slice(seen);
          const last = events.at(-1)?.value;
          if (last?.kind === 'report' && last.percentage !== undefined && last.percentage !== percentages.at(-1)) {
            percentages.push(last.percentage);
            times.push(performance.now());
          }
        }, 20);
        try {
          return await pending;
        } finally {
          clearInterval(sampler);
        }
      });
      assert.equal(result.cancelled, false);
      assert.equal(result.files, SOURCE_FILES);
      assert.ok(!result.worstFiles.some((entry) => entry.uri.includes('/generated/')));
      const events = live.progress.slice(seen).map((event) => event.value);
      assert.equal(events[0]?.kind, 'begin');
      assert.equal(events.at(-1)?.kind, 'end');
      const reports = events.filter((value) => value.kind === 'report');
      assert.ok(reports.length >= 100, `${reports.length} progress reports`);
      assert.match(reports.at(-2)?.message ?? '', /Auditing 1500 of 1500 files/);
      const gaps = times.slice(1).map((time, index) => time - (times[index] ?? time));
      assert.ok(Math.max(0, ...gaps) < 2000, `the longest wait between progress updates was ${Math.round(Math.max(0, ...gaps))} ms`);
      const reads = readFaultLog(log).filter((event) => event.op === 'read' && event.path?.startsWith(big));
      assert.equal(reads.length, SOURCE_FILES, 'no excluded or non-template file is read');
      console.log(`      50,000 files: server audit in ${Math.round(millis)} ms, ${reports.length} progress reports, ${percentages.length} distinct percentages seen`);
    });

    // The server pulls the settings in `initialized`; an audit request sent at once, before the
    // pull is answered, waits for it rather than run with the defaults (which would read the
    // 20,000 excluded files).
    it('an audit requested right after initialization honours the exclusions', async function () {
      const early = await startServer({ root: fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-50k-early-')), settings: { exclude: ['generated/**'] } });
      try {
        const result = await early.connection.sendRequest<AuditWorkspaceResult>(AUDIT_WORKSPACE_REQUEST, { folders: [big] });
        assert.equal(result.files, SOURCE_FILES);
      } finally {
        await early.stop();
      }
    });

    it('a cancelled audit stops before the next file is read', async function () {
      assert.ok(session);
      const live = session;
      fs.writeFileSync(log, '');
      const source = new CancellationTokenSource();
      const seen = live.progress.length;
      const pending = audit('audit', source);
      await live.waitFor(() => live.progress.slice(seen).find((event) => event.value.kind === 'report' && /Auditing 100 of/.test(event.value.message ?? '')), 'progress past file 100');
      const cancelledAt = performance.now();
      source.cancel();
      const result = await pending;
      const latency = performance.now() - cancelledAt;
      assert.equal(result.cancelled, true);
      assert.ok(result.files >= 100 && result.files < SOURCE_FILES, `${result.files} files audited`);
      const reads = readFaultLog(log).filter((event) => event.op === 'read' && event.path?.startsWith(big));
      assert.equal(reads.length, result.files + result.problems + result.skipped, 'every file read was audited: none was read after the cancellation');
      assert.ok(latency < 2000, `answered ${Math.round(latency)} ms after the cancellation`);
      assert.equal(live.progress.at(-1)?.value.kind, 'end');
    });
  });
});

describe('workspace audit cost in the language server', function () {
  this.timeout(60_000);

  // Publishing once read every audited text per published file (quadratic: 8,000 files took 15 s
  // over stdio). This test counts the texts handed to diskFilesLocator during one audit of 300
  // files: it was 90,000; now each audited text once. (declaredIdentityIndex in
  // engine/workspace-analysis.ts was quadratic too, in identities that share one name.)
  it('publishing the diagnostics of an audit does work linear in the files', async function () {
    const count = 300;
    const files: Record<string, string> = {};
    for (let index = 0; index < count; index++) files[`m${index}.bicep`] = bicepIdentity(`id${index}`);
    const folder = writeWorkspace(files);
    // The module's own exports object (an `import *` gives a read-only copy): workspace-audit calls through it.
    const texts = require.cache[require.resolve('../../server/src/lsp/file-texts')]?.exports as { diskFilesLocator: (files: Iterable<SourceFile>, open: FileLocator) => FileLocator };
    const original = texts.diskFilesLocator;
    let handed = 0;
    texts.diskFilesLocator = (given, open) => {
      const list = [...given];
      handed += list.length;
      return original(list, open);
    };
    try {
      await initParsers(GRAMMARS_DIR);
      const settings: EffectiveSettings = { severities: {}, exclude: [], includeGenerated: false, followModulesOutsideWorkspace: false, bicepModuleCache: undefined, parameterFiles: new Map(), limits: {} };
      const live = { openText: () => undefined, isOpen: () => false, uri: (file: string) => pathToFileURL(file).href, positions: () => undefined, version: () => null, openTemplate: () => undefined };
      const audit = new WorkspaceAudit({
        live: live as unknown as LiveDocuments,
        settingsFor: () => settings,
        modulesFor: (root, known) => new FileModuleHost({ roots: [root], known }),
        analyse: () => ({ kind: 'quiet', reason: 'excluded' }),
        sendDiagnostics: () => undefined,
        logError: (message) => assert.fail(message),
      });
      const progress = { begin: () => undefined, report: () => undefined, done: () => undefined } as unknown as WorkDoneProgressReporter;
      const result = await audit.run([folder], CancellationToken.None, progress);
      assert.equal(result.files, count);
      assert.ok(handed <= 10 * count, `${handed} texts handed to diskFilesLocator for ${count} files`);
    } finally {
      texts.diskFilesLocator = original;
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
