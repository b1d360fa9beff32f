import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Template } from '../../../server/src/engine/model/template';
import { compilerSymbols, ORACLE_KINDS as KINDS, type CompilerSymbol } from '../../helpers/oracle';
import { loadGrammar, readAllValues, readFile, sharedPath } from './helpers';

/** Whether the template declares the symbol. Imported variables are `import` declarations: their kind is only known in the file they come from. */
function declares(template: Template, symbol: CompilerSymbol): boolean {
  const kind = KINDS[symbol.kind];
  return template.declarations.some((declaration) => {
    if (declaration.name !== symbol.name) return false;
    if (declaration.kind === 'import') return symbol.kind === 'Variable';
    if (declaration.kind !== kind) return false;
    // The compiler spells known resource types its own way (dnszones → dnsZones); Azure compares them ignoring case.
    return declaration.kind !== 'resource' || `${declaration.type}@${declaration.apiVersion ?? ''}`.toLowerCase() === symbol.type.toLowerCase();
  });
}

/** How the compiler prints a string literal type: `'it\\'s\\n'`. */
function compilerQuoted(value: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/\$\{/g, '\\${');
  return `'${escaped}'`;
}

function unparsedIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) unparsedIn(item, found);
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.kind === 'unparsed') found.push(String(record.text));
    for (const [key, field] of Object.entries(record)) if (key !== 'template') unparsedIn(field, found);
  }
  return found;
}

describe('Bicep files of ../shared', () => {
  before(loadGrammar);

  it('reads every Bicep file of the shared cases without problems or unreadable values', function () {
    const cases = sharedPath('cases');
    if (!cases) return this.skip();
    const files = fs.readdirSync(cases, { recursive: true, encoding: 'utf8' }).filter((file) => /\.bicep(param)?$/.test(file));
    assert.ok(files.length >= 19, `found ${files.length} files`);
    for (const file of files) {
      const { template } = readFile(path.join(cases, file));
      readAllValues(template);
      assert.deepEqual(template.problems, [], file);
      assert.deepEqual(unparsedIn(template.declarations), [], file);
    }
  });

  it('declares every resource, parameter, variable, module and output the Bicep compiler sees in its 39 samples', function () {
    const samples = sharedPath('oracles', 'bicep-samples');
    if (!samples) return this.skip();
    let symbols = 0;
    const missing: string[] = [];
    const folders = fs.readdirSync(samples).filter((folder) => fs.existsSync(path.join(samples, folder, 'main.symbols.bicep')));
    assert.equal(folders.length, 39);
    for (const folder of folders) {
      const { template } = readFile(path.join(samples, folder, 'main.bicep'));
      readAllValues(template);
      assert.deepEqual(template.problems, [], `${folder}: valid Bicep has no syntax problems`);
      for (const symbol of compilerSymbols(fs.readFileSync(path.join(samples, folder, 'main.symbols.bicep'), 'utf8'))) {
        symbols++;
        if (!declares(template, symbol)) missing.push(`${folder}: ${symbol.kind} ${symbol.name} (${symbol.type})`);
      }
    }
    console.log(`      oracle: ${symbols} compiler symbols in ${folders.length} samples, ${missing.length} missing`);
    assert.ok(symbols > 800);
    assert.deepEqual(missing, []);
  });

  it('decodes string variables of the samples to the literal types the compiler gives them', function () {
    const samples = sharedPath('oracles', 'bicep-samples');
    if (!samples) return this.skip();
    const compared: string[] = [];
    for (const folder of fs.readdirSync(samples).filter((name) => fs.existsSync(path.join(samples, name, 'main.symbols.bicep')))) {
      const { template } = readFile(path.join(samples, folder, 'main.bicep'));
      for (const symbol of compilerSymbols(fs.readFileSync(path.join(samples, folder, 'main.symbols.bicep'), 'utf8'))) {
        const declaration = template.declarations.find((d) => d.kind === 'var' && d.name === symbol.name);
        if (symbol.kind !== 'Variable' || declaration?.kind !== 'var' || declaration.value.kind !== 'string' || !symbol.type.startsWith("'")) continue;
        assert.equal(compilerQuoted(declaration.value.value), symbol.type, `${folder}: ${symbol.name}`);
        compared.push(symbol.name);
      }
    }
    assert.ok(compared.length >= 30, `compared ${compared.length} strings`);
  });
});
