import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../../server/src/engine/rules';
import { docsUrlFor } from '../../../server/src/engine/rules/rule';
import { REPO_ROOT } from '../../helpers/paths';

describe('every rule is complete', () => {
  for (const rule of RULES) {
    it(`${rule.id}: docs page, test file, derived docs URL, short kebab-case id`, () => {
      assert.match(rule.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(rule.id.length <= 36);
      assert.equal(rule.docsUrl, docsUrlFor(rule.id));
      const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8');
      for (const heading of ['## Why', '## Bad', '## Good', '## Fix', '## Suppress']) {
        assert.ok(docs.includes(heading), `${rule.id}.md has ${heading}`);
      }
      assert.ok(fs.existsSync(path.join(REPO_ROOT, 'test', 'engine', 'rules', `${rule.id}.test.ts`)));
      assert.ok(fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').includes(`docs/rules/${rule.id}.md`), 'listed in README');
    });
  }

  it('has no rule files outside the registry', () => {
    const files = fs.readdirSync(path.join(REPO_ROOT, 'server', 'src', 'engine', 'rules')).filter((file) => !['index.ts', 'rule.ts'].includes(file));
    assert.deepEqual(files.map((file) => file.replace(/\.ts$/, '')).sort(), RULES.map((rule) => rule.id).sort());
  });
});
