import type { Range } from '../../model/range';
import type { DeclarationKind, SyntaxProblem } from '../../model/template';
import { isSignificant, isStringToken, type StringToken, type Token } from './lexer';
import type { Statement } from './statements';

/**
 * What the lexer alone can say about a declaration: its kind, name and ranges, and for resources
 * and modules their type and path. Values are left to tree-sitter, which reads them on demand.
 */
export interface DeclarationHeader {
  readonly kind: DeclarationKind;
  readonly name: string;
  readonly nameRange: Range;
  readonly keywordOffset: number;
  readonly range: Range;
  /** Token indices: first decorator (or keyword), keyword, last token. */
  readonly firstIndex: number;
  readonly keywordIndex: number;
  readonly lastIndex: number;
  /** The name's token; the type of a `param`, `var` or `output` lies between it and `=`. */
  readonly nameIndex: number;
  /** The `=` before the value, when there is one. */
  readonly equalsIndex: number | undefined;
  readonly resource?: ResourceHeader;
  readonly module?: { readonly path: string; readonly pathRange: Range };
  /** Nested child resources, directly inside this resource's body. */
  readonly children: readonly DeclarationHeader[];
}

export interface ResourceHeader {
  /** Full type, the parent's type included for nested resources. */
  readonly type: string;
  readonly apiVersion: string | undefined;
  readonly typeRange: Range;
  readonly apiVersionRange: Range | undefined;
  readonly existing: boolean;
  /** The enclosing resource of a nested resource. */
  readonly parentName: string | undefined;
}

export interface FileHeaders {
  readonly declarations: readonly DeclarationHeader[];
  readonly usingPath: string | undefined;
  readonly targetScope: string | undefined;
  readonly problems: readonly SyntaxProblem[];
}

export function readHeaders(tokens: readonly Token[], partner: Int32Array, statements: readonly Statement[]): FileHeaders {
  const reader = new HeaderReader(tokens, partner);
  const declarations: DeclarationHeader[] = [];
  let usingPath: string | undefined;
  let targetScope: string | undefined;
  for (const statement of statements) {
    switch (statement.keyword) {
      case 'using':
        usingPath = reader.stringAfter(statement.keywordIndex, statement.lastIndex) ?? usingPath;
        break;
      case 'targetScope':
        targetScope = reader.targetScope(statement) ?? targetScope;
        break;
      case 'extends':
      case 'extensionConfig':
        break;
      default:
        declarations.push(...reader.declarations(statement));
    }
  }
  return { declarations, usingPath, targetScope, problems: reader.problems };
}

/** Resource types may name their extension: `'az:Microsoft.Web/sites@…'`. */
const EXTENSION_PREFIX = /^[A-Za-z][\w-]*:(?=[^/]*\/)/;

class HeaderReader {
  readonly problems: SyntaxProblem[] = [];

  constructor(
    private readonly tokens: readonly Token[],
    private readonly partner: Int32Array,
  ) {}

  declarations(statement: Statement): DeclarationHeader[] {
    const { keyword, keywordIndex, firstIndex, lastIndex } = statement;
    const keywordToken = this.token(keywordIndex);
    const base = { keywordOffset: keywordToken.start, range: { start: statement.start, end: statement.end }, firstIndex, keywordIndex, lastIndex };
    if (keyword === 'import') return this.imports(statement, base);
    if (keyword === 'extension' || keyword === 'provider') return this.extension(statement, base);
    const nameIndex = this.next(keywordIndex, lastIndex);
    const nameToken = nameIndex === undefined ? undefined : this.tokens[nameIndex];
    if (nameIndex === undefined || nameToken?.kind !== 'word') {
      this.problem(`Expected a name after '${keyword}'`, keywordToken);
      return [];
    }
    const named = { ...base, name: nameToken.text, nameRange: rangeOf(nameToken), nameIndex, children: [] };
    switch (keyword) {
      case 'resource':
        return this.resource(named, undefined);
      case 'module':
        return this.module(named);
      case 'param':
      case 'var':
      case 'output':
      case 'metadata':
      case 'assert':
        return [{ ...named, kind: keyword, equalsIndex: this.equalsAfter(nameIndex, lastIndex) }];
      case 'type':
      case 'func':
      case 'test':
        return [{ ...named, kind: keyword, equalsIndex: undefined }];
      default:
        return [];
    }
  }

  stringAfter(index: number, lastIndex: number): string | undefined {
    const next = this.next(index, lastIndex);
    const token = next === undefined ? undefined : this.tokens[next];
    return token && isStringToken(token) ? stringValue(token) : undefined;
  }

  targetScope(statement: Statement): string | undefined {
    const equals = this.next(statement.keywordIndex, statement.lastIndex);
    return equals === undefined ? undefined : this.stringAfter(equals, statement.lastIndex);
  }

  private resource(named: Named, parent: ParentResource | undefined): DeclarationHeader[] {
    const typeIndex = this.next(named.nameIndex, named.lastIndex);
    const typeToken = typeIndex === undefined ? undefined : this.tokens[typeIndex];
    if (typeIndex === undefined || !typeToken || !isStringToken(typeToken)) {
      this.problem(`Expected the resource type of '${named.name}'`, this.token(named.nameIndex));
      return [];
    }
    const afterType = this.next(typeIndex, named.lastIndex);
    const existing = afterType !== undefined && this.tokens[afterType]?.text === 'existing';
    const resource = resourceType(typeToken, existing, parent);
    const header: DeclarationHeader = { ...named, kind: 'resource', equalsIndex: this.equalsAfter(typeIndex, named.lastIndex), resource };
    const children = this.nestedResources(header, { ...resource, name: named.name });
    return [{ ...header, children }, ...children.flatMap(flatten)];
  }

  private module(named: Named): DeclarationHeader[] {
    const pathIndex = this.next(named.nameIndex, named.lastIndex);
    const pathToken = pathIndex === undefined ? undefined : this.tokens[pathIndex];
    if (pathIndex === undefined || !pathToken || !isStringToken(pathToken)) {
      this.problem(`Expected the path of module '${named.name}'`, this.token(named.nameIndex));
      return [];
    }
    const path = stringValue(pathToken) ?? pathToken.text.slice(1, -1);
    return [{ ...named, kind: 'module', equalsIndex: this.equalsAfter(pathIndex, named.lastIndex), module: { path, pathRange: rangeOf(pathToken) } }];
  }

  /** `import {a, 'b' as c} from …`, `import * as ns from …`, and the older `import 'az@1.0.0' as az`. */
  private imports(statement: Statement, base: Base): DeclarationHeader[] {
    const names: number[] = [];
    const first = this.next(statement.keywordIndex, statement.lastIndex);
    const firstToken = first === undefined ? undefined : this.tokens[first];
    if (first !== undefined && firstToken?.text === '{') {
      const close = this.partner[first] ?? -1;
      const end = close === -1 ? statement.lastIndex : close;
      for (let i = this.next(first, end); i !== undefined && i < end; i = this.next(i, end)) {
        const token = this.token(i);
        const after = this.next(i, end);
        if (after !== undefined && this.tokens[after]?.text === 'as') continue;
        if (token.kind === 'word' && token.text !== 'as') names.push(i);
      }
    } else {
      const alias = this.aliasIn(statement);
      if (alias !== undefined) names.push(alias);
      else if (first !== undefined && firstToken && isStringToken(firstToken)) names.push(first);
    }
    if (names.length === 0) this.problem("Expected the names to import after 'import'", this.token(statement.keywordIndex));
    return names.map((nameIndex) => {
      const token = this.token(nameIndex);
      return { ...base, kind: 'import', name: importName(token), nameRange: rangeOf(token), nameIndex, equalsIndex: undefined, children: [] };
    });
  }

  /** `extension az`, `extension kubernetes with {…} as k8s`, `extension 'br:…' as graph`. */
  private extension(statement: Statement, base: Base): DeclarationHeader[] {
    const nameIndex = this.aliasIn(statement) ?? this.next(statement.keywordIndex, statement.lastIndex);
    const nameToken = nameIndex === undefined ? undefined : this.tokens[nameIndex];
    if (nameIndex === undefined || !nameToken || (nameToken.kind !== 'word' && nameToken.kind !== 'string')) {
      this.problem(`Expected the name of an extension after '${statement.keyword}'`, this.token(statement.keywordIndex));
      return [];
    }
    return [{ ...base, kind: 'extension', name: importName(nameToken), nameRange: rangeOf(nameToken), nameIndex, equalsIndex: undefined, children: [] }];
  }

  /** Index of the word after the last `as` outside brackets. */
  private aliasIn(statement: Statement): number | undefined {
    let alias: number | undefined;
    for (let i = this.next(statement.keywordIndex, statement.lastIndex); i !== undefined; i = this.next(i, statement.lastIndex)) {
      const after = this.token(i).text === 'as' ? this.next(i, statement.lastIndex) : undefined;
      if (after !== undefined && this.tokens[after]?.kind === 'word') alias = after;
      const partner = this.partner[i] ?? -1;
      if (partner > i) i = partner;
    }
    return alias;
  }

  /** Nested `resource` declarations directly in the body object of a resource. */
  private nestedResources(parent: DeclarationHeader, parentType: ParentResource): DeclarationHeader[] {
    const body = this.bodyOf(parent.equalsIndex, parent.lastIndex);
    if (!body) return [];
    const children: DeclarationHeader[] = [];
    let decorator: number | undefined;
    for (let i = this.next(body.open, body.close); i !== undefined && i < body.close; i = this.next(i, body.close)) {
      const token = this.token(i);
      if (token.lineStart && token.kind === 'symbol' && token.text === '@') decorator ??= i;
      else if (token.lineStart && token.kind === 'word' && token.text === 'resource' && this.isResourceHeader(i, body.close)) {
        const firstIndex = decorator ?? i;
        const lastIndex = this.valueEnd(i, body.close);
        const nameIndex = this.next(i, body.close) ?? i;
        const nameToken = this.token(nameIndex);
        const named: Named = {
          keywordOffset: token.start,
          range: { start: this.token(firstIndex).start, end: this.token(lastIndex).end },
          firstIndex,
          keywordIndex: i,
          lastIndex,
          name: nameToken.text,
          nameRange: rangeOf(nameToken),
          nameIndex,
          children: [],
        };
        const [child] = this.resource(named, parentType);
        if (child) children.push(child);
        i = lastIndex;
        decorator = undefined;
      } else if (token.lineStart) decorator = undefined;
      const partner = this.partner[i] ?? -1;
      if (partner > i) i = partner;
    }
    return children;
  }

  private isResourceHeader(index: number, limit: number): boolean {
    const name = this.next(index, limit);
    const type = name === undefined ? undefined : this.next(name, limit);
    return name !== undefined && type !== undefined && this.tokens[name]?.kind === 'word' && this.tokens[type]?.kind === 'string';
  }

  /** The body object of a resource value: `{…}`, `if (…) {…}`, `[for … : {…}]`, `[for … : if (…) {…}]`. */
  private bodyOf(equalsIndex: number | undefined, lastIndex: number): { open: number; close: number } | undefined {
    if (equalsIndex === undefined) return undefined;
    const value = this.next(equalsIndex, lastIndex);
    if (value === undefined) return undefined;
    let close = this.partner[value] ?? -1;
    const text = this.token(value).text;
    if (text === 'if') {
      const condition = this.next(value, lastIndex);
      const conditionEnd = condition === undefined ? -1 : (this.partner[condition] ?? -1);
      const object = conditionEnd === -1 ? undefined : this.next(conditionEnd, lastIndex);
      close = object === undefined || this.token(object).text !== '{' ? -1 : (this.partner[object] ?? -1);
    } else if (text === '[') {
      const last = close === -1 ? -1 : this.previous(close);
      close = last !== -1 && this.token(last).text === '}' ? last : -1;
    } else if (text !== '{') {
      close = -1;
    }
    const open = close === -1 ? -1 : (this.partner[close] ?? -1);
    return open === -1 ? undefined : { open, close };
  }

  /** The last token of a nested resource's value; the enclosing body's last token when it is broken. */
  private valueEnd(keywordIndex: number, limit: number): number {
    const equals = this.equalsAfter(keywordIndex, limit - 1);
    let value = equals === undefined ? undefined : this.next(equals, limit);
    if (value !== undefined && this.token(value).text === 'if') {
      const condition = this.next(value, limit);
      const conditionEnd = condition === undefined ? -1 : (this.partner[condition] ?? -1);
      value = conditionEnd === -1 ? undefined : this.next(conditionEnd, limit);
    }
    const end = value === undefined ? -1 : (this.partner[value] ?? -1);
    return end > keywordIndex && end < limit ? end : this.previous(limit);
  }

  /** The first `=` after `index` outside brackets. */
  private equalsAfter(index: number, lastIndex: number): number | undefined {
    for (let i = this.next(index, lastIndex); i !== undefined; i = this.next(i, lastIndex)) {
      const token = this.token(i);
      if (token.kind === 'symbol' && token.text === '=') return i;
      const partner = this.partner[i] ?? -1;
      if (partner > i) i = partner;
    }
    return undefined;
  }

  /** Index of the next significant token after `index`, up to `lastIndex` included. */
  private next(index: number, lastIndex: number): number | undefined {
    for (let i = index + 1; i <= lastIndex && i < this.tokens.length; i++) {
      const token = this.tokens[i];
      if (token && isSignificant(token)) return i;
    }
    return undefined;
  }

  private previous(index: number): number {
    for (let i = index - 1; i >= 0; i--) {
      const token = this.tokens[i];
      if (token && isSignificant(token)) return i;
    }
    return -1;
  }

  private token(index: number): Token {
    const token = this.tokens[index];
    if (!token) throw new Error(`no token at ${index}`);
    return token;
  }

  private problem(message: string, token: Token): void {
    this.problems.push({ message, range: rangeOf(token) });
  }
}

type Base = Pick<DeclarationHeader, 'keywordOffset' | 'range' | 'firstIndex' | 'keywordIndex' | 'lastIndex'>;
type Named = Base & Pick<DeclarationHeader, 'name' | 'nameRange' | 'nameIndex' | 'children'>;
type ParentResource = ResourceHeader & { readonly name: string };

function flatten(header: DeclarationHeader): DeclarationHeader[] {
  return [header, ...header.children.flatMap(flatten)];
}

/** `'Microsoft.Web/sites@2023-12-01'`, or `'childType'` / `'childType@…'` under a parent. */
function resourceType(token: StringToken, existing: boolean, parent: ParentResource | undefined): ResourceHeader {
  const raw = token.text.slice(1, token.text.endsWith("'") && token.text.length > 1 ? -1 : undefined);
  const value = (stringValue(token) ?? raw).replace(EXTENSION_PREFIX, '');
  const at = value.indexOf('@');
  const segment = at === -1 ? value : value.slice(0, at);
  const ownVersion = at === -1 ? undefined : value.slice(at + 1);
  // Everything after the first '@' is the version, a malformed '2023-01-31@' too, so that a fix
  // replaces all of it; counted from the end, as the raw text may hold escapes before it.
  const end = token.start + 1 + raw.length;
  const ownVersionRange = ownVersion === undefined || !raw.endsWith(ownVersion) ? undefined : { start: end - ownVersion.length, end };
  return {
    type: parent ? `${parent.type}/${segment}` : segment,
    apiVersion: ownVersion ?? parent?.apiVersion,
    typeRange: rangeOf(token),
    apiVersionRange: ownVersion === undefined ? parent?.apiVersionRange : ownVersionRange,
    existing,
    parentName: parent?.name,
  };
}

export function stringValue(token: StringToken): string | undefined {
  return token.segments.every((segment) => typeof segment === 'string') ? token.segments.join('') : undefined;
}

/** An imported symbol is named by its word, or by its string when it is not a valid identifier. */
function importName(token: Token): string {
  if (!isStringToken(token)) return token.text;
  const value = stringValue(token) ?? token.text;
  const at = value.indexOf('@');
  return at === -1 ? value : value.slice(0, at);
}

function rangeOf(token: Token): Range {
  return { start: token.start, end: token.end };
}
