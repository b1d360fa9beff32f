/**
 * A JSON string's value together with where each of its characters came from, so that text
 * found inside the value (an ARM expression's function name, say) maps back to exact document
 * offsets even when the string spells characters with escapes such as `\"` or `\u0027`.
 */
export interface DecodedString {
  readonly value: string;
  /**
   * The document offset where the source of `value[index]` starts. `index === value.length`
   * gives the offset just past the last character's source (the closing quote, when present).
   */
  offsetOf(index: number): number;
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Decodes the JSON string token that starts with the quote at `tokenStart` and ends before
 * `tokenEnd` (the closing quote may be missing in a truncated file). Raw line breaks and other
 * control characters stay in the value as written: Azure accepts them inside strings.
 * Invalid escapes are kept as written; the JSON parser reports them.
 */
export function decodeJsonString(text: string, tokenStart: number, tokenEnd: number): DecodedString {
  const contentStart = tokenStart + 1;
  const contentEnd = closingQuoteOffset(text, contentStart, tokenEnd);
  const raw = text.slice(contentStart, contentEnd);
  if (!raw.includes('\\')) {
    return { value: raw, offsetOf: (index) => contentStart + clampIndex(index, raw.length) };
  }

  let value = '';
  // sources[i] is where value[i] starts in the document; one extra entry marks the end.
  const sources: number[] = [];
  let offset = contentStart;
  while (offset < contentEnd) {
    const escape = text.charCodeAt(offset) === BACKSLASH ? readEscape(text, offset, contentEnd) : undefined;
    if (escape === undefined) {
      value += text[offset] ?? '';
      sources.push(offset);
      offset++;
    } else {
      value += escape.char;
      sources.push(offset);
      offset += escape.length;
    }
  }
  sources.push(contentEnd);
  return { value, offsetOf: (index) => sources[clampIndex(index, value.length)] ?? contentEnd };
}

/** The offset of the quote that ends the string, or `tokenEnd` when it is unterminated. */
function closingQuoteOffset(text: string, contentStart: number, tokenEnd: number): number {
  for (let offset = contentStart; offset < tokenEnd; offset++) {
    const code = text.charCodeAt(offset);
    if (code === BACKSLASH) offset++;
    else if (code === QUOTE) return offset;
  }
  return tokenEnd;
}

function readEscape(text: string, offset: number, contentEnd: number): { char: string; length: number } | undefined {
  const marker = text[offset + 1];
  if (marker === undefined || offset + 1 >= contentEnd) return undefined;
  const simple = SIMPLE_ESCAPES[marker];
  if (simple !== undefined) return { char: simple, length: 2 };
  if (marker !== 'u' || offset + 6 > contentEnd) return undefined;
  const hex = text.slice(offset + 2, offset + 6);
  if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
  // Each \uXXXX is one UTF-16 unit; a surrogate pair is two escapes and maps to two units.
  return { char: String.fromCharCode(parseInt(hex, 16)), length: 6 };
}

function clampIndex(index: number, length: number): number {
  return Math.max(0, Math.min(index, length));
}
