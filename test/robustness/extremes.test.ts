import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { analyzeText, applyEdits, auditPaths, initParsers, readSource, type AuditResult } from '../../server/src/engine';
import { GRAMMARS_DIR } from '../helpers/paths';
import { AUDIT_WORKSPACE_REQUEST, WORKSPACE_REPORT_REQUEST, type AuditWorkspaceResult, type WorkspaceReportResult } from '../../server/src/lsp/protocol';
import type { LspSession } from '../lsp/lsp-session';
import { bicepIdentity, runCli, SCHEMA, startServer, timed, writeWorkspace, messageOf } from './helpers';

const MB = 1024 * 1024;

/** 50 MB of ARM JSON: many identities, each a finding if it were analysed. */
function bigJson(bytes: number): string {
  const head = `{"$schema":"${SCHEMA}","contentVersion":"1.0.0.0","resources":[`;
  const parts: string[] = [];
  let size = head.length;
  for (let index = 0; size < bytes; index++) {
    const item = `${index === 0 ? '' : ','}{"type":"Microsoft.ManagedIdentity/userAssignedIdentities","apiVersion":"2023-01-31","name":"id${index}","location":"westus"}`;
    parts.push(item);
    size += item.length;
  }
  return `${head}${parts.join('')}]}`;
}

/** About 200,000 lines: 20,000 storage accounts of ten lines each, then one identity. */
function longBicep(lines: number): string {
  const out = ['param location string = resourceGroup().location', ''];
  for (let index = 0; out.length < lines - 4; index++) {
    out.push(`@description('Storage ${index}')`, `resource st${index} 'Microsoft.Storage/storageAccounts@2023-01-01' = {`, `  name: 'st${index}'`, '  location: location', "  kind: 'StorageV2'", '  sku: {', "    name: 'Standard_LRS'", '  }', `  tags: { index: '${index}' }`, '}');
  }
  out.push(bicepIdentity('id', 'location'));
  return out.join('\n');
}

/** 200,000 lines of variables, the last of which an identity reads: every declaration is a name to index. */
function manyVariables(lines: number): string {
  const out: string[] = [];
  for (let index = 0; index < lines - 4; index++) out.push(`var v${index} = 'westus'`);
  out.push(bicepIdentity('id', `v${lines - 5}`));
  return out.join('\n');
}

function deepJson(depth: number): string {
  return `{"$schema":"${SCHEMA}","resources":[],"variables":{"v":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
}

const INVALID_UTF8 = Buffer.concat([
  Buffer.from("// R\xe9gion: \xabWest Europe\xbb (Windows-1252)\n", 'latin1'),
  Buffer.from(bicepIdentity('id', "'westeurope'").replace("name: 'id'", "name: 'id\u00e9'")),
  Buffer.from('// '),
  Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x0a]),
]);

function problemOf(result: AuditResult, file: string): string | undefined {
  return result.problems.find((problem) => problem.file === file)?.message;
}

describe('extreme inputs', function () {
  this.timeout(60_000);
  let root: string;
  const file = (name: string) => path.join(root, name);

  before(async function () {
    await initParsers(GRAMMARS_DIR);
    root = writeWorkspace({
      'big.json': bigJson(50 * MB),
      'long.bicep': longBicep(200_000),
      'variables.bicep': manyVariables(200_000),
      'deep.json': deepJson(100_000),
      'long-string.bicep': `var s = '${'x'.repeat(MB)}'\n${bicepIdentity('id', "'westus'").replace("name: 'id'", 'name: s')}`,
      'long-string.json': `{"$schema":"${SCHEMA}","variables":{"s":"${'x'.repeat(MB)}"},"resources":[{"type":"Microsoft.ManagedIdentity/userAssignedIdentities","apiVersion":"2024-11-30","name":"[variables('s')]","location":"westus"}]}`,
      'invalid-utf8.bicep': INVALID_UTF8,
      'nul.bicep': Buffer.concat([Buffer.from(bicepIdentity()), Buffer.from([0]), Buffer.from('\n')]),
      'nul.json': Buffer.concat([Buffer.from(`{"$schema":"${SCHEMA}",`), Buffer.from([0]), Buffer.from('"resources":[]}')]),
      'late-nul.bicep': Buffer.concat([Buffer.from(`// ${'x'.repeat(9000)}\n${bicepIdentity()}`), Buffer.from([0]), Buffer.from('\n')]),
    });
  });

  after(function () {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a 50 MB JSON file: "over the 20 MB limit", quickly', async function () {
    const { value, millis } = await timed(() => auditPaths([file('big.json')], { wasmDir: GRAMMARS_DIR }));
    assert.match(problemOf(value, file('big.json')) ?? '', /is 50\.0 MB, over the 20 MB limit for analysis/);
    assert.deepEqual(value.findings, []);
    assert.ok(millis < 10_000, `took ${Math.round(millis)} ms`);
  });

  it('readSource takes the size limit as a parameter (default 20 MB)', async function () {
    const small = await readSource(file('long-string.json'), { maxBytes: 64 * 1024 });
    assert.equal(small.kind, 'unreadable');
    assert.match(small.kind === 'unreadable' ? small.message : '', /over the 0 MB limit/);
    assert.equal((await readSource(file('long-string.json'))).kind, 'text');
  });

  it('a file far over the limit is refused before it is read', async function () {
    const huge = file('huge.json');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 1024 * MB); // sparse: takes no disk space
    try {
      const rss = process.memoryUsage().rss;
      const { value, millis } = await timed(() => auditPaths([huge], { wasmDir: GRAMMARS_DIR }));
      assert.match(problemOf(value, huge) ?? '', /over the 20 MB limit/);
      assert.ok(millis < 2000, `took ${Math.round(millis)} ms`);
      assert.ok(process.memoryUsage().rss - rss < 200 * MB, 'not read into memory');
    } finally {
      fs.rmSync(huge, { force: true });
    }
  });

  it('a file whose size stat cannot tell (a link to /dev/zero) is read no further than the limit', async function () {
    if (process.platform !== 'linux') this.skip();
    const folder = writeWorkspace({});
    try {
      fs.symlinkSync('/dev/zero', path.join(folder, 'zero.bicep'));
      // Discovery takes regular files only; readSource must keep its bound whatever it is given.
      const { value, millis } = await timed(() => readSource(path.join(folder, 'zero.bicep'), { maxBytes: MB }));
      assert.deepEqual(value, { kind: 'unreadable', message: 'is over the 1 MB limit for analysis' });
      assert.ok(millis < 2000, `took ${Math.round(millis)} ms`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('the size and depth limits are settings (bicepconfig.json identityIsolation.maxFileSizeMB / maxNestingDepth)', function () {
    const configured = writeWorkspace({ 'bicepconfig.json': JSON.stringify({ identityIsolation: { maxFileSizeMB: 1, maxNestingDepth: 64 } }), 'a.json': `{"$schema":"${SCHEMA}","resources":[]}${' '.repeat(2 * MB)}`, 'b.json': deepJson(100) });
    try {
      const run = runCli(['audit', '.', '--format', 'json'], { cwd: configured });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /a\.json.*over the 1 MB limit/s);
      assert.match(run.stdout, /b\.json.*too deeply nested/s);
    } finally {
      fs.rmSync(configured, { recursive: true, force: true });
    }
  });

  it('a Bicep file of 200,000 lines (20,000 resources): analysed within 20 s', async function () {
    const { value, millis } = await timed(() => auditPaths([file('long.bicep')], { wasmDir: GRAMMARS_DIR }));
    console.log(`      200,000-line Bicep (resources): ${Math.round(millis)} ms`);
    assert.deepEqual(value.problems, []);
    assert.deepEqual(value.findings.map((f) => f.ruleId), ['isolation-scope-missing']);
    assert.ok(millis < 20_000, `took ${Math.round(millis)} ms`);
  });

  it('a Bicep file of 200,000 variable declarations: analysed within 30 s', async function () {
    const { value, millis } = await timed(() => auditPaths([file('variables.bicep')], { wasmDir: GRAMMARS_DIR }));
    console.log(`      200,000-line Bicep (variables): ${Math.round(millis)} ms`);
    assert.deepEqual(value.findings.map((f) => f.ruleId), ['isolation-scope-missing']);
    assert.ok(millis < 30_000, `took ${Math.round(millis)} ms`);
  });

  it('JSON nested 100,000 levels deep: "too deeply nested", no stack overflow', async function () {
    const { value, millis } = await timed(() => auditPaths([file('deep.json')], { wasmDir: GRAMMARS_DIR }));
    assert.match(problemOf(value, file('deep.json')) ?? '', /too deeply nested to read: JSON is nested 100002 levels deep; the limit is 512/);
    assert.ok(millis < 5000, `took ${Math.round(millis)} ms`);
    const inEditor = analyzeText(file('deep.json'), fs.readFileSync(file('deep.json'), 'utf8'));
    assert.equal(inEditor.kind, 'invalid');
  });

  // BUG: Bicep has no nesting limit: the tree conversion (parse/bicep/convert.ts, operators.ts) and
  // the lexer's string holes recurse per level, and a RangeError (Maximum call stack size exceeded)
  // escapes analyzeText and auditPaths. The CLI then fails the whole audit (exit 2, a stack trace,
  // no report for the other files). Thresholds measured in the test process: ~1,460 nested [ ],
  // ~1,470 nested '${…}', ~1,860 nested objects, ~2,730 member accesses, ~2,780 `+` terms, ~5,200 ( ).
  const DEEP_BICEP: [string, string][] = [
    ['nested arrays', `var v = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n${bicepIdentity('id', 'v')}`],
    ['nested parentheses', `var v = ${'('.repeat(100_000)}'westus'${')'.repeat(100_000)}\n${bicepIdentity('id', 'v')}`],
    ['a long member chain', `var v = a${'.b'.repeat(100_000)}\n${bicepIdentity('id', 'v')}`],
    ['a long concatenation', bicepIdentity('id', `'a'${" + 'b'".repeat(50_000)}`)],
    ['nested interpolations', bicepIdentity('id', `'${"${'".repeat(5000)}x${"'}".repeat(5000)}'`)],
  ];

  it('Bicep nested 100,000 levels deep: a per-file "too deeply nested" problem, never a stack overflow', async function () {
    const deep = writeWorkspace(Object.fromEntries(DEEP_BICEP.map(([, text], index) => [`deep${index}.bicep`, text])));
    try {
      for (const [what, text] of DEEP_BICEP) assert.doesNotThrow(() => analyzeText(path.join(deep, 'x.bicep'), text), what);
      const result = await auditPaths([deep], { wasmDir: GRAMMARS_DIR });
      assert.equal(result.problems.length, DEEP_BICEP.length);
      const run = runCli(['audit', '.'], { cwd: deep });
      assert.notEqual(run.status, 2, run.stderr);
    } finally {
      fs.rmSync(deep, { recursive: true, force: true });
    }
  });

  // BUG: the tree-sitter-bicep parse (its error recovery, in WASM) is super-linear in unbalanced
  // tokens within one declaration; the engine hands it the whole declaration. Measured: 8,000 `[(`
  // after an identity → 4.3–5.2 s (4,000 → 1.4 s); 17,921 unterminated `${` → 21 s; a decorator
  // string broken into 1,645 alternating strings and identifiers ('a + 'x' + 'x' …) → 26 s for
  // Template.problems. The language server is blocked meanwhile (every keystroke re-analyses).
  it('unbalanced brackets or broken strings in one declaration are analysed in bounded time', function () {
    const cases: [string, string][] = [
      ['16,000 unbalanced [(', `${bicepIdentity('a')}${'[('.repeat(8000)}\n${bicepIdentity('b')}`],
      ['8,000 unterminated ${', `${bicepIdentity('a')}${'${'.repeat(8000)}\n${bicepIdentity('b')}`],
      ['a string broken 2,000 times', `@description('x${" + 'x'".repeat(2000)}')\n${bicepIdentity('b')}`],
    ];
    for (const [what, text] of cases) {
      const started = performance.now();
      const analysis = analyzeText(file(`${what.length}.bicep`), text);
      if (analysis.kind === 'analysed') void analysis.template.problems;
      const millis = performance.now() - started;
      assert.ok(millis < 2000, `${what}: ${Math.round(millis)} ms`);
    }
  });

  it('a 1 MB single-line string, in Bicep and JSON: analysed, and its fix still applies', async function () {
    for (const name of ['long-string.bicep', 'long-string.json']) {
      const { value, millis } = await timed(() => auditPaths([file(name)], { wasmDir: GRAMMARS_DIR }));
      assert.deepEqual(value.problems, [], name);
      const finding = value.findings.find((f) => f.ruleId === 'isolation-scope-missing');
      assert.ok(finding, `${name}: ${value.findings.map((f) => f.message).join('\n')}`);
      assert.ok(millis < 5000, `${name} took ${Math.round(millis)} ms`);
      const source = value.files[0];
      const fix = finding.fixes[0];
      assert.ok(source && fix);
      const fixed = analyzeText(file(name), applyEdits(source, fix.edits));
      assert.ok(fixed.kind === 'analysed' && !fixed.findings.some((f) => f.ruleId === 'isolation-scope-missing'), name);
    }
  });

  it('invalid UTF-8: analysed (as U+FFFD) without an exception', async function () {
    const result = await auditPaths([file('invalid-utf8.bicep')], { wasmDir: GRAMMARS_DIR });
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['isolation-scope-missing']);
  });

  it('--fix never changes bytes it does not edit in a file that is not UTF-8', function () {
    const folder = writeWorkspace({ 'main.bicep': INVALID_UTF8 });
    try {
      const run = runCli(['audit', '.', '--fix'], { cwd: folder });
      assert.match(run.stderr, /main\.bicep: not fixed: it is not valid UTF-8/);
      const after = fs.readFileSync(path.join(folder, 'main.bicep'));
      assert.ok(after.equals(INVALID_UTF8) || after.includes(Buffer.from("// R\xe9gion: \xabWest Europe\xbb (Windows-1252)\n", 'latin1')), after.subarray(0, 40).toString('latin1'));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('NUL bytes: Bicep is "not a text file", JSON is skipped as not a template, a late NUL is read as text', async function () {
    const result = await auditPaths([file('nul.bicep'), file('nul.json'), file('late-nul.bicep')], { wasmDir: GRAMMARS_DIR });
    assert.equal(problemOf(result, file('nul.bicep')), 'is not a text file');
    assert.deepEqual(result.skipped, [file('nul.json')]);
    assert.deepEqual(result.files.map((f) => path.basename(f.path)), ['late-nul.bicep']);
  });

  it('the CLI on all of them at once: one message per file, a report, no stack trace, within 45 s', function () {
    const { status, stdout, stderr } = runCli(['audit', '.', '--format', 'json', '--fail-on', 'none'], { cwd: root, timeout: 45_000 });
    assert.equal(status, 0, stderr);
    assert.doesNotMatch(stderr, /\n\s+at /);
    const report = JSON.parse(stdout) as { problems: { file: string; message: string }[] };
    const byFile = Object.fromEntries(report.problems.map((p) => [p.file, p.message]));
    assert.match(byFile['big.json'] ?? '', /over the 20 MB limit/);
    assert.match(byFile['deep.json'] ?? '', /too deeply nested/);
    assert.match(byFile['nul.bicep'] ?? '', /not a text file/);
  });

  describe('in the language server', function () {
    let session: LspSession | undefined;

    afterEach(async function () {
      await session?.stop();
      session = undefined;
    });

    it('opens the long, deep and binary documents, answers a hover after each and stays up', async function () {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-extreme-lsp-'));
      session = await startServer({ root: folder });
      const documents: [string, string, string][] = [
        ['long.bicep', 'bicep', fs.readFileSync(file('long.bicep'), 'utf8')],
        ['deep.json', 'json', fs.readFileSync(file('deep.json'), 'utf8')],
        ['long-string.bicep', 'bicep', fs.readFileSync(file('long-string.bicep'), 'utf8')],
        ['invalid-utf8.bicep', 'bicep', INVALID_UTF8.toString('utf8')],
        ['nul.bicep', 'bicep', fs.readFileSync(file('nul.bicep'), 'utf8')],
      ];
      for (const [name, languageId, text] of documents) {
        const { millis } = await timed(async () => {
          const uri = await session?.open(name, languageId, text);
          const live = session;
          assert.ok(uri && live);
          await live.waitFor(() => live.publications(uri)[0], `diagnostics for ${name}`, 30_000);
          await live.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 5 } });
        });
        assert.ok(millis < 20_000, `${name} took ${Math.round(millis)} ms`);
      }
      assert.ok(session.alive);
      const long = session.publications(session.uri('long.bicep')).at(-1);
      assert.deepEqual(long?.diagnostics.map((d) => d.code), ['isolation-scope-missing']);
    });

    it('the editor settings identityIsolation.maxFileSizeMB / maxNestingDepth override bicepconfig.json', async function () {
      const folder = writeWorkspace({
        'bicepconfig.json': JSON.stringify({ identityIsolation: { maxFileSizeMB: 1, maxNestingDepth: 8 } }),
        'a.json': `{"$schema":"${SCHEMA}","resources":[]}${' '.repeat(2 * MB)}`,
        'b.json': deepJson(20),
      });
      try {
        session = await startServer({ root: folder, settings: { maxFileSizeMB: 3, maxNestingDepth: 16 } });
        // The server analyses open documents once it has pulled the settings: a publication means they are in.
        const probe = await session.open('probe.bicep', 'bicep', '');
        await session.waitForDiagnostics(probe, () => true, 'the settings to be pulled');
        const audit = await session.connection.sendRequest<AuditWorkspaceResult>(AUDIT_WORKSPACE_REQUEST, { folders: [folder] });
        assert.equal(audit.problems, 1, 'a.json (2 MB) is under the editor\'s 3 MB; b.json (22 levels) is over its 16');
        const report = await session.connection.sendRequest<WorkspaceReportResult>(WORKSPACE_REPORT_REQUEST, { format: 'text', root: folder });
        assert.match(report.content, /b\.json: .*too deeply nested.*the limit is 16/);
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });

    // An open document the engine rejects (here: JSON nested past the parser's limit) gets one
    // diagnostic at its top saying why, as the CLI lists it as a problem; JSON that is not a
    // template, however deep, gets nothing. Fixing the nesting clears the diagnostic.
    it('an open document that is too deeply nested shows why it is not analysed', async function () {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-extreme-lsp-'));
      session = await startServer({ root: folder });
      const live = session;
      const uri = await live.open('deep.json', 'json', deepJson(100_000));
      const plain = await live.open('plain.json', 'json', `{"v":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
      const published = await live.waitForDiagnostics(uri, () => true, 'diagnostics for deep.json');
      assert.equal(published.diagnostics.length, 1, JSON.stringify(published.diagnostics));
      const [diagnostic] = published.diagnostics;
      assert.match(messageOf(diagnostic ?? { message: '' }), /not analysed: the template is too deeply nested to read: JSON is nested 100002 levels deep/);
      assert.deepEqual(diagnostic?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      assert.equal(diagnostic?.source, 'identity-isolation');
      const plainPublished = await live.waitForDiagnostics(plain, () => true, 'diagnostics for plain.json');
      assert.deepEqual(plainPublished.diagnostics, [], 'JSON that is not a template gets nothing');

      const text = deepJson(100_000);
      await live.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: text.length } }, text: deepJson(3) }]);
      await live.waitForDiagnostics(uri, (params) => params.version === 2 && params.diagnostics.length === 0, 'no diagnostic once the nesting is fixed');
    });
  });
});
