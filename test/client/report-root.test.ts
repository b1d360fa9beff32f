import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { reportRoot } from '../../client/src/commands/report-root';

describe('client: report root', () => {
  const at = (...segments: string[]) => path.join(path.parse(process.cwd()).root, ...segments);

  it('is the folder itself in a single-folder workspace', () => {
    assert.equal(reportRoot([at('work', 'infra')]), at('work', 'infra'));
  });

  it('is the deepest common folder of a multi-root workspace, not fooled by shared name prefixes', () => {
    assert.equal(reportRoot([at('work', 'infra', 'app'), at('work', 'infra', 'network'), at('work', 'infra', 'app', 'sub')]), at('work', 'infra'));
    assert.equal(reportRoot([at('work', 'app'), at('work', 'app-two')]), at('work'));
    assert.equal(reportRoot([at('a'), at('b')]), at());
  });
});
