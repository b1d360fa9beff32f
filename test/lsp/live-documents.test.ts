import * as assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initParsers } from '../../server/src/engine';
import { analyseText } from '../../server/src/lsp/document-analysis';
import { LiveDocuments } from '../../server/src/lsp/documents';
import type { EffectiveSettings } from '../../server/src/lsp/settings';
import { GRAMMARS_DIR } from '../helpers/paths';

const URI = 'file:///workspace/main.bicep';
const SETTINGS: EffectiveSettings = { severities: {}, exclude: [], includeGenerated: false, followModulesOutsideWorkspace: false, bicepModuleCache: undefined, parameterFiles: new Map(), limits: {} };
const WITH_MODULE = "module m 'mod.bicep' = {\n  name: 'm'\n}\n";
const WITHOUT_MODULE = "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {\n  name: 'a'\n  location: 'westus'\n}\n";

/** The open documents as the server's TextDocuments holds them. */
class OpenDocuments {
  private readonly byUri = new Map<string, TextDocument>();
  set(text: string, version: number): TextDocument {
    const document = TextDocument.create(URI, 'bicep', version, text);
    this.byUri.set(URI, document);
    return document;
  }
  get(uri: string): TextDocument | undefined {
    return this.byUri.get(uri);
  }
  all(): TextDocument[] {
    return [...this.byUri.values()];
  }
}

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('LSP live documents: an analysis that fails', function () {
  before(async function () {
    await initParsers(GRAMMARS_DIR);
  });

  it('is logged once, gives the document no diagnostics, and is forgotten once an edit analyses cleanly', async function () {
    const documents = new OpenDocuments();
    const published: PublishDiagnosticsParams[] = [];
    const errors: string[] = [];
    const failingModules = {
      resolve(): never {
        throw new Error('module loading broke');
      },
    };
    const analysed: string[] = [];
    const live = new LiveDocuments(documents, {
      analyse: (filePath, text) => {
        analysed.push(text);
        return analyseText(filePath, text, { settings: SETTINGS, excluded: false, bicepSourceExists: () => false, modules: failingModules });
      },
      sendDiagnostics: (params) => published.push(params),
      logError: (message) => errors.push(message),
    });
    live.start();

    for (let version = 1; version <= 3; version++) {
      const text = `${WITH_MODULE}// edit ${version}\n`;
      live.changed(documents.set(text, version));
      await until(() => (analysed.includes(text) ? true : undefined), `version ${version} analysed`);
    }
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0] ?? '', /module loading broke/);
    assert.deepEqual(
      published.map((params) => params.diagnostics),
      [[]],
    );

    live.changed(documents.set(WITHOUT_MODULE, 4));
    await until(() => published.find((params) => params.version === 4), 'diagnostics of version 4');
    live.changed(documents.set(WITH_MODULE, 5));
    await until(() => (errors.length === 2 ? true : undefined), 'the new failure logged');
  });
});

describe('LSP live documents: many open documents', function () {
  before(async function () {
    await initParsers(GRAMMARS_DIR);
  });

  it('keep whole analyses for the most recent only, and make an older one again when asked, with the same findings', async function () {
    const byUri = new Map<string, TextDocument>();
    const documents = { get: (uri: string) => byUri.get(uri), all: () => [...byUri.values()] };
    const analysedPaths: string[] = [];
    const published: PublishDiagnosticsParams[] = [];
    const live = new LiveDocuments(documents, {
      analyse: (filePath, text) => {
        analysedPaths.push(filePath);
        return analyseText(filePath, text, { settings: SETTINGS, excluded: false, bicepSourceExists: () => false });
      },
      sendDiagnostics: (params) => published.push(params),
      logError: (message) => assert.fail(message),
    });
    live.start();
    const uris = Array.from({ length: 12 }, (_, index) => `file:///workspace/m${index}.bicep`);
    for (const uri of uris) {
      const document = TextDocument.create(uri, 'bicep', 1, WITHOUT_MODULE);
      byUri.set(uri, document);
      live.changed(document);
    }
    await until(() => (published.length === uris.length ? true : undefined), 'diagnostics of every document');
    assert.equal(analysedPaths.length, uris.length);

    // The oldest state was lightened: its findings are at hand without analysing again.
    const oldest = live.current(uris[0] ?? '');
    assert.ok(oldest);
    const first = published.find((params) => params.uri === uris[0]);
    assert.ok(oldest.findings.length > 0);
    assert.equal(oldest.findings.length, first?.diagnostics.length);
    assert.equal(analysedPaths.length, uris.length, 'reading findings does not analyse');
    // A hover or code action asks for the whole analysis: made again, once, and the same.
    assert.equal(oldest.outcome.kind, 'analysed');
    assert.equal(oldest.outcome.kind === 'analysed' ? oldest.outcome.analysis.findings.length : -1, oldest.findings.length);
    assert.equal(analysedPaths.length, uris.length + 1);
    assert.equal(oldest.outcome.kind, 'analysed');
    assert.equal(analysedPaths.length, uris.length + 1, 'made once');
    assert.ok(live.isLatest(oldest), 'a lightened state is still the latest for its version');
    // The newest keeps its analysis: asking for it analyses nothing.
    const newest = live.current(uris[uris.length - 1] ?? '');
    assert.equal(newest?.outcome.kind, 'analysed');
    assert.equal(analysedPaths.length, uris.length + 1);
  });
});
