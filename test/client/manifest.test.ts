import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../client/src/command-ids';
import { CONFIGURATION_SECTION } from '../../client/src/config';
import { DOCUMENT_SELECTOR } from '../../client/src/document-selector';
import { RULES } from '../../server/src/engine/rules';
import { docsUrlFor } from '../../server/src/engine/rules/rule';
import { REPO_ROOT } from '../helpers/paths';

interface Setting {
  readonly markdownDescription?: string;
  readonly properties?: Record<string, Setting>;
}
interface Manifest {
  readonly engines: { readonly vscode: string };
  readonly activationEvents: string[];
  readonly capabilities: { readonly untrustedWorkspaces: { supported: unknown }; readonly virtualWorkspaces: { supported: unknown } };
  readonly contributes: {
    readonly languages: Record<string, unknown>[];
    readonly grammars?: unknown[];
    readonly commands: { readonly command: string }[];
    readonly configuration: { readonly properties: Record<string, Setting> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const settings = manifest.contributes.configuration.properties;

describe('client: extension manifest (package.json)', () => {
  it('has a severity setting for every rule, linked to its documentation with its default', () => {
    const severity = settings[`${CONFIGURATION_SECTION}.severity`]?.properties ?? {};
    assert.deepEqual(Object.keys(severity).sort(), RULES.map((rule) => rule.id).sort());
    for (const rule of RULES) {
      const description = severity[rule.id]?.markdownDescription ?? '';
      assert.ok(description.includes(`(${docsUrlFor(rule.id)})`), `${rule.id}: no link to its documentation`);
      assert.ok(description.includes(`\`${rule.defaultSeverity}\``), `${rule.id}: its default ${rule.defaultSeverity} is not named`);
    }
  });

  it('documents every setting, under the identityIsolation prefix', () => {
    for (const [name, setting] of Object.entries(settings)) {
      assert.ok(name.startsWith(`${CONFIGURATION_SECTION}.`), name);
      assert.ok(setting.markdownDescription, `${name} has no markdownDescription`);
    }
  });

  it('contributes exactly the commands the client registers, each an activation event', () => {
    const ids = Object.values(COMMANDS);
    assert.deepEqual(manifest.contributes.commands.map((command) => command.command).sort(), [...ids].sort());
    for (const id of ids) assert.ok(manifest.activationEvents.includes(`onCommand:${id}`), `no activation on ${id}`);
  });

  it('activates on the languages of the document selector, never on startup', () => {
    const languages = new Set(DOCUMENT_SELECTOR.map((filter) => (typeof filter === 'string' ? filter : filter.language)));
    for (const language of languages) assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), `no activation on ${String(language)}`);
    assert.ok(!manifest.activationEvents.some((event) => event === '*' || event === 'onStartupFinished'));
  });

  it('contributes the Bicep languages by id and extension only, so the Bicep extension keeps its own definitions', () => {
    assert.deepEqual(manifest.contributes.languages.map((language) => Object.keys(language).sort()), [
      ['aliases', 'extensions', 'id'],
      ['aliases', 'extensions', 'id'],
    ]);
    assert.equal(manifest.contributes.grammars, undefined);
  });

  it('declares limited support for untrusted and virtual workspaces, and runs in code-server 4.100 (VS Code 1.100)', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, 'limited');
    assert.equal(manifest.engines.vscode, '^1.91.0');
  });
});
