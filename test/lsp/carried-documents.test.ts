import * as assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { initParsers, type Finding } from '../../server/src/engine';
import { analyseText } from '../../server/src/lsp/document-analysis';
import { analysedText, LiveDocuments } from '../../server/src/lsp/documents';
import { EditLog } from '../../server/src/lsp/edit-log';
import type { EffectiveSettings } from '../../server/src/lsp/settings';
import { GRAMMARS_DIR } from '../helpers/paths';
import { Random } from '../robustness/fuzz-core';

const URI = 'file:///workspace/main.bicep';
const SETTINGS: EffectiveSettings = { severities: {}, exclude: [], includeGenerated: false, followModulesOutsideWorkspace: false, bicepModuleCache: undefined, parameterFiles: new Map(), limits: {} };
const TEXT = [
  "param where string = 'eastus'",
  "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
  "  name: 'a'",
  "  location: 'westus'",
  '}',
  "resource app 'Microsoft.Web/sites@2023-12-01' = {",
  "  name: 'app'",
  '  location: where',
  '  identity: {',
  "    type: 'UserAssigned'",
  '    userAssignedIdentities: {',
  "      '${uami.id}': {}",
  '    }',
  '  }',
  '}',
  '',
].join('\n');

function withoutFixes(findings: readonly Finding[]): unknown[] {
  return findings.map(({ fixes: _fixes, ...rest }) => rest);
}

describe('LSP live documents: findings carried over edits of indentation', function () {
  before(async function () {
    await initParsers(GRAMMARS_DIR);
  });

  it('equal a fresh analysis of every version, and the whole analysis (fixes included) is made when asked for', async function () {
    const log = new EditLog();
    let document: TextDocument | undefined;
    const analysed: number[] = [];
    const published: PublishDiagnosticsParams[] = [];
    const documents = { get: () => document, all: () => (document ? [document] : []) };
    const analyse = (filePath: string, text: string) => analyseText(filePath, text, { settings: SETTINGS, excluded: false, bicepSourceExists: () => false });
    const live = new LiveDocuments(
      documents,
      {
        analyse: (filePath, text) => {
          analysed.push(document?.version ?? 0);
          return analyse(filePath, text);
        },
        sendDiagnostics: (params) => published.push(params),
        logError: (message) => assert.fail(message),
      },
      log,
    );
    live.start();
    document = log.configuration.create(URI, 'bicep', 1, TEXT);
    const random = new Random(7);
    for (let version = 2; version <= 40; version++) {
      const start = { line: random.int(TEXT.split('\n').length), character: 0 };
      const inName = { line: 2, character: document.getText().split('\n')[2]?.indexOf("'a") ?? 0 };
      // A letter in the identity's name now and then (a change of meaning); several changes per notification, as clients batch them.
      const changes = [
        random.chance(0.15) ? { range: { start: inName, end: inName }, text: 'x' } : { range: { start, end: start }, text: ' ' },
        ...(random.chance(0.3) ? [{ range: { start, end: start }, text: '\t' }] : []),
      ];
      document = log.configuration.update(document, changes, version);
      live.changed(document);
      const state = live.current(URI);
      assert.ok(state);
      const fresh = analyse(state.path, document.getText());
      assert.equal(fresh.kind, 'analysed');
      if (fresh.kind !== 'analysed') continue;
      assert.deepEqual(withoutFixes(state.findings), withoutFixes(fresh.analysis.findings), `version ${version}`);
    }
    assert.ok(analysed.length < 30, `only edits that changed more than indentation were analysed whole: ${analysed.length} of 40`);
    const whole = analyse('/workspace/main.bicep', document.getText());
    assert.deepEqual(analysedText(live.current(URI))?.findings, whole.kind === 'analysed' ? whole.analysis.findings : undefined);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(published.at(-1)?.version, 40, 'the last version is published');
  });
});
