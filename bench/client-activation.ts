import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { CLIENT_JS } from './paths';
import { median } from './stats';

export interface ClientActivation {
  readonly bundleBytes: number;
  readonly requireMs: number;
  readonly runs: number;
}

/**
 * Runs in a fresh node: answers `require('vscode')` with a stub that is any value the bundle asks
 * for (every property, call and `new` gives the stub again), then times `require` of the bundle.
 * That is the cost of loading the client's code; activate() itself needs a real VS Code and is
 * not called.
 */
const REQUIRE_WITH_STUB = `
const Module = require('node:module');
const stub = new Proxy(function vscode() {}, {
  get: (target, key) => (key === 'prototype' ? {} : key === Symbol.toPrimitive ? () => '' : stub),
  apply: () => stub,
  construct: () => stub,
});
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };
const start = performance.now();
require(process.argv[1]);
process.stdout.write(String(performance.now() - start));
`;

export function measureClientActivation(runs: number): ClientActivation {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(process.execPath, ['-e', REQUIRE_WITH_STUB, CLIENT_JS], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`require of ${CLIENT_JS} failed:\n${child.stderr}`);
    samples.push(Number(child.stdout));
  }
  return { bundleBytes: fs.statSync(CLIENT_JS).size, requireMs: median(samples), runs };
}
