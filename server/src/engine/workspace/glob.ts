/**
 * Turns a simple exclude glob into a RegExp over `/`-separated relative paths.
 *
 * - `*` matches within one path segment, `?` one character of a segment;
 * - `**` matches any number of whole segments (`**` + `/` may match none, `/` + `**` at the end
 *   matches everything below);
 * - a pattern without `/` matches a name at any depth, as in .gitignore (`*.parameters.json`);
 * - a leading `./` or `/` anchors nothing more: patterns with a `/` are already anchored to the root.
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!pattern.includes('/')) pattern = `**/${pattern}`;
  pattern = pattern.replace(/^\//, '');

  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (pattern.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** A set of exclude globs; folders are tested with a trailing `/` so that `dir/**` excludes `dir` itself. */
export class ExcludeMatcher {
  private readonly patterns: readonly RegExp[];

  constructor(globs: readonly string[]) {
    this.patterns = globs.map(globToRegExp);
  }

  excludesFile(relativePath: string): boolean {
    return this.patterns.some((pattern) => pattern.test(relativePath));
  }

  excludesFolder(relativePath: string): boolean {
    return this.patterns.some((pattern) => pattern.test(relativePath) || pattern.test(`${relativePath}/`));
  }
}
