// Injected file-system failures, in this process or (as `node --require …/fs-faults.js`) in a CLI or
// server child process configured by the IDENTITY_FS_FAULTS environment variable (JSON). Permission
// bits do not stop root, so read failures are made here, not with chmod. Paths are compared exactly.
import fs from 'node:fs';
import path from 'node:path';

export interface FsFaults {
  /** Appends one JSON line per event (`read`, `rename`, …) to this file. */
  readonly log?: string;
  /** fs.promises.readFile, fs.promises.open for reading and fs.readFileSync of these paths fail with EIO. */
  readonly failRead?: readonly string[];
  /** These files are deleted just before their first read (a file removed during the audit). */
  readonly deleteBeforeRead?: readonly string[];
  /** These files get this content just before their first read (rewritten during the audit). */
  readonly rewriteBeforeRead?: Readonly<Record<string, string>>;
  /** Just before a temporary file is renamed over one of these files, the file gets this content (someone saved meanwhile). */
  readonly changeBeforeRename?: Readonly<Record<string, string>>;
  /** fs.promises.readdir of these folders fails with EIO (a folder that cannot be listed). */
  readonly failReaddir?: readonly string[];
  /** When a temporary file is written beside one of these files, the file first gets this content (saved by someone else between the audit's read and the fix's write). */
  readonly changeWhenTemporaryWritten?: Readonly<Record<string, string>>;
  /** fs.promises.rename fails (a crash between writing the temporary file and replacing the original): every rename, or those onto these paths. */
  readonly failRename?: boolean | readonly string[];
  /** fs.promises.writeFile writes the first half of its data, then fails with ENOSPC. */
  readonly failWriteHalfway?: boolean;
}

type ReadFile = (path: fs.PathLike | fs.promises.FileHandle, options?: unknown) => Promise<string | Buffer>;
type ReadFileSync = (path: fs.PathOrFileDescriptor, options?: unknown) => string | Buffer;
type Open = (path: fs.PathLike, flags?: string | number, mode?: fs.Mode) => Promise<fs.promises.FileHandle>;
type Rename = (from: fs.PathLike, to: fs.PathLike) => Promise<void>;
type Readdir = (folder: fs.PathLike, options?: unknown) => Promise<unknown>;
type WriteFile = (file: fs.PathLike | fs.promises.FileHandle, data: string | Uint8Array, options?: unknown) => Promise<void>;

function errno(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected failure, ${syscall} '${file}'`), { code, syscall, path: file, errno: -5 });
}

/** Installs the faults; returns a function that removes them. */
export function installFsFaults(faults: FsFaults): () => void {
  const promises = fs.promises as unknown as { readFile: ReadFile; open: Open; rename: Rename; writeFile: WriteFile; readdir: Readdir };
  const sync = fs as unknown as { readFileSync: ReadFileSync };
  const original = { readFile: promises.readFile, open: promises.open, rename: promises.rename, writeFile: promises.writeFile, readdir: promises.readdir, readFileSync: sync.readFileSync };
  const done = new Set<string>();
  const log = (event: Record<string, unknown>) => {
    if (faults.log) fs.appendFileSync(faults.log, `${JSON.stringify({ ...event, time: Date.now() })}\n`);
  };
  const beforeRead = (file: string, syscall: string) => {
    log({ op: 'read', path: file });
    if (faults.failRead?.includes(file)) throw errno('EIO', syscall, file);
    if (!done.has(file) && faults.deleteBeforeRead?.includes(file)) {
      done.add(file);
      fs.rmSync(file, { force: true });
    }
    const rewritten = faults.rewriteBeforeRead?.[file];
    if (!done.has(file) && rewritten !== undefined) {
      done.add(file);
      fs.writeFileSync(file, rewritten);
    }
  };
  const nameOf = (file: unknown) => (typeof file === 'string' ? file : file instanceof URL ? file.pathname : Buffer.isBuffer(file) ? file.toString() : '');

  promises.readFile = async function (file, options) {
    beforeRead(nameOf(file), 'open');
    return original.readFile.call(fs.promises, file, options);
  };
  // The engine reads templates through a file handle (a bounded read): opening one to read is a read.
  promises.open = async function (file, flags, mode) {
    if (flags === undefined || flags === 'r') beforeRead(nameOf(file), 'open');
    return original.open.call(fs.promises, file, flags, mode);
  };
  sync.readFileSync = function (file, options) {
    beforeRead(nameOf(file), 'open');
    return original.readFileSync.call(fs, file, options);
  };
  promises.readdir = async function (folder, options) {
    log({ op: 'readdir', path: nameOf(folder) });
    if (faults.failReaddir?.includes(nameOf(folder))) throw errno('EIO', 'scandir', nameOf(folder));
    return original.readdir.call(fs.promises, folder, options);
  };
  promises.rename = async function (from, to) {
    log({ op: 'rename', from: nameOf(from), to: nameOf(to) });
    if (faults.failRename === true || (Array.isArray(faults.failRename) && faults.failRename.includes(nameOf(to)))) throw errno('EIO', 'rename', nameOf(to));
    const changed = faults.changeBeforeRename?.[nameOf(to)];
    if (changed !== undefined) fs.writeFileSync(nameOf(to), changed);
    return original.rename.call(fs.promises, from, to);
  };
  promises.writeFile = async function (file, data, options) {
    log({ op: 'write', path: nameOf(file) });
    for (const [target, content] of Object.entries(faults.changeWhenTemporaryWritten ?? {})) {
      const written = nameOf(file);
      if (written !== target && path.dirname(written) === path.dirname(target) && !done.has(`changed:${target}`)) {
        done.add(`changed:${target}`);
        fs.writeFileSync(target, content);
      }
    }
    if (faults.failWriteHalfway && typeof data === 'string') {
      await original.writeFile.call(fs.promises, file, data.slice(0, Math.floor(data.length / 2)), options);
      throw errno('ENOSPC', 'write', nameOf(file));
    }
    return original.writeFile.call(fs.promises, file, data, options);
  };
  return () => {
    promises.readFile = original.readFile;
    promises.open = original.open;
    promises.rename = original.rename;
    promises.writeFile = original.writeFile;
    promises.readdir = original.readdir;
    sync.readFileSync = original.readFileSync;
  };
}

/** Read back the events a child process logged. */
export function readFaultLog(file: string): { op: string; path?: string; from?: string; to?: string; time: number }[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { op: string; path?: string; from?: string; to?: string; time: number });
}

// As a preload: configured by the environment.
const configured = process.env.IDENTITY_FS_FAULTS;
if (configured) installFsFaults(JSON.parse(configured) as FsFaults);
