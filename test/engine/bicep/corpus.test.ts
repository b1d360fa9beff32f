import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Declaration } from '../../../server/src/engine/model/template';
import { readHeaders } from '../../../server/src/engine/parse/bicep/headers';
import { lexBicep } from '../../../server/src/engine/parse/bicep/lexer';
import { splitStatements } from '../../../server/src/engine/parse/bicep/statements';
import { loadGrammar, parseText, readAllValues, sharedPath } from './helpers';

/** Files written to be invalid: Azure/bicep's negative tests, and documentation templates with `<placeholders>`. */
const INVALID_ON_PURPOSE = /Invalid|invalid-resources|examples[\\/]fail[\\/]|syntax-samples[\\/]/;

/** A value that tree-sitter should have read but did not: the sign of a declaration the grammar lost. */
function lostValue(declaration: Declaration): boolean {
  switch (declaration.kind) {
    case 'var':
      return declaration.value.kind === 'unparsed' && declaration.value.reason === 'the value could not be read';
    case 'resource':
    case 'module':
      return declaration.body === undefined;
    default:
      return false;
  }
}

describe('Bicep parsing of the real corpus (../shared/corpus)', () => {
  before(loadGrammar);

  it('reads every .bicep and .bicepparam file, keeps every declaration the lexer sees, and finds problems only in invalid files', function () {
    const corpus = sharedPath('corpus');
    if (!corpus) return this.skip();
    this.timeout(300_000);
    const files = fs
      .readdirSync(corpus, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.bicep(param)?$/.test(file))
      .map((file) => path.join(corpus, file));
    let declarations = 0;
    let withProblems = 0;
    let problems = 0;
    const unexpected: string[] = [];
    const started = process.hrtime.bigint();
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const { template } = parseText(text, file);
      readAllValues(template);
      declarations += template.declarations.length;
      problems += template.problems.length;
      if (template.problems.length > 0) withProblems++;
      const invalid = INVALID_ON_PURPOSE.test(file);
      if (template.problems.length > 0 && !invalid) unexpected.push(`${file}: ${template.problems[0]?.message ?? ''}`);
      if (template.problems.length === 0 && template.declarations.some(lostValue)) unexpected.push(`${file}: a value was lost`);
    }
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;

    // The lexer's own list, computed again on its own, against what the templates hold.
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const { tokens } = lexBicep(text);
      const { statements, partner } = splitStatements(text, tokens);
      const lexical = readHeaders(tokens, partner, statements).declarations.map((d) => `${d.kind} ${d.name} ${d.range.start}`);
      const kept = parseText(text, file).template.declarations.map((d) => `${d.kind} ${d.name} ${d.range.start}`);
      assert.deepEqual(kept, lexical, file);
    }

    console.log(`      corpus: ${files.length} files, ${declarations} declarations, ${problems} problems in ${withProblems} files (all invalid on purpose), every value read in ${Math.round(milliseconds)} ms`);
    assert.ok(files.length > 1800);
    assert.deepEqual(unexpected, []);
  });
});
