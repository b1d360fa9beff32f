/** A symbol the Bicep compiler lists in a `main.symbols.bicep` baseline. */
export interface CompilerSymbol {
  readonly kind: string;
  readonly name: string;
  readonly type: string;
}

/** The declaration kinds of the engine for the compiler's symbol kinds the oracle compares. */
export const ORACLE_KINDS: Readonly<Record<string, string>> = { Resource: 'resource', Parameter: 'param', Variable: 'var', Module: 'module', Output: 'output' };

/** Lines like `//@[09:13) Resource name. Type: My.Rp/type@2020-01-01[]. Declaration start char: 0, length: 134`. */
export function compilerSymbols(text: string): CompilerSymbol[] {
  const pattern = /^\/\/@\[[^\]\n]*\) (Resource|Parameter|Variable|Module|Output) (\S+)\. Type: (.*)\. Declaration start char: \d+, length: \d+\r?$/gm;
  return [...text.matchAll(pattern)].map(([, kind = '', name = '', type = '']) => ({ kind, name, type: type.replace(/\[\]$/, '') }));
}
