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
