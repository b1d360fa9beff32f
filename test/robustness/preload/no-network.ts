// Preload (`node --require …/no-network.js`): every outbound network call and every child process
// throws, and each attempt is recorded (one JSON line in $NO_NETWORK_LOG), so that a test can run
// the CLI or the language server and then assert that nothing tried. Stdio pipes are not sockets
// that connect, so a language server over --stdio keeps working. Requires of files under
// $NO_NETWORK_WORKSPACE (workspace content loaded as code) are recorded too.
import childProcess from 'node:child_process';
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import Module from 'node:module';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

const logFile = process.env.NO_NETWORK_LOG;
const workspace = process.env.NO_NETWORK_WORKSPACE ? path.resolve(process.env.NO_NETWORK_WORKSPACE) : undefined;

function record(api: string, detail: unknown): void {
  let text: string;
  try {
    text = JSON.stringify(detail);
  } catch {
    text = String(detail);
  }
  if (logFile) fs.appendFileSync(logFile, `${JSON.stringify({ api, detail: text.slice(0, 500), pid: process.pid })}\n`);
}

function refuse(api: string) {
  return function (this: unknown, ...args: unknown[]): never {
    record(api, args.filter((arg) => typeof arg !== 'function'));
    throw Object.assign(new Error(`${api} is refused in this test: the product must not use the network or run programs`), { code: 'ECONNREFUSED' });
  };
}

function replace(target: object, names: readonly string[], prefix: string): void {
  for (const name of names) {
    if (typeof (target as Record<string, unknown>)[name] === 'function') Object.defineProperty(target, name, { value: refuse(`${prefix}.${name}`), writable: true, configurable: true });
  }
}

replace(net.Socket.prototype, ['connect'], 'net.Socket.prototype');
replace(net, ['connect', 'createConnection'], 'net');
replace(tls, ['connect'], 'tls');
replace(http, ['request', 'get'], 'http');
replace(https, ['request', 'get'], 'https');
replace(dns, ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveTxt', 'resolveSrv', 'lookupService'], 'dns');
replace(dns.promises, ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'lookupService'], 'dns.promises');
replace(dgram, ['createSocket'], 'dgram');
replace(childProcess, ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'child_process');
if (typeof globalThis.fetch === 'function') {
  globalThis.fetch = ((input: unknown) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : String((input as { url?: unknown }).url);
    record('fetch', [url]);
    return Promise.reject(new Error(`fetch(${url}) is refused in this test`));
  });
}

// Proof for the test that the guard was loaded into the process it meant to watch.
if (process.env.NO_NETWORK_READY) fs.appendFileSync(process.env.NO_NETWORK_READY, `${process.pid}\n`);

if (workspace) {
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown; _resolveFilename: (request: string, parent: unknown) => string };
  const load = loader._load;
  loader._load = function (request: string, parent: unknown, isMain: boolean) {
    try {
      const resolved = loader._resolveFilename(request, parent);
      if (resolved.startsWith(workspace + path.sep)) record('require', [resolved]);
    } catch {
      // Unresolvable: load reports it.
    }
    return load.call(this, request, parent, isMain);
  };
}
