import { LineIndex } from '../text/line-index';

const BOM = '\uFEFF';

/**
 * A template's text as the engine sees it. The BOM is kept aside (editors hide it and count
 * columns without it) so that every offset and column matches what the user sees; fixes put it back.
 */
export class SourceFile {
  readonly text: string;
  readonly hasBom: boolean;
  /** The line break the file mostly uses; inserted text uses it too. */
  readonly eol: '\n' | '\r\n';
  private index: LineIndex | undefined;

  constructor(
    /** Absolute path, or an editor URI's path. */
    readonly path: string,
    rawText: string,
  ) {
    this.hasBom = rawText.startsWith(BOM);
    this.text = this.hasBom ? rawText.slice(1) : rawText;
    this.eol = dominantEol(this.text);
  }

  get lines(): LineIndex {
    this.index ??= new LineIndex(this.text);
    return this.index;
  }

  /** The file's bytes as text again, with its BOM. */
  withBom(text: string): string {
    return this.hasBom ? BOM + text : text;
  }
}

function dominantEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1 && crlf + lf < 200; i = text.indexOf('\n', i + 1)) {
    if (text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}
