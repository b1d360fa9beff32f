import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TemplateEvaluator } from '../server/src/engine/eval/evaluator';
import { analyzeWorkspace } from '../server/src/engine/workspace-analysis';
import { FileModuleHost } from '../server/src/engine/workspace/module-host';
import { SourceFile } from '../server/src/engine/model/source-file';
import type { Template } from '../server/src/engine/model/template';
import { initParsers, parseSourceFile } from '../server/src/engine/parse';
import { compiledModulesOf } from './helpers/compiled-modules';
import { compilerSymbols, ORACLE_KINDS } from './helpers/oracle';
import { CORPUS_DIR, GRAMMARS_DIR, REPO_ROOT, SHARED_DIR } from './helpers/paths';

const CLI = path.join(REPO_ROOT, 'server', 'out', 'cli.js');

function pairFolders(): string[] {
  const folders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'main.bicep' && fs.existsSync(path.join(dir, 'main.json'))) folders.push(dir);
    }
  };
  walk(CORPUS_DIR);
  return folders.sort();
}

function parsedTemplate(file: string): { readonly file: SourceFile; readonly template: Template } {
  const source = new SourceFile(file, fs.readFileSync(file, 'utf8'));
  const outcome = parseSourceFile(source);
  assert.equal(outcome.kind, 'template', file);
  if (outcome.kind !== 'template') throw new Error(`${file} is not a template`);
  return { file: source, template: outcome.template };
}

function ruleSeverities(file: string, modules: FileModuleHost): string {
  return analyzeWorkspace([parsedTemplate(file)], [], { modules })
    .findings.map((finding) => `${finding.ruleId}/${finding.severity}`)
    .sort()
    .join(', ');
}

/** Modules of a Bicep file (and theirs) that cannot be followed: registry references, files not in the corpus. */
function unfollowableModules(file: string, modules: FileModuleHost): string[] {
  const source = new SourceFile(file, fs.readFileSync(file, 'utf8'));
  const outcome = parseSourceFile(source);
  if (outcome.kind !== 'template') return [];
  const missing: string[] = [];
  const visit = (evaluator: TemplateEvaluator, depth: number) => {
    for (const declaration of evaluator.template.declarations) {
      if (declaration.kind !== 'module' || depth > 8) continue;
      for (const { call } of evaluator.moduleCallsOf(declaration)) {
        const child = evaluator.moduleEvaluator(call);
        if (child instanceof TemplateEvaluator) visit(child, depth + 1);
        else missing.push(declaration.path);
      }
    }
  };
  visit(new TemplateEvaluator({ file, template: outcome.template, scopeKey: file, modules }), 0);
  return missing;
}

/**
 * An independent check that no declaration is lost: a line scan, sharing nothing with the lexer or
 * tree-sitter, lists `keyword name` at the start of a line (outside block comments and multi-line strings).
 */
function declarationsByLineScan(text: string): string[] {
  const found: string[] = [];
  let inMultiLineString = false;
  const withoutBlockComments = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\r\n]/g, ' '));
  for (const line of withoutBlockComments.split(/\r\n|\r|\n/)) {
    const quotes = line.match(/'''/g)?.length ?? 0;
    if (!inMultiLineString) {
      const match = /^(param|var|resource|module|output|type|func|metadata|test|assert)\s+([A-Za-z_][A-Za-z0-9_]*)\b/.exec(line);
      if (match?.[2]) found.push(`${match[1]} ${match[2]}`);
    }
    if (quotes % 2 === 1) inMultiLineString = !inMultiLineString;
  }
  return found;
}

const KIND_WORDS: Readonly<Record<string, string>> = { param: 'param', var: 'var', resource: 'resource', module: 'module', output: 'output', type: 'type', func: 'func', metadata: 'metadata', test: 'test', assert: 'assert' };

describe('the real corpus (../shared/corpus)', function () {
  this.timeout(300_000);
  before(async function () {
    if (!fs.existsSync(CORPUS_DIR)) this.skip();
    await initParsers(GRAMMARS_DIR);
  });

  it('is audited whole by the CLI (--include-generated) without a crash', () => {
    const run = spawnSync(process.execPath, [CLI, 'audit', CORPUS_DIR, '--include-generated', '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { summary: { files: number; skipped: number; error: number; warning: number; info: number }; problems: { file: string }[] };
    console.log(`      corpus: ${report.summary.files} templates analysed, ${report.summary.skipped} skipped, ${report.problems.length} problems; findings ${report.summary.error} errors, ${report.summary.warning} warnings, ${report.summary.info} info`);
    assert.ok(report.summary.files + report.summary.skipped >= 2600);
    // The only files with problems are the ones written to be invalid (Azure/bicep's Invalid* baselines, docs placeholders).
    const unexpected = report.problems.filter((problem) => !/Invalid|invalid|placeholder|syntax-samples|fail/i.test(problem.file));
    assert.deepEqual(unexpected.map((problem) => problem.file), []);
  });

  it('loses no declaration that a line scan finds in any valid Bicep file', () => {
    let files = 0;
    let declarations = 0;
    const lost: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.bicep')) {
          const source = new SourceFile(full, fs.readFileSync(full, 'utf8'));
          const outcome = parseSourceFile(source);
          if (outcome.kind !== 'template' || outcome.template.problems.length > 0) continue;
          files++;
          const seen = new Set(outcome.template.declarations.map((d) => `${d.kind} ${d.name}`));
          for (const scanned of declarationsByLineScan(source.text)) {
            declarations++;
            const [word = '', name = ''] = scanned.split(' ');
            if (!seen.has(`${KIND_WORDS[word] ?? word} ${name}`)) lost.push(`${path.relative(CORPUS_DIR, full)}: ${scanned}`);
          }
        }
      }
    };
    walk(CORPUS_DIR);
    console.log(`      line scan: ${declarations} declarations in ${files} valid Bicep files, ${lost.length} lost`);
    assert.ok(files > 1700);
    assert.deepEqual(lost, []);
  });

  it('gives the same (rule, severity) multiset for main.bicep and the main.json compiled from it, modules included', () => {
    const modules = new FileModuleHost({ roots: [CORPUS_DIR] });
    let compared = 0;
    let agreeing = 0;
    const unexplained: string[] = [];
    for (const folder of pairFolders()) {
      if (!/userAssignedIdentities/i.test(fs.readFileSync(path.join(folder, 'main.json'), 'utf8'))) continue;
      compared++;
      if (ruleSeverities(path.join(folder, 'main.bicep'), modules) === ruleSeverities(path.join(folder, 'main.json'), modules)) {
        agreeing++;
        continue;
      }
      // The compiler inlines every module into main.json; the Bicep side cannot see registry modules
      // (never fetched) or module files the corpus did not sample. Any other disagreement is a bug.
      if (unfollowableModules(path.join(folder, 'main.bicep'), modules).length === 0) unexplained.push(path.relative(CORPUS_DIR, folder));
    }
    console.log(`      pairs: ${agreeing} of ${compared} agree (${((100 * agreeing) / compared).toFixed(1)}%); every other pair has modules the Bicep side cannot read`);
    assert.ok(compared >= 90);
    assert.deepEqual(unexplained, []);
    assert.ok(agreeing / compared >= 0.85);
  });

  it('agrees on at least 90% of those pairs once the modules the corpus lacks are restored as a developer would have them', () => {
    let compared = 0;
    let agreeing = 0;
    const rebuilt = { registry: 0, local: 0 };
    const disagreeing: string[] = [];
    const unexplained: string[] = [];
    const distinct = (list: string) => [...new Set(list.split(', '))].join(', ');
    for (const folder of pairFolders()) {
      const json = fs.readFileSync(path.join(folder, 'main.json'), 'utf8');
      if (!/userAssignedIdentities/i.test(json)) continue;
      compared++;
      const bicepFile = path.join(folder, 'main.bicep');
      const compiled = compiledModulesOf(bicepFile, parsedTemplate(bicepFile).template, json);
      try {
        rebuilt.registry += compiled.counts.registry;
        rebuilt.local += compiled.counts.local;
        // The Bicep side reads registry modules through the documented opt-in module cache, and
        // the unsampled local module files in the compiled form the compiler made of them.
        const modules = new FileModuleHost({ roots: [CORPUS_DIR], bicepModuleCache: compiled.cacheDir, known: (file) => compiled.missingLocal.get(file) });
        const bicep = ruleSeverities(bicepFile, modules);
        const arm = ruleSeverities(path.join(folder, 'main.json'), new FileModuleHost({ roots: [CORPUS_DIR] }));
        if (bicep === arm) agreeing++;
        else disagreeing.push(`${path.relative(CORPUS_DIR, folder)}: bicep [${bicep}] json [${arm}]`);
        // One module file called N times is one declaration in Bicep (one finding) but N inline
        // copies in main.json (N findings): the kinds of finding must still be the same.
        if (bicep !== arm && distinct(bicep) !== distinct(arm)) unexplained.push(path.relative(CORPUS_DIR, folder));
      } finally {
        fs.rmSync(compiled.cacheDir, { recursive: true, force: true });
      }
    }
    console.log(`      pairs with restored modules (${rebuilt.registry} registry, ${rebuilt.local} local): ${agreeing} of ${compared} agree (${((100 * agreeing) / compared).toFixed(1)}%)`);
    for (const line of disagreeing) console.log(`        disagree: ${line}`);
    assert.ok(compared >= 90);
    assert.deepEqual(unexplained, []);
    assert.ok(agreeing / compared >= 0.9, `${agreeing} of ${compared}`);
  });

  it("declares in `graph` output every symbol of the official compiler's 39 oracle samples", () => {
    const samples = path.join(SHARED_DIR, 'oracles', 'bicep-samples');
    const run = spawnSync(process.execPath, [CLI, 'graph', '.', '--format', 'json'], { encoding: 'utf8', cwd: samples, maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr);
    const graph = JSON.parse(run.stdout) as { files: { file: string; declarations: { kind: string; name: string; type: string | null }[] }[] };
    const missing: string[] = [];
    let checked = 0;
    for (const folder of fs.readdirSync(samples).filter((name) => fs.existsSync(path.join(samples, name, 'main.symbols.bicep')))) {
      const file = graph.files.find((entry) => entry.file === `${folder}/main.bicep`);
      assert.ok(file, `${folder}/main.bicep is in the graph`);
      for (const symbol of compilerSymbols(fs.readFileSync(path.join(samples, folder, 'main.symbols.bicep'), 'utf8'))) {
        checked++;
        const found = file.declarations.some(
          (declaration) =>
            declaration.name === symbol.name &&
            (declaration.kind === ORACLE_KINDS[symbol.kind] || (declaration.kind === 'import' && symbol.kind === 'Variable')) &&
            (declaration.kind !== 'resource' || declaration.type?.toLowerCase() === symbol.type.toLowerCase()),
        );
        if (!found) missing.push(`${folder}: ${symbol.kind} ${symbol.name} (${symbol.type})`);
      }
    }
    console.log(`      oracle through graph: ${checked} compiler symbols checked, ${missing.length} missing`);
    assert.ok(checked > 800);
    assert.deepEqual(missing, []);
  });
});
