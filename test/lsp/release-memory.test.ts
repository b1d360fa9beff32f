import * as assert from 'node:assert/strict';
import { MemoryReleaser } from '../../server/src/lsp/release-memory';

describe('MemoryReleaser', () => {
  it('collects garbage without a command-line flag: a dropped 40 MB structure is gone from the heap', () => {
    const releaser = new MemoryReleaser(60_000);
    releaser.collectNow();
    const before = process.memoryUsage().heapUsed;
    let garbage: { index: number; text: string }[] | undefined = Array.from({ length: 400_000 }, (_, index) => ({ index, text: `item ${index}` }));
    const grown = process.memoryUsage().heapUsed;
    assert.ok(grown - before > 20 * 1024 * 1024, `the structure took ${grown - before} bytes`);
    assert.equal(garbage.length, 400_000);
    garbage = undefined;
    releaser.collectNow();
    const after = process.memoryUsage().heapUsed;
    assert.ok(after - before < (grown - before) / 4, `heap before ${before}, with the structure ${grown}, after collecting ${after}`);
  });

  it('collects once the server has been idle for the time given', async () => {
    const releaser = new MemoryReleaser(20);
    releaser.collectNow();
    const before = process.memoryUsage().heapUsed;
    let garbage: string[] | undefined = Array.from({ length: 400_000 }, (_, index) => `item ${index}`);
    const grown = process.memoryUsage().heapUsed;
    assert.equal(garbage.length, 400_000);
    garbage = undefined;
    releaser.collectWhenIdle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = process.memoryUsage().heapUsed;
    assert.ok(after - before < (grown - before) / 4, `heap before ${before}, with the strings ${grown}, after the idle collection ${after}`);
  });
});
