import * as fsPromises from 'node:fs/promises';
import * as path from 'node:path';
import type { FileProblem } from '../model/finding';
import { ExcludeMatcher } from './glob';

/** The few file-system calls discovery makes; tests pass a faulty one to see reads fail. */
export interface DiscoveryFileSystem {
  /** Follows symbolic links. */
  stat(path: string): Promise<FileKind>;
  readdir(path: string, options: { withFileTypes: true }): Promise<DirectoryEntry[]>;
  realpath(path: string): Promise<string>;
}

export interface FileKind {
  isFile(): boolean;
  isDirectory(): boolean;
}

export interface DirectoryEntry extends FileKind {
  readonly name: string;
  isSymbolicLink(): boolean;
}

export interface DiscoveryOptions {
  /** Globs over the path relative to the walked folder; files named directly are never excluded. */
  readonly exclude?: readonly string[];
  readonly fs?: DiscoveryFileSystem;
}

export interface DiscoveryResult {
  /** Absolute, sorted, each once. */
  readonly files: string[];
  readonly problems: FileProblem[];
}

const TEMPLATE_EXTENSIONS = new Set(['.bicep', '.bicepparam', '.json', '.jsonc']);
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

export function isCandidateFile(name: string): boolean {
  return TEMPLATE_EXTENSIONS.has(path.extname(name).toLowerCase());
}

/** Finds the files an audit looks at: the files named, and the candidate files under the folders named. */
export async function discoverFiles(paths: readonly string[], options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const walker = new Walker(options.fs ?? fsPromises, new ExcludeMatcher(options.exclude ?? []));
  for (const given of paths) await walker.visitGiven(path.resolve(given));
  return {
    files: [...walker.files].sort(),
    problems: walker.problems.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.message, b.message)),
  };
}

class Walker {
  readonly files = new Set<string>();
  readonly problems: FileProblem[] = [];
  /** Real paths of the folders walked so far: a symbolic link back up the tree is walked once, not forever. */
  private readonly visitedFolders = new Set<string>();

  constructor(
    private readonly fs: DiscoveryFileSystem,
    private readonly exclude: ExcludeMatcher,
  ) {}

  async visitGiven(absolutePath: string): Promise<void> {
    let kind: FileKind;
    try {
      kind = await this.fs.stat(absolutePath);
    } catch (error) {
      this.problem(absolutePath, describeError(error, 'Cannot read this path'));
      return;
    }
    if (kind.isFile()) this.files.add(absolutePath);
    else if (kind.isDirectory()) await this.walkFolder(absolutePath, absolutePath);
    else this.problem(absolutePath, 'Not a file or a folder.');
  }

  private async walkFolder(root: string, folder: string): Promise<void> {
    let entries: DirectoryEntry[];
    try {
      const realPath = await this.fs.realpath(folder);
      if (this.visitedFolders.has(realPath)) return;
      this.visitedFolders.add(realPath);
      entries = await this.fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      this.problem(folder, describeError(error, 'Cannot read this folder'));
      return;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) await this.visitEntry(root, path.join(folder, entry.name), entry);
  }

  private async visitEntry(root: string, entryPath: string, entry: DirectoryEntry): Promise<void> {
    const kind = entry.isSymbolicLink() ? await this.followLink(entryPath, entry.name) : entry;
    if (!kind) return;
    const relative = path.relative(root, entryPath).split(path.sep).join('/');
    if (kind.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !this.exclude.excludesFolder(relative)) await this.walkFolder(root, entryPath);
    } else if (kind.isFile() && isCandidateFile(entry.name) && !this.exclude.excludesFile(relative)) {
      this.files.add(entryPath);
    }
  }

  /** A broken link matters only where it would have been audited: a template-named one. */
  private async followLink(linkPath: string, name: string): Promise<FileKind | undefined> {
    try {
      return await this.fs.stat(linkPath);
    } catch (error) {
      if (isCandidateFile(name)) this.problem(linkPath, describeError(error, 'Cannot follow this symbolic link'));
      return undefined;
    }
  }

  private problem(file: string, message: string): void {
    // The same missing path may be named twice; say so once.
    if (!this.problems.some((known) => known.file === file && known.message === message)) this.problems.push({ file, message });
  }
}

function describeError(error: unknown, context: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'No such file or folder.';
    case 'EACCES':
    case 'EPERM':
      return `${context}: permission denied.`;
    case 'ELOOP':
      return `${context}: too many levels of symbolic links.`;
    default:
      return `${context}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Code-unit order, the same on every platform and locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
