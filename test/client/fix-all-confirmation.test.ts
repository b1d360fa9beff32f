import * as assert from 'node:assert/strict';
import { fixAllConfirmation } from '../../client/src/commands/fix-all-confirmation';

describe('client: fix-all confirmation', () => {
  it('says how many fixes in how many files', () => {
    assert.equal(fixAllConfirmation({ fixes: 1, files: 1 }, true).message, 'Apply 1 safe fix in 1 file?');
    assert.equal(fixAllConfirmation({ fixes: 5, files: 2 }, true).message, 'Apply 5 safe fixes in 2 files?');
  });

  it('mentions Restricted Mode only in an untrusted workspace', () => {
    assert.doesNotMatch(fixAllConfirmation({ fixes: 2, files: 1 }, true).detail, /Restricted Mode/);
    assert.match(fixAllConfirmation({ fixes: 2, files: 1 }, false).detail, /Restricted Mode/);
  });
});
