/** What one file may cost before it is refused: the settings `maxFileSizeMB` and `maxNestingDepth`. */
export interface FileLimits {
  /** Larger files are refused before they are read (default 20 MB). */
  readonly maxBytes?: number;
  /** Deeper nesting makes a template "too deeply nested"; undefined keeps each parser's own default (ARM JSON: 512). */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

const MB = 1024 * 1024;

/** The problem of a file over the size limit; its size when known (stat cannot tell a device's or a /proc file's). */
export function overSizeLimit(maxBytes: number, size?: number): string {
  const limit = `the ${(maxBytes / MB).toFixed(0)} MB limit for analysis`;
  return size === undefined ? `is over ${limit}` : `is ${(size / MB).toFixed(1)} MB, over ${limit}`;
}
