import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoadedTemplate, ModuleHost } from '../eval/evaluator';
import { DEFAULT_MAX_BYTES, overSizeLimit, type FileLimits } from '../model/limits';
import { SourceFile } from '../model/source-file';
import { parseSourceFile } from '../parse';

export interface FileModuleHostOptions {
  /** Folders whose files modules may load; a module path that leaves them is not followed. */
  readonly roots: readonly string[];
  /** Follow module paths outside the roots too (setting `identityIsolation.followModulesOutsideWorkspace`). */
  readonly allowOutsideRoots?: boolean;
  /**
   * Opt-in (setting `useBicepModuleCache`): the folder where the official Bicep tooling restores
   * registry modules (`~/.bicep` by default). Registry modules are read from there when restored,
   * never fetched.
   */
  readonly bicepModuleCache?: string;
  /** Templates already parsed (the audit's own, an editor's open documents): used instead of the disk. */
  readonly known?: (filePath: string) => LoadedTemplate | undefined;
  /** Keep at most this many module files parsed (least recently used go first); unbounded by default. */
  readonly cacheLimit?: number;
  /** The audit's size and nesting limits hold for module files too. */
  readonly limits?: FileLimits;
}

type Resolved = LoadedTemplate | { readonly reason: string; readonly byPolicy?: boolean };

/** Where a module reference leads before anything is read: a file, or why it is not followed. */
export type ModuleTarget = { readonly path: string } | { readonly reason: string; readonly byPolicy?: boolean };

/** Registry and template-spec references (`br:`, `br/public:`, `ts:`) are never fetched. */
const EXTERNAL_MODULE = /^(br|ts)[:/]/i;

/** Loads module templates from disk (synchronously: the evaluator is synchronous), each file once. */
export class FileModuleHost implements ModuleHost {
  private readonly cache = new Map<string, Resolved>();
  private readonly roots: readonly string[];

  constructor(private readonly options: FileModuleHostOptions) {
    this.roots = options.roots.map((root) => path.resolve(root));
  }

  resolve(fromFile: string, modulePath: string): Resolved {
    const target = this.target(fromFile, modulePath);
    return 'path' in target ? this.cached(target.path) : target;
  }

  /** The file a module reference names, by the same rules as `resolve`, without reading it. */
  target(fromFile: string, modulePath: string): ModuleTarget {
    if (EXTERNAL_MODULE.test(modulePath)) {
      const cached = this.options.bicepModuleCache ? restoredRegistryModule(this.options.bicepModuleCache, modulePath) : undefined;
      if (!cached) return { reason: 'registry and template spec modules are not fetched' };
      if (!fs.existsSync(cached)) return { reason: `it has not been restored into the Bicep module cache (${cached})` };
      return { path: cached };
    }
    const target = path.resolve(path.dirname(fromFile), modulePath);
    if (!this.options.allowOutsideRoots && !this.roots.some((root) => target === root || target.startsWith(root + path.sep))) {
      return { reason: 'its path leaves the workspace (setting followModulesOutsideWorkspace)', byPolicy: true };
    }
    return { path: target };
  }

  private cached(target: string): Resolved {
    let resolved = this.cache.get(target);
    if (resolved) {
      // Most recently used last, so that a bounded cache drops the file unused the longest.
      this.cache.delete(target);
    } else {
      resolved = this.load(target);
    }
    this.cache.set(target, resolved);
    const limit = this.options.cacheLimit;
    if (limit !== undefined && this.cache.size > limit) this.cache.delete(this.cache.keys().next().value ?? '');
    return resolved;
  }

  private load(target: string): Resolved {
    const known = this.options.known?.(target);
    if (known) return known;
    const maxBytes = this.options.limits?.maxBytes ?? DEFAULT_MAX_BYTES;
    let text: string;
    try {
      const stat = fs.statSync(target);
      // A device (a link to /dev/zero) would be read without end: its size says nothing.
      if (!stat.isFile()) return { reason: 'it is not a regular file' };
      if (stat.size > maxBytes) return { reason: `it ${overSizeLimit(maxBytes, stat.size)}` };
      text = fs.readFileSync(target, 'utf8');
    } catch (error) {
      return { reason: `it cannot be read (${error instanceof Error ? error.message : String(error)})` };
    }
    const file = new SourceFile(target, text);
    const outcome = parseSourceFile(file, this.options.limits);
    if (outcome.kind !== 'template') return { reason: outcome.kind === 'invalid' ? outcome.message : 'it is not a template' };
    return { file, template: outcome.template };
  }
}

/** `br/public:` is Bicep's built-in alias for the public registry's `bicep/` repositories. */
const PUBLIC_REGISTRY = 'mcr.microsoft.com/bicep/';

/**
 * Where `bicep restore` puts a registry module: `<cache>/br/<registry>/<repository with '/' as
 * '$'>/<tag>$/main.json`. Template specs (`ts:`) and custom aliases are not resolved.
 */
export function restoredRegistryModule(cacheRoot: string, reference: string): string | undefined {
  const match = /^br(?::|\/public:)(.+):([^:/]+)$/i.exec(reference);
  if (!match?.[1] || !match[2]) return undefined;
  const full = reference.toLowerCase().startsWith('br/public:') ? `${PUBLIC_REGISTRY}${match[1]}` : match[1];
  const slash = full.indexOf('/');
  if (slash < 0) return undefined;
  const registry = full.slice(0, slash);
  const repository = full.slice(slash + 1).replace(/\//g, '$');
  return path.join(cacheRoot, 'br', registry, repository, `${match[2]}$`, 'main.json');
}
