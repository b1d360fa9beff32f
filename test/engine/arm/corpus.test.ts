import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceFile } from '../../../server/src/engine/model/source-file';
import type { Template } from '../../../server/src/engine/model/template';
import { parseArmTemplate } from '../../../server/src/engine/parse/arm';
import { sharedFolder } from './helpers';

const JSON_KINDS = new Set(['arm-json', 'arm-params', 'other-json']);

/** Every JSON file of the corpus with its MANIFEST kind ('unlisted' for files the manifest omits). */
function corpusJsonFiles(corpus: string): Map<string, string> {
  const files = new Map<string, string>();
  const [header = '', ...rows] = fs.readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const columns = header.split('\t');
  const [repoColumn, pathColumn, kindColumn] = ['repo', 'path', 'kind'].map((name) => columns.indexOf(name));
  for (const row of rows) {
    const cells = row.split('\t');
    const kind = cells[kindColumn ?? -1] ?? '';
    if (!JSON_KINDS.has(kind)) continue;
    files.set(path.join(corpus, (cells[repoColumn ?? -1] ?? '').replace('/', '__'), cells[pathColumn ?? -1] ?? ''), kind);
  }
  for (const file of fs.readdirSync(corpus, { recursive: true, encoding: 'utf8' })) {
    const absolute = path.join(corpus, file);
    if (file.endsWith('.json') && !files.has(absolute)) files.set(absolute, 'unlisted');
  }
  return files;
}

function allTemplates(template: Template): Template[] {
  return [template, ...template.nested.flatMap((nested) => allTemplates(nested.template))];
}

describe('ARM parsing of the real corpus', () => {
  it('reads every JSON file without throwing', function () {
    const shared = sharedFolder();
    if (shared === undefined || !fs.existsSync(path.join(shared, 'corpus', 'MANIFEST.tsv'))) return this.skip();
    this.timeout(120_000);
    const tally = new Map<string, number>();
    const count = (key: string): void => void tally.set(key, (tally.get(key) ?? 0) + 1);
    let declarations = 0;
    let nested = 0;
    for (const [file, kind] of corpusJsonFiles(path.join(shared, 'corpus'))) {
      if (!fs.existsSync(file)) continue;
      const result = parseArmTemplate(new SourceFile(file, fs.readFileSync(file, 'utf8')));
      count(`${kind} → ${result.kind}`);
      if (kind === 'arm-json') assert.equal(result.kind, 'template', `${file}: ${result.kind === 'invalid' ? result.message : result.kind}`);
      if (kind === 'arm-params') assert.equal(result.kind, 'not-template', file);
      if (result.kind !== 'template') continue;
      const templates = allTemplates(result.template);
      nested += templates.length - 1;
      declarations += templates.reduce((sum, template) => sum + template.declarations.length, 0);
    }
    const templates = [...tally].filter(([key]) => key.endsWith('→ template')).reduce((sum, [, n]) => sum + n, 0);
    console.log(`      corpus: ${templates} templates (${nested} nested templates, ${declarations} declarations)`, Object.fromEntries(tally));
    assert.ok(templates > 0);
  });
});
