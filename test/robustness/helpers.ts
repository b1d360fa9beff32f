import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';
import { LspSession, type SessionOptions } from '../lsp/lsp-session';

export const CLI_JS = path.join(REPO_ROOT, 'server', 'out', 'cli.js');
/** Preloads for child processes (compiled beside this file). */
export const NO_NETWORK_PRELOAD = path.join(__dirname, 'preload', 'no-network.js');
export const FS_FAULTS_PRELOAD = path.join(__dirname, 'preload', 'fs-faults.js');
export const ENGINE_FAULTS_PRELOAD = path.join(__dirname, 'preload', 'engine-faults.js');
/** The resource type the engine-faults preload makes the engine fail on (not imported from it: importing it would patch this process). */
export const INJECTED_FAULT_TYPE = 'Fault.Injected/things';

export interface ChildOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly preloads?: readonly string[];
  readonly timeout?: number;
}

/** Runs the bundled CLI as CI does, optionally with preloads. */
export function runCli(args: readonly string[], options: ChildOptions = {}): SpawnSyncReturns<string> {
  const preloads = (options.preloads ?? []).flatMap((preload) => ['--require', preload]);
  return spawnSync(process.execPath, [...preloads, CLI_JS, ...args], {
    cwd: options.cwd ?? os.tmpdir(),
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
}

/**
 * Starts the bundled server over stdio with preloads and environment variables. LspSession spawns
 * with this process's environment, so they go in through NODE_OPTIONS for the time of the spawn.
 */
export async function startServer(options: SessionOptions, child: Pick<ChildOptions, 'env' | 'preloads'> = {}): Promise<LspSession> {
  const saved = { ...process.env };
  try {
    const preloads = (child.preloads ?? []).map((preload) => `--require ${JSON.stringify(preload)}`).join(' ');
    if (preloads) process.env.NODE_OPTIONS = [saved.NODE_OPTIONS, preloads].filter(Boolean).join(' ');
    for (const [name, value] of Object.entries(child.env ?? {})) process.env[name] = value;
    return await LspSession.start(options);
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

/** A fresh temporary folder holding `files` (text or bytes); removed by the caller. */
export function writeWorkspace(files: Readonly<Record<string, string | Buffer>>, prefix = 'identity-isolation-robust-'): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

export const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** A Bicep identity without isolationScope (one isolation-scope-missing finding). */
export function bicepIdentity(name = 'id', location = "'westus'"): string {
  return `resource ${name} 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {\n  name: '${name}'\n  location: ${location}\n}\n`;
}

/** A Regional identity in `identityRegion` and a storage account in `sourceRegion` that carries it. */
export function bicepPair(identityLocation: string, sourceLocation = "'westus'"): string {
  return [
    "resource id 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
    "  name: 'id'",
    `  location: ${identityLocation}`,
    "  properties: { isolationScope: 'Regional' }",
    '}',
    "resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {",
    "  name: 'st'",
    `  location: ${sourceLocation}`,
    "  kind: 'StorageV2'",
    "  sku: { name: 'Standard_LRS' }",
    "  identity: { type: 'UserAssigned', userAssignedIdentities: { '${id.id}': {} } }",
    '}',
    '',
  ].join('\n');
}

export function armTemplate(content: Record<string, unknown>): string {
  return `${JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...content }, null, 2)}\n`;
}

export function armIdentity(name = 'id', location = 'westus', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'Microsoft.ManagedIdentity/userAssignedIdentities', apiVersion: '2024-11-30', name, location, ...extra };
}

/** Milliseconds `fn` takes. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; millis: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, millis: performance.now() - started };
}

/** A diagnostic's message as text (LSP 3.18 allows markup). */
export function messageOf(diagnostic: { message: string | { value: string } }): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}
