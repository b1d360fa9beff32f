import type { Call, Expression } from '../model/expression';
import type { TemplateEvaluator } from './evaluator';
import { concatenate } from './evaluator';
import { resourceIdFromArguments } from './resource-ids';
import {
  bind,
  isTruthy,
  lookupBinding,
  str,
  unknown,
  valuesEqual,
  type Bindings,
  type LambdaValue,
  type ObjectEntry,
  type Value,
} from './value';

type Evaluate = (expression: Expression) => Value;
type FunctionImpl = (evaluator: TemplateEvaluator, call: Call, evaluate: Evaluate, bindings: Bindings) => Value;

/**
 * Bicep and ARM template functions, by lower-case name. Each one works on symbolic values and
 * answers `unknown` whenever an argument is undecided; functions not listed are unknown.
 */
const FUNCTIONS: Record<string, FunctionImpl> = {
  parameters: (evaluator, call, evaluate) => withString(evaluate, call.args[0], (name) => evaluator.parameterValue(name)),
  variables: (evaluator, call, evaluate) => withString(evaluate, call.args[0], (name) => evaluator.variableValue(name)),
  resourcegroup: (evaluator, call) =>
    call.args.length === 0
      ? scopeObject(evaluator.scopeKey, 'resourceGroup().location')
      : { t: 'object', entries: [], open: true },
  deployment: (evaluator) => scopeObject(evaluator.scopeKey, 'deployment().location'),
  resourceid: resourceIdFunction,
  subscriptionresourceid: resourceIdFunction,
  tenantresourceid: resourceIdFunction,
  extensionresourceid: (evaluator, call, evaluate) => resourceIdFromArguments(call.args.slice(1).map(evaluate)),
  reference: (evaluator, call, evaluate) => {
    const target = call.args[0] ? evaluate(call.args[0]) : unknown('reference() without arguments');
    if (target.t === 'string') {
      const declaration = evaluator.resourceNamed(target.value);
      if (declaration) return evaluator.member(evaluator.resourceSymbol(declaration), 'properties');
    }
    return unknown('reference() reads a deployed resource');
  },
  concat: (_e, call, evaluate) => {
    const values = call.args.map(evaluate);
    if (values.length > 0 && values.every((value) => value.t === 'array')) {
      return { t: 'array', items: values.flatMap((value) => (value.t === 'array' ? value.items : [])) };
    }
    return concatenate(values);
  },
  format: (_e, call, evaluate) => {
    const [template, ...rest] = call.args.map(evaluate);
    if (template?.t !== 'string') return unknown('format() with a format string that is not known');
    const parts: Value[] = [];
    let last = 0;
    for (const match of template.value.matchAll(/\{(\d+)(?::[^}]*)?\}/g)) {
      parts.push(str(template.value.slice(last, match.index)));
      parts.push(rest[Number(match[1])] ?? unknown('format() refers to a missing argument'));
      last = match.index + match[0].length;
    }
    parts.push(str(template.value.slice(last)));
    return concatenate(parts.filter((part) => !(part.t === 'string' && part.value === '')));
  },
  string: (_e, call, evaluate) => {
    const value = call.args[0] ? evaluate(call.args[0]) : unknown('string() without an argument');
    if (value.t === 'string') return value;
    if (value.t === 'number' || value.t === 'boolean') return str(String(value.value));
    return value.t === 'resource-id' || value.t === 'region-symbol' || value.t === 'unknown' ? value : unknown('string() of a structured value');
  },
  tolower: (_e, call, evaluate) => mapString(evaluate, call.args[0], (text) => text.toLowerCase()),
  toupper: (_e, call, evaluate) => mapString(evaluate, call.args[0], (text) => text.toUpperCase()),
  trim: (_e, call, evaluate) => mapString(evaluate, call.args[0], (text) => text.trim()),
  if: (evaluator, call, evaluate, bindings) => {
    const [condition, whenTrue, whenFalse] = call.args;
    if (!condition || !whenTrue || !whenFalse) return unknown('if() needs three arguments');
    return evaluator.choose(evaluate(condition), whenTrue, whenFalse, bindings);
  },
  equals: (_e, call, evaluate) => {
    const [a, b] = call.args.map(evaluate);
    const equal = a && b ? valuesEqual(a, b) : undefined;
    return equal === undefined ? unknown('equals() of values that are not known') : { t: 'boolean', value: equal };
  },
  not: (_e, call, evaluate) => {
    const value = call.args[0] ? evaluate(call.args[0]) : unknown('not() without an argument');
    return value.t === 'boolean' ? { t: 'boolean', value: !value.value } : unknown('not() of a value that is not known');
  },
  and: (_e, call, evaluate) => logical(call.args.map(evaluate), true),
  or: (_e, call, evaluate) => logical(call.args.map(evaluate), false),
  true: () => ({ t: 'boolean', value: true }),
  false: () => ({ t: 'boolean', value: false }),
  null: () => ({ t: 'null' }),
  any: (_e, call, evaluate) => (call.args[0] ? evaluate(call.args[0]) : unknown('any() without an argument')),
  json: (_e, call, evaluate) => {
    const value = call.args[0] ? evaluate(call.args[0]) : undefined;
    return value?.t === 'string' && value.value.trim() === 'null' ? { t: 'null' } : unknown('json() is not evaluated');
  },
  empty: (_e, call, evaluate) => {
    const value = call.args[0] ? evaluate(call.args[0]) : unknown('empty() without an argument');
    switch (value.t) {
      case 'null':
        return { t: 'boolean', value: true };
      case 'string':
        return { t: 'boolean', value: value.value === '' };
      case 'array':
        return { t: 'boolean', value: value.items.length === 0 };
      case 'object':
        return value.entries.length > 0 ? { t: 'boolean', value: false } : value.open ? unknown('empty() of an open object') : { t: 'boolean', value: true };
      case 'resource-id':
      case 'region-symbol':
        return { t: 'boolean', value: false };
      default:
        return unknown('empty() of a value that is not known');
    }
  },
  length: (_e, call, evaluate) => {
    const value = call.args[0] ? evaluate(call.args[0]) : unknown('length() without an argument');
    if (value.t === 'array') return { t: 'number', value: value.items.length };
    if (value.t === 'string') return { t: 'number', value: value.value.length };
    return unknown('length() of a value that is not known');
  },
  first: (_e, call, evaluate) => pick(call.args[0] ? evaluate(call.args[0]) : undefined, 0),
  last: (_e, call, evaluate) => pick(call.args[0] ? evaluate(call.args[0]) : undefined, -1),
  split: (_e, call, evaluate) => {
    const [text, separator] = call.args.map(evaluate);
    if (text?.t === 'string' && separator?.t === 'string') return { t: 'array', items: text.value.split(separator.value).map((part) => str(part)) };
    return unknown('split() of values that are not known');
  },
  contains: (_e, call, evaluate) => {
    const [container, item] = call.args.map(evaluate);
    if (container?.t === 'string' && item?.t === 'string') return { t: 'boolean', value: container.value.toLowerCase().includes(item.value.toLowerCase()) };
    if (container?.t === 'array' && item) {
      const results = container.items.map((candidate) => valuesEqual(candidate, item));
      if (results.includes(true)) return { t: 'boolean', value: true };
      return results.every((result) => result === false) ? { t: 'boolean', value: false } : unknown('contains() over values that are not known');
    }
    if (container?.t === 'object' && item?.t === 'string') {
      const has = container.entries.some((entry) => entry.key.t === 'string' && entry.key.value.toLowerCase() === item.value.toLowerCase());
      return has || !container.open ? { t: 'boolean', value: has } : unknown('contains() on an open object');
    }
    return unknown('contains() of values that are not known');
  },
  /** ARM's form of Bicep's `.?` and `[?]`: a missing key gives null instead of an error. */
  tryget: (evaluator, call, evaluate) => {
    let value = call.args[0] ? evaluate(call.args[0]) : unknown('tryGet() without an argument');
    for (const keyArgument of call.args.slice(1)) {
      if (value.t === 'null') return value;
      value = evaluator.index(value, evaluate(keyArgument), true);
    }
    return value;
  },
  coalesce: (_e, call, evaluate) => {
    for (const [i, argument] of call.args.entries()) {
      const value = evaluate(argument);
      if (value.t === 'unknown' && i < call.args.length - 1) return unknown(value.reason);
      if (value.t !== 'null') return value;
    }
    return { t: 'null' };
  },
  union: (_e, call, evaluate) => {
    const values = call.args.map(evaluate);
    if (values.every((value) => value.t === 'object')) {
      return { t: 'object', entries: values.flatMap((value) => (value.t === 'object' ? value.entries : [])), open: values.some((value) => value.t === 'object' && value.open) };
    }
    if (values.every((value) => value.t === 'array')) {
      return { t: 'array', items: values.flatMap((value) => (value.t === 'array' ? value.items : [])) };
    }
    return values.find((value) => value.t === 'unknown') ?? unknown('union() of values that are not known');
  },
  createobject: (_e, call, evaluate) => {
    const values = call.args.map(evaluate);
    const entries: ObjectEntry[] = [];
    for (let i = 0; i + 1 < values.length; i += 2) entries.push({ key: values[i] as Value, value: values[i + 1] as Value });
    return { t: 'object', entries, open: false };
  },
  createarray: (_e, call, evaluate) => ({ t: 'array', items: call.args.map(evaluate) }),
  array: (_e, call, evaluate) => {
    const value = call.args[0] ? evaluate(call.args[0]) : unknown('array() without an argument');
    return value.t === 'array' || value.t === 'unknown' ? value : { t: 'array', items: [value] };
  },
  range: (_e, call, evaluate) => {
    const [start, count] = call.args.map(evaluate);
    if (start?.t !== 'number' || count?.t !== 'number' || count.value > 1000) return unknown('range() of values that are not known');
    return { t: 'array', items: Array.from({ length: count.value }, (_, i) => ({ t: 'number', value: start.value + i })) };
  },
  copyindex: (_e, call, evaluate, bindings) => {
    const [first, second] = call.args.map(evaluate);
    const loopName = first?.t === 'string' ? first.value.toLowerCase() : '';
    const offset = first?.t === 'number' ? first.value : second?.t === 'number' ? second.value : 0;
    const index = lookupBinding(bindings, `copyIndex:${loopName}`) ?? lookupBinding(bindings, 'copyIndex:');
    if (index?.t !== 'number') return index ?? unknown('copyIndex() outside a known copy loop');
    return { t: 'number', value: index.value + offset };
  },
  items: (_e, call, evaluate) => {
    const value = call.args[0] ? evaluate(call.args[0]) : unknown('items() without an argument');
    if (value.t !== 'object' || value.open) return value.t === 'unknown' ? value : unknown('items() of a value that is not known');
    return { t: 'array', items: value.entries.map((entry) => ({ t: 'object', open: false, entries: [{ key: str('key'), value: entry.key }, { key: str('value'), value: entry.value }] })) };
  },
  map: (evaluator, call, evaluate) => withLambda(evaluator, call, evaluate, (items, apply) => ({ t: 'array', items: items.map((item, i) => apply([item, { t: 'number', value: i }])) })),
  filter: (evaluator, call, evaluate) =>
    withLambda(evaluator, call, evaluate, (items, apply) => {
      const kept: Value[] = [];
      for (const [i, item] of items.entries()) {
        const keep = isTruthy(apply([item, { t: 'number', value: i }]));
        if (keep === undefined) return unknown('filter() with a condition that is not known');
        if (keep) kept.push(item);
      }
      return { t: 'array', items: kept };
    }),
  reduce: (evaluator, call, evaluate) => {
    const [arrayArgument, initialArgument, lambdaArgument] = call.args;
    const items = arrayArgument ? evaluate(arrayArgument) : undefined;
    const lambda = lambdaArgument ? evaluate(lambdaArgument) : undefined;
    if (items?.t !== 'array' || lambda?.t !== 'lambda' || !initialArgument) return items?.t === 'unknown' ? items : unknown('reduce() of values that are not known');
    let accumulator = evaluate(initialArgument);
    for (const [i, item] of items.items.entries()) accumulator = applyLambda(evaluator, lambda, [accumulator, item, { t: 'number', value: i }]);
    return accumulator;
  },
  toobject: (evaluator, call, evaluate) => {
    const [arrayArgument, keyArgument, valueArgument] = call.args;
    const items = arrayArgument ? evaluate(arrayArgument) : undefined;
    const keyLambda = keyArgument ? evaluate(keyArgument) : undefined;
    const valueLambda = valueArgument ? evaluate(valueArgument) : undefined;
    if (items?.t !== 'array' || keyLambda?.t !== 'lambda') return items?.t === 'unknown' ? items : unknown('toObject() of values that are not known');
    const entries = items.items.map((item) => ({
      key: applyLambda(evaluator, keyLambda, [item]),
      value: valueLambda?.t === 'lambda' ? applyLambda(evaluator, valueLambda, [item]) : item,
    }));
    return { t: 'object', entries, open: false };
  },
};

export function callFunction(evaluator: TemplateEvaluator, call: Call, bindings: Bindings): Value {
  const implementation = FUNCTIONS[call.name.toLowerCase()];
  if (!implementation) return unknown(`${call.name}() is not evaluated`);
  return implementation(evaluator, call, (expression) => evaluator.evaluate(expression, bindings), bindings);
}

export function applyLambda(evaluator: TemplateEvaluator, lambda: LambdaValue, args: readonly Value[]): Value {
  const names = new Map<string, Value>();
  lambda.parameters.forEach((name, i) => names.set(name, args[i] ?? unknown('a lambda argument is missing')));
  return evaluator.evaluate(lambda.body, bind(lambda.bindings, names));
}

function resourceIdFunction(evaluator: TemplateEvaluator, call: Call, evaluate: Evaluate): Value {
  const id = resourceIdFromArguments(call.args.map(evaluate));
  return id.t === 'resource-id' ? { ...id, site: { file: evaluator.file, range: call.range } } : id;
}

function withLambda(
  evaluator: TemplateEvaluator,
  call: Call,
  evaluate: Evaluate,
  body: (items: readonly Value[], apply: (args: readonly Value[]) => Value) => Value,
): Value {
  const [arrayArgument, lambdaArgument] = call.args;
  const items = arrayArgument ? evaluate(arrayArgument) : undefined;
  const lambda = lambdaArgument ? evaluate(lambdaArgument) : undefined;
  if (items?.t !== 'array' || lambda?.t !== 'lambda') return items?.t === 'unknown' ? items : unknown(`${call.name}() of values that are not known`);
  return body(items.items, (args) => applyLambda(evaluator, lambda, args));
}

function scopeObject(scopeKey: string, symbol: string): Value {
  return {
    t: 'object',
    open: true,
    entries: [{ key: str('location'), value: { t: 'region-symbol', symbol, scopeKey } }],
  };
}

function withString(evaluate: Evaluate, argument: Expression | undefined, then: (text: string) => Value): Value {
  const value = argument ? evaluate(argument) : unknown('a name argument is missing');
  return value.t === 'string' ? then(value.value) : unknown('a name that is not known');
}

function mapString(evaluate: Evaluate, argument: Expression | undefined, change: (text: string) => string): Value {
  const value = argument ? evaluate(argument) : unknown('an argument is missing');
  if (value.t === 'string') return str(change(value.value), value.origin);
  // Case changes do not change which region or identity a value names.
  return value.t === 'region-symbol' || value.t === 'resource-id' || value.t === 'unknown' ? value : unknown('a text function of a value that is not text');
}

function logical(values: readonly Value[], isAnd: boolean): Value {
  if (values.some((value) => value.t === 'boolean' && value.value !== isAnd)) return { t: 'boolean', value: !isAnd };
  if (values.every((value) => value.t === 'boolean')) return { t: 'boolean', value: isAnd };
  return unknown('a logical operation on values that are not known');
}

function pick(value: Value | undefined, position: number): Value {
  if (value?.t === 'array') return value.items.at(position) ?? { t: 'null' };
  if (value?.t === 'string') return str(value.value.at(position) ?? '');
  return value?.t === 'unknown' ? value : unknown('first()/last() of a value that is not known');
}
