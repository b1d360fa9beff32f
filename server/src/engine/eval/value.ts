import type { Expression } from '../model/expression';
import type { Range } from '../model/range';
import type { ModuleDeclaration, ResourceDeclaration } from '../model/template';

/** Where a value was written, for messages ("from the default of parameter 'location'") and related locations. */
export interface Origin {
  readonly description: string;
  readonly file: string;
  readonly range: Range;
}

interface Base {
  readonly origin?: Origin;
  /** The value exists only when a condition that is not known holds (`cond ? {…} : null`). */
  readonly conditional?: boolean;
}

/**
 * The evaluator's symbolic values. Anything the evaluator cannot decide is `unknown` with a reason:
 * the engine never guesses a value, so it never guesses a finding.
 */
export type Value =
  | StringValue
  | NumberValue
  | BooleanValue
  | NullValue
  | ObjectValue
  | ArrayValue
  | ResourceValue
  | ResourceCollectionValue
  | ResourceIdValue
  | ModuleValue
  | ModuleCollectionValue
  | RegionSymbolValue
  | ConcatValue
  | LambdaValue
  | UnknownValue;

export interface StringValue extends Base {
  readonly t: 'string';
  readonly value: string;
}
export interface NumberValue extends Base {
  readonly t: 'number';
  readonly value: number;
}
export interface BooleanValue extends Base {
  readonly t: 'boolean';
  readonly value: boolean;
}
export interface NullValue extends Base {
  readonly t: 'null';
}

export interface ObjectEntry {
  /** Keys are usually strings; an identity's id used as a key stays a resource id. */
  readonly key: Value;
  readonly value: Value;
  /** Where the key was written, when it was written in a template. */
  readonly keyFile?: string;
  readonly keyRange?: Range;
}

export interface ObjectValue extends Base {
  readonly t: 'object';
  readonly entries: readonly ObjectEntry[];
  /** True when a spread or computed part could add keys that are not listed. */
  readonly open: boolean;
}

export interface ArrayValue extends Base {
  readonly t: 'array';
  readonly items: readonly Value[];
}

/** One deployed copy of a resource declaration: a loop makes several. */
export interface ResourceInstance {
  readonly declaration: ResourceDeclaration;
  readonly file: string;
  /** Loop position, when the declaration is a loop whose items are known. */
  readonly index: number | undefined;
  readonly key: string;
}

/** A Bicep symbol that names a resource (`uami`): its properties can be read. */
export interface ResourceValue extends Base {
  readonly t: 'resource';
  readonly instance: ResourceInstance;
}

/** A looped resource symbol before it is indexed (`ids` in `ids[i]`). */
export interface ResourceCollectionValue extends Base {
  readonly t: 'resources';
  readonly declaration: ResourceDeclaration;
  readonly file: string;
}

/** A resource id: of a known instance, or by type and name (resourceId(), full id strings). */
export interface ResourceIdValue extends Base {
  readonly t: 'resource-id';
  readonly instance?: ResourceInstance;
  readonly type?: string;
  readonly name?: Value;
  /** Where the id was taken (`uami.id`, `resourceId(…)`): the place a user can change it. */
  readonly site?: { readonly file: string; readonly range: Range };
  /** The id entered a module through a module parameter: findings point at `site`, in the caller. */
  readonly passedIntoModule?: boolean;
}

/** One call of a module (a looped module makes several). */
export interface ModuleCall {
  readonly declaration: ModuleDeclaration;
  readonly file: string;
  readonly index: number | undefined;
  readonly key: string;
}

export interface ModuleValue extends Base {
  readonly t: 'module';
  readonly call: ModuleCall;
}

export interface ModuleCollectionValue extends Base {
  readonly t: 'modules';
  readonly declaration: ModuleDeclaration;
}

/** A region known only by name within a deployment scope: `resourceGroup().location`. */
export interface RegionSymbolValue extends Base {
  readonly t: 'region-symbol';
  readonly symbol: string;
  readonly scopeKey: string;
}

/** A string built from parts, some of them unknown. */
export interface ConcatValue extends Base {
  readonly t: 'concat';
  readonly parts: readonly Value[];
  /** Why the text is not known, when a part is undecided: that part's reason. */
  readonly reason?: string;
}

export interface LambdaValue extends Base {
  readonly t: 'lambda';
  readonly parameters: readonly string[];
  readonly body: Expression;
  readonly bindings: Bindings;
}

export interface UnknownValue extends Base {
  readonly t: 'unknown';
  readonly reason: string;
  /**
   * An undecided value that is still one fixed value per deployment: a parameter without a default
   * (and paths into it). Two uses of the same symbol are equal, so two resources at `location` are
   * in the same region even when nobody knows which region that is.
   */
  readonly symbol?: DeploymentSymbol;
}

export interface DeploymentSymbol {
  /** For people: "parameter 'location'". */
  readonly label: string;
  readonly scopeKey: string;
}

/** Names bound by loops and lambdas, innermost first. */
export interface Bindings {
  readonly names: ReadonlyMap<string, Value>;
  readonly outer: Bindings | undefined;
}

export const NO_BINDINGS: Bindings = { names: new Map(), outer: undefined };

export function bind(outer: Bindings, names: ReadonlyMap<string, Value>): Bindings {
  return { names, outer };
}

export function lookupBinding(bindings: Bindings, name: string): Value | undefined {
  for (let scope: Bindings | undefined = bindings; scope; scope = scope.outer) {
    const value = scope.names.get(name);
    if (value) return value;
  }
  return undefined;
}

export function unknown(reason: string): UnknownValue {
  return { t: 'unknown', reason };
}

/** Why an undecided value, or text built from one, is not known; undefined for other values. */
export function undecidedReason(value: Value): string | undefined {
  return value.t === 'unknown' || value.t === 'concat' ? value.reason : undefined;
}

/** A path into a symbolic value is a symbol of its own: `config.location` is not `config.name`. */
export function symbolPath(value: UnknownValue, step: string): UnknownValue {
  if (!value.symbol) return value;
  return { t: 'unknown', reason: value.reason, symbol: { label: `${value.symbol.label}${step}`, scopeKey: value.symbol.scopeKey } };
}

export function str(value: string, origin?: Origin): StringValue {
  return origin ? { t: 'string', value, origin } : { t: 'string', value };
}

/** Adds an origin to a value that does not have one yet: the innermost place a value was written wins. */
export function withOrigin<V extends Value>(value: V, origin: Origin): V {
  return value.origin ? value : { ...value, origin };
}

export function objectGet(object: ObjectValue, name: string): Value | undefined {
  const wanted = name.toLowerCase();
  for (let i = object.entries.length - 1; i >= 0; i--) {
    const entry = object.entries[i];
    if (entry && entry.key.t === 'string' && entry.key.value.toLowerCase() === wanted) return entry.value;
  }
  return undefined;
}

/** Equality of two decided values; undefined when either side is not decided. */
export function valuesEqual(a: Value, b: Value): boolean | undefined {
  if (a.t === 'unknown' && b.t === 'unknown' && a.symbol && b.symbol) {
    return a.symbol.label === b.symbol.label && a.symbol.scopeKey === b.symbol.scopeKey ? true : undefined;
  }
  if (a.t === 'concat' && b.t === 'concat' && a.parts.length === b.parts.length) {
    return a.parts.every((part, i) => valuesEqual(part, b.parts[i] as Value) === true) ? true : undefined;
  }
  if (a.t === 'unknown' || b.t === 'unknown' || a.t === 'concat' || b.t === 'concat') return undefined;
  if (a.t === 'string' && b.t === 'string') return a.value === b.value;
  if (a.t === 'number' && b.t === 'number') return a.value === b.value;
  if (a.t === 'boolean' && b.t === 'boolean') return a.value === b.value;
  if (a.t === 'null' || b.t === 'null') return a.t === b.t;
  if (a.t === 'region-symbol' && b.t === 'region-symbol') return a.symbol === b.symbol && a.scopeKey === b.scopeKey ? true : undefined;
  if (a.t === 'resource-id' && b.t === 'resource-id' && a.instance && b.instance) return a.instance.key === b.instance.key ? true : undefined;
  if (a.t === 'array' && b.t === 'array') {
    if (a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) {
      const equal = valuesEqual(a.items[i] as Value, b.items[i] as Value);
      if (equal !== true) return equal;
    }
    return true;
  }
  if (a.t !== b.t) {
    const primitive = (v: Value) => v.t === 'string' || v.t === 'number' || v.t === 'boolean';
    return primitive(a) && primitive(b) ? false : undefined;
  }
  return undefined;
}

export function isTruthy(value: Value): boolean | undefined {
  if (value.t === 'boolean') return value.value;
  if (value.t === 'null') return false;
  return undefined;
}

export function describeValue(value: Value): string {
  switch (value.t) {
    case 'string':
      return `'${value.value}'`;
    case 'number':
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
    case 'region-symbol':
      return value.symbol;
    case 'unknown':
      return `an undecided value (${value.reason})`;
    case 'concat':
      return value.reason === undefined ? 'a concat value' : `an undecided value (${value.reason})`;
    default:
      return `a ${value.t} value`;
  }
}
