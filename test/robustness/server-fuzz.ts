// Mutated inputs through the live language server: open, code actions, hovers, an edit, close.
// The server must answer every request in time and stay up; every code action's edit, applied as
// an editor would, must leave text that parses no worse and no longer has the finding it was for.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionRequest,
  DidCloseTextDocumentNotification,
  HoverRequest,
  TextDocumentEdit,
  type CodeAction,
  type Command,
  type Diagnostic,
  type PublishDiagnosticsParams,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, type TextAnalysis } from '../../server/src/engine';
import type { LspSession } from '../lsp/lsp-session';
import { describeError, mutate, randomFor, type FuzzFailure, type FuzzStats, type MutatedInput, type Random, type Seed } from './fuzz-core';

const LANGUAGE_BY_EXTENSION: Record<string, string> = { '.bicep': 'bicep', '.bicepparam': 'bicep-params', '.json': 'json', '.jsonc': 'jsonc' };

export interface ServerFuzzOptions {
  /** A request unanswered for this long is a hang. */
  readonly requestTimeoutMillis: number;
  readonly hoversPerInput: number;
}

/** Resolves with the promise's value, or rejects with a hang after the timeout. */
export async function withTimeout<T>(promise: Promise<T>, millis: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HangError(`${what}: no answer within ${millis} ms`)), millis);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class HangError extends Error {}

function isCodeAction(action: CodeAction | Command): action is CodeAction {
  return typeof (action as CodeAction).kind === 'string' || (action as CodeAction).edit !== undefined;
}

/** The edits for `uri` in a workspace edit (documentChanges or changes). */
function editsFor(action: CodeAction, uri: string): LspTextEdit[] | undefined {
  const edit = action.edit;
  if (!edit) return undefined;
  const fromDocumentChanges = (edit.documentChanges ?? []).filter((change): change is TextDocumentEdit => TextDocumentEdit.is(change) && change.textDocument.uri === uri);
  if (fromDocumentChanges.length > 0) return fromDocumentChanges.flatMap((change) => change.edits.filter((e): e is LspTextEdit => 'range' in e));
  return edit.changes?.[uri];
}

/** Offsets in editor text (a leading BOM counts as a character) of an engine finding. */
function editorOffset(analysis: TextAnalysis, engineOffset: number): number {
  return engineOffset + (analysis.file.hasBom ? 1 : 0);
}

function problems(analysis: TextAnalysis): number {
  return analysis.kind === 'analysed' ? analysis.template.problems.length : 0;
}

/** Where an editor offset goes once `edits` are applied (edits against the same text). */
function mapEditorOffset(document: TextDocument, offset: number, edits: readonly LspTextEdit[]): number {
  let shift = 0;
  const ranges = edits.map((edit) => ({ start: document.offsetAt(edit.range.start), end: document.offsetAt(edit.range.end), length: edit.newText.length })).sort((a, b) => a.start - b.start || a.end - b.end);
  for (const { start, end, length } of ranges) {
    if (end <= offset) shift += length - (end - start);
    else if (start < offset) return start + shift;
  }
  return offset + shift;
}

export class ServerFuzzer {
  readonly stats: FuzzStats = { inputs: 0, crashes: 0, hangs: 0, fixesVerified: 0, badFixes: 0, findings: 0, slowestMillis: 0, failures: [] };
  private counter = 0;

  constructor(
    private readonly session: LspSession,
    private readonly options: ServerFuzzOptions,
  ) {}

  /** Runs inputs `from` … `from + count - 1` of the run with this seed; stops early when the server is gone or hangs. Returns the next index. */
  async run(seeds: readonly Seed[], seed: number, count: number, from = 0): Promise<number> {
    for (let index = from; index < from + count; index++) {
      const random = randomFor(seed, index);
      const input = mutate(random.pick(seeds), random, seeds);
      const ok = await this.check(input, random);
      if (!ok || !this.session.alive) return index + 1;
    }
    return from + count;
  }

  private fail(input: MutatedInput, kind: FuzzFailure['kind'], detail: string, text: string): void {
    if (kind === 'crash' || kind === 'crash-after-fix') this.stats.crashes++;
    else if (kind === 'hang') this.stats.hangs++;
    else this.stats.badFixes++;
    this.stats.failures.push({ kind, origin: input.seed.origin, name: input.seed.name, mutations: input.mutations, detail, text });
  }

  /** One input; false when the server stopped answering. */
  async check(input: MutatedInput, random: Random): Promise<boolean> {
    const index = this.counter++;
    const relative = `fuzz${index}/${input.seed.name}`;
    const languageId = LANGUAGE_BY_EXTENSION[path.extname(input.seed.name).toLowerCase()] ?? 'json';
    const text = input.bytes.toString('utf8');
    const started = performance.now();
    this.stats.inputs++;
    let uri = '';
    try {
      uri = await this.session.open(relative, languageId, text);
      const published = await withTimeout(
        this.session.waitFor(() => this.session.publications(uri).find((params) => params.version === 1), `diagnostics for ${relative}`, this.options.requestTimeoutMillis + 1000),
        this.options.requestTimeoutMillis,
        `diagnostics for ${relative}`,
      );
      this.stats.findings += published.diagnostics.length;
      const document = TextDocument.create(uri, languageId, 1, text);
      await this.checkActions(input, document, published);

      for (let n = 0; n < this.options.hoversPerInput; n++) {
        const position = document.positionAt(random.int(text.length + 1));
        await withTimeout(this.session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), this.options.requestTimeoutMillis, `hover in ${relative}`);
      }

      // An edit of the open document, then fix-all on save for the new version.
      const start = random.int(text.length + 1);
      const end = Math.min(text.length, start + random.int(40));
      const inserted = random.pick(['', '}', '{', "'", '"', '\n', "isolationScope: 'Regional'\n", '[', '\r\n']);
      const range = { start: document.positionAt(start), end: document.positionAt(end) };
      const version = await this.session.change(uri, [{ range, text: inserted }]);
      const changed = TextDocument.create(uri, languageId, version, TextDocument.applyEdits(document, [{ range, newText: inserted }]));
      const actions = await withTimeout(
        this.session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: changed.positionAt(changed.getText().length) }, context: { diagnostics: [], only: ['source.fixAll'] } }),
        this.options.requestTimeoutMillis,
        `fix-all in ${relative}`,
      );
      for (const action of (actions ?? []).filter(isCodeAction)) this.verifyEdit(input, changed, action, undefined);

      await this.session.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    } catch (error) {
      if (error instanceof HangError || /Timed out/.test(String(error))) {
        this.fail(input, 'hang', describeError(error), text);
        return false;
      }
      this.fail(input, 'crash', `a request failed: ${describeError(error)}`, text);
      return this.session.alive;
    } finally {
      this.stats.slowestMillis = Math.max(this.stats.slowestMillis, performance.now() - started);
    }
    if (!this.session.alive) {
      this.fail(input, 'crash', 'the server exited', text);
      return false;
    }
    return true;
  }

  private async checkActions(input: MutatedInput, document: TextDocument, published: PublishDiagnosticsParams): Promise<void> {
    const uri = document.uri;
    const everything = { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) };
    const actions = await withTimeout(
      this.session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: everything, context: { diagnostics: published.diagnostics } }),
      this.options.requestTimeoutMillis,
      `code actions for ${uri}`,
    );
    for (const action of (actions ?? []).filter(isCodeAction)) this.verifyEdit(input, document, action, action.diagnostics?.[0]);
  }

  /** Applies a code action's edit to the document's text and checks it in the engine. */
  private verifyEdit(input: MutatedInput, document: TextDocument, action: CodeAction, diagnostic: Diagnostic | undefined): void {
    const edits = editsFor(action, document.uri);
    if (!edits || edits.length === 0) return;
    const filePath = fileURLToPath(document.uri);
    const text = document.getText();
    let before: TextAnalysis;
    let after: TextAnalysis;
    const fixed = TextDocument.applyEdits(document, edits);
    try {
      before = analyzeText(filePath, text);
      after = analyzeText(filePath, fixed);
    } catch (error) {
      this.fail(input, 'crash-after-fix', `'${action.title}': ${describeError(error)}`, text);
      return;
    }
    if (before.kind === 'analysed' && after.kind !== 'analysed') {
      this.fail(input, 'fix-breaks-parse', `'${action.title}': the fixed text is ${after.kind}`, text);
      return;
    }
    if (problems(after) > problems(before)) {
      this.fail(input, 'fix-breaks-parse', `'${action.title}': syntax errors ${problems(before)} → ${problems(after)}`, text);
      return;
    }
    if (diagnostic && after.kind === 'analysed') {
      const mapped = mapEditorOffset(document, document.offsetAt(diagnostic.range.start), edits);
      const still = after.findings.find((finding) => finding.ruleId === diagnostic.code && finding.file === filePath && editorOffset(after, finding.range.start) === mapped && finding.parameterFile === null);
      if (still) {
        this.fail(input, 'fix-not-cleared', `'${action.title}': ${String(diagnostic.code)} still reported: ${still.message}`, text);
        return;
      }
    }
    this.stats.fixesVerified++;
  }
}
