import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface CorpusFile {
  readonly path: string;
  readonly bytes: number;
}

/** The extensions and skipped folders of the CLI's own discovery, so both count the same files. */
const TEMPLATE_EXTENSIONS = new Set(['.bicep', '.bicepparam', '.json', '.jsonc']);
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

export function isBicep(filePath: string): boolean {
  return /\.(bicep|bicepparam)$/i.test(filePath);
}

/** Every file an audit of `root` looks at, sorted by path. */
export function templateFiles(root: string): CorpusFile[] {
  const found: CorpusFile[] = [];
  const visit = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) visit(full);
      else if (entry.isFile() && TEMPLATE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) found.push({ path: full, bytes: fs.statSync(full).size });
    }
  };
  visit(root);
  return found.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export function totalBytes(files: readonly CorpusFile[]): number {
  return files.reduce((sum, file) => sum + file.bytes, 0);
}

/**
 * Writes `copies` copies of the corpus into a temporary folder (copy-0/, copy-1/, …), every line of
 * every file ending in whitespace unique to its copy. Every declaration's text then differs from the
 * original's and from each other copy's, so no cache by content (of a file or of a declaration)
 * makes a copy free, while the meaning stays the same: JSON ignores whitespace between tokens and
 * Bicep at the end of a line. Lines ending in a backslash are left alone: tree-sitter-bicep
 * continues a `//` comment ending in one onto the next line, and trailing blanks would change that.
 * Files other than templates (LICENSE) are copied as they are.
 */
export function writePerturbedCopies(source: string, copies: number): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-bench-'));
  for (let copy = 0; copy < copies; copy++) {
    const suffix = copySuffix(copy);
    fs.cpSync(source, path.join(target, `copy-${copy}`), { recursive: true });
    for (const file of templateFiles(path.join(target, `copy-${copy}`))) {
      fs.chmodSync(file.path, 0o644);
      fs.writeFileSync(file.path, perturb(fs.readFileSync(file.path, 'utf8'), suffix));
    }
  }
  return target;
}

/** Three blanks, spaces and tabs spelling the copy's number in binary: the same size for every copy. */
function copySuffix(copy: number): string {
  return [4, 2, 1].map((bit) => (copy & bit ? '\t' : ' ')).join('');
}

export function perturb(text: string, suffix: string): string {
  return text.replace(/([^\r\n]*?)(\r?\n|$)/g, (line: string, content: string, ending: string) => {
    if (line === '' || content.endsWith('\\')) return line;
    return content + suffix + ending;
  });
}
