import { propertyNamed, type Expression, type ObjectExpression } from '../model/expression';
import type { Range } from '../model/range';
import type { SourceFile } from '../model/source-file';
import type { Declaration, ModuleDeclaration, OutputDeclaration, ParameterDeclaration, ResourceDeclaration, Template, VariableDeclaration } from '../model/template';
import { callFunction } from './functions';
import {
  bind,
  lookupBinding,
  NO_BINDINGS,
  objectGet,
  str,
  symbolPath,
  undecidedReason,
  unknown,
  valuesEqual,
  withOrigin,
  type Bindings,
  type ModuleCall,
  type ObjectEntry,
  type ResourceInstance,
  type UnknownValue,
  type Value,
} from './value';

/** Loops with more items than this are analysed as one symbolic copy. */
const MAX_LOOP_COPIES = 64;
/** Deeper expressions are not evaluated: a guard against pathological input, not a real limit. */
const MAX_DEPTH = 200;

export interface EvaluatorOptions {
  readonly file: string;
  /** The file itself, when the caller has it: for cheap text checks and for fixes in that file. */
  readonly source?: SourceFile;
  readonly template: Template;
  /** Identifies the deployment scope: `resourceGroup().location` is one symbol per scope. */
  readonly scopeKey: string;
  /** Values given to parameters by a parameter file, a module call or a nested deployment. */
  readonly parameterValues?: ReadonlyMap<string, Value>;
  /** For ARM nested templates with outer expression scope: where parameters and variables live. */
  readonly outer?: TemplateEvaluator;
  /** Loads the templates of Bicep modules; without it modules are not followed. */
  readonly modules?: ModuleHost;
  /** Files of the module calls that led here, outermost first: a file on it is not entered again. */
  readonly callStack?: readonly string[];
  /** Everything here is deployed only when a condition that is not known holds (a conditional module call). */
  readonly conditional?: boolean;
}

/** A template file read and parsed for a module call or a linked template. */
export interface LoadedTemplate {
  readonly file: SourceFile;
  readonly template: Template;
}

/** Loads module templates for the evaluator: from disk for the CLI, with open documents for the editor. */
export interface ModuleHost {
  /** `byPolicy` marks a module left out on purpose (outside the workspace), not one that is missing or broken. */
  resolve(fromFile: string, modulePath: string): LoadedTemplate | { readonly reason: string; readonly byPolicy?: boolean };
}

/** A reference from one template to another file: a Bicep module or an ARM deployment's templateLink. */
export interface TemplateLink {
  /** The declaration that makes the link: one note per declaration, however often it is followed. */
  readonly declaration: ModuleDeclaration | ResourceDeclaration;
  /** What notes call the other file: "Identities … inside this module are not analysed". */
  readonly noun: 'module' | 'linked template';
  /** How notes name the link: "module 'far'", "the templateLink of deployment 'far'". */
  readonly label: string;
  readonly path: string;
  /** Where the note about a link that is not followed is shown. */
  readonly pathRange: Range;
}

/** Deeper module chains than this are not followed: a guard, far beyond real deployments. */
const MAX_MODULE_DEPTH = 16;
let nextContextId = 0;

interface InstanceWithBindings {
  readonly instance: ResourceInstance;
  readonly bindings: Bindings;
}

/** Evaluates one template's expressions for one deployment (one set of parameter values). */
export class TemplateEvaluator {
  readonly file: string;
  readonly source: SourceFile | undefined;
  readonly template: Template;
  readonly scopeKey: string;
  private readonly parameterValues: ReadonlyMap<string, Value>;
  private readonly outer: TemplateEvaluator | undefined;
  private readonly modules: ModuleHost | undefined;
  readonly callStack: readonly string[];
  readonly conditional: boolean;
  /** Distinguishes copies of the same template evaluated for different callers. */
  private readonly contextId = nextContextId++;
  private readonly moduleCalls = new Map<ModuleDeclaration, { call: ModuleCall; bindings: Bindings }[]>();
  private readonly moduleEvaluators = new Map<string, TemplateEvaluator | UnknownValue>();
  /** Local modules and linked templates that could not be followed, and why: users should know what the analysis did not see. */
  readonly unfollowedLinks: { readonly link: TemplateLink; readonly reason: string }[] = [];
  private readonly symbols = new Map<string, Declaration>();
  private readonly cache = new Map<Declaration, Value>();
  private readonly evaluating = new Set<Declaration>();
  private readonly instances = new Map<ResourceDeclaration, InstanceWithBindings[]>();
  private readonly bindingsByInstance = new Map<string, Bindings>();
  private readonly propertyCache = new Map<string, Value>();
  private readonly propertiesEvaluating = new Set<string>();
  private depth = 0;

  constructor(options: EvaluatorOptions) {
    this.file = options.file;
    this.source = options.source;
    this.template = options.template;
    this.scopeKey = options.scopeKey;
    this.parameterValues = options.parameterValues ?? new Map();
    this.outer = options.outer;
    this.modules = options.modules;
    this.callStack = options.callStack ?? [options.file];
    this.conditional = options.conditional ?? false;
    for (const declaration of options.template.declarations) {
      const key = this.symbolKey(declaration.kind === 'param' || declaration.kind === 'var' ? declaration.kind : 'symbol', declaration.name);
      if (declaration.kind === 'resource' && !declaration.hasSymbolicName) continue;
      if (!this.symbols.has(key)) this.symbols.set(key, declaration);
    }
  }

  evaluate(expression: Expression, bindings: Bindings = NO_BINDINGS): Value {
    if (this.depth >= MAX_DEPTH) return unknown('the expression is nested too deeply to evaluate');
    this.depth++;
    try {
      return this.evaluateNode(expression, bindings);
    } finally {
      this.depth--;
    }
  }

  /** The copies of a resource declaration, with the loop variables bound for each. */
  instancesOf(declaration: ResourceDeclaration): readonly InstanceWithBindings[] {
    let list = this.instances.get(declaration);
    if (!list) {
      list = this.expandLoop(declaration);
      this.instances.set(declaration, list);
      for (const entry of list) this.bindingsByInstance.set(entry.instance.key, entry.bindings);
    }
    return list;
  }

  /** Evaluates a property of a resource's body (`location`, `properties.isolationScope`) for one copy. */
  resourceProperty(instance: ResourceInstance, path: readonly string[]): Value {
    const key = `${instance.key}|${path.join('.').toLowerCase()}`;
    const cached = this.propertyCache.get(key);
    if (cached) return cached;
    if (this.propertiesEvaluating.has(key)) return unknown(`'${path.join('.')}' of '${instance.declaration.name}' refers to itself`);
    this.propertiesEvaluating.add(key);
    try {
      const value = this.computeResourceProperty(instance, path);
      this.propertyCache.set(key, value);
      return value;
    } finally {
      this.propertiesEvaluating.delete(key);
    }
  }

  private computeResourceProperty(instance: ResourceInstance, path: readonly string[]): Value {
    const body = instance.declaration.body;
    if (!body) return unknown(`resource '${instance.declaration.name}' has no body`);
    const bindings = this.bindingsOf(instance);
    // Walk literal objects by syntax so that only the property asked for is evaluated.
    let expression: Expression = body;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i] as string;
      if (expression.kind !== 'object' || expression.properties.some((member) => member.kind === 'spread')) {
        let value = this.evaluate(expression, bindings);
        for (const rest of path.slice(i)) value = value.t === 'null' ? value : this.member(value, rest, true);
        return value;
      }
      const property = propertyNamed(expression, segment);
      if (!property) return { t: 'null' };
      expression = property.value;
    }
    return this.evaluate(expression, bindings);
  }

  /** The syntax of a resource body property, when it is written literally (for ranges and fixes). */
  resourcePropertySyntax(declaration: ResourceDeclaration, path: readonly string[]): Expression | undefined {
    let expression: Expression | undefined = declaration.body;
    for (const segment of path) {
      if (expression?.kind !== 'object') return undefined;
      expression = propertyNamed(expression, segment)?.value;
    }
    return expression;
  }

  bindingsOf(instance: ResourceInstance): Bindings {
    this.instancesOf(instance.declaration);
    return this.bindingsByInstance.get(instance.key) ?? NO_BINDINGS;
  }

  parameterValue(name: string): Value {
    if (this.outer) return this.outer.parameterValue(name);
    const declaration = this.symbols.get(this.symbolKey('param', name));
    if (!declaration || declaration.kind !== 'param') return unknown(`parameter '${name}' is not declared`);
    return this.memo(declaration, () => this.computeParameter(declaration));
  }

  variableValue(name: string): Value {
    if (this.outer) return this.outer.variableValue(name);
    const declaration = this.symbols.get(this.symbolKey('var', name));
    if (!declaration || declaration.kind !== 'var') return unknown(`variable '${name}' is not declared`);
    return this.memo(declaration, () => this.computeVariable(declaration));
  }

  /** A resource declared with a symbolic name in this template (Bicep, or ARM languageVersion 2.0). */
  resourceNamed(name: string): ResourceDeclaration | undefined {
    const declaration = this.symbols.get(this.symbolKey('symbol', name));
    return declaration?.kind === 'resource' ? declaration : undefined;
  }

  private symbolKey(kind: string, name: string): string {
    return `${kind}:${this.template.caseInsensitiveNames ? name.toLowerCase() : name}`;
  }

  private memo(declaration: Declaration, compute: () => Value): Value {
    const cached = this.cache.get(declaration);
    if (cached) return cached;
    if (this.evaluating.has(declaration)) return unknown(`'${declaration.name}' refers to itself`);
    this.evaluating.add(declaration);
    try {
      const value = compute();
      this.cache.set(declaration, value);
      return value;
    } finally {
      this.evaluating.delete(declaration);
    }
  }

  private computeParameter(declaration: ParameterDeclaration): Value {
    const given = this.lookupGivenParameter(declaration.name);
    if (given) return given;
    if (!declaration.defaultValue) {
      return { t: 'unknown', reason: `parameter '${declaration.name}' has no default value`, symbol: { label: `parameter '${declaration.name}'`, scopeKey: this.scopeKey } };
    }
    const value = this.evaluate(declaration.defaultValue);
    return withOrigin(value, {
      description: `the default of parameter '${declaration.name}'`,
      file: this.file,
      range: declaration.defaultValue.range,
    });
  }

  private lookupGivenParameter(name: string): Value | undefined {
    const direct = this.parameterValues.get(name);
    if (direct || !this.template.caseInsensitiveNames) return direct;
    const wanted = name.toLowerCase();
    for (const [key, value] of this.parameterValues) if (key.toLowerCase() === wanted) return value;
    return undefined;
  }

  private computeVariable(declaration: VariableDeclaration): Value {
    const value = this.evaluate(declaration.value);
    return withOrigin(value, { description: `variable '${declaration.name}'`, file: this.file, range: declaration.value.range });
  }

  private expandLoop(declaration: ResourceDeclaration | ModuleDeclaration): InstanceWithBindings[] {
    const base = `${this.contextId}:${this.file}#${declaration.range.start}`;
    // Module calls reuse the loop expansion; only resources become resource instances.
    const asResource = declaration as ResourceDeclaration;
    const single = (bindings: Bindings): InstanceWithBindings[] => [
      { instance: { declaration: asResource, file: this.file, index: undefined, key: base }, bindings },
    ];
    const loop = declaration.loop;
    if (!loop) return single(NO_BINDINGS);
    if (loop.kind === 'copy') {
      const count = this.evaluate(loop.count);
      const copyName = `copyIndex:${loop.copyName.toLowerCase()}`;
      if (count.t !== 'number' || count.value > MAX_LOOP_COPIES || count.value < 0) {
        return single(bind(NO_BINDINGS, new Map([[copyName, unknown('the copy count is not known')]])));
      }
      return Array.from({ length: count.value }, (_, index) => ({
        instance: { declaration: asResource, file: this.file, index, key: `${base}[${index}]` },
        bindings: bind(NO_BINDINGS, new Map<string, Value>([[copyName, { t: 'number', value: index }], ['copyIndex:', { t: 'number', value: index }]])),
      }));
    }
    const items = this.evaluate(loop.iterable);
    const names = (item: Value, index: Value): Map<string, Value> => {
      const map = new Map<string, Value>();
      if (loop.itemName) map.set(loop.itemName, item);
      if (loop.indexName) map.set(loop.indexName, index);
      return map;
    };
    if (items.t !== 'array' || items.items.length > MAX_LOOP_COPIES) {
      const why = unknown('the loop runs over values that are not known');
      return single(bind(NO_BINDINGS, names(why, why)));
    }
    return items.items.map((item, index) => ({
      instance: { declaration: asResource, file: this.file, index, key: `${base}[${index}]` },
      bindings: bind(NO_BINDINGS, names(item, { t: 'number', value: index })),
    }));
  }

  private evaluateNode(expression: Expression, bindings: Bindings): Value {
    switch (expression.kind) {
      case 'string':
        return str(expression.value);
      case 'number':
        return { t: 'number', value: expression.value };
      case 'boolean':
        return { t: 'boolean', value: expression.value };
      case 'null':
        return { t: 'null' };
      case 'interpolation':
        return this.evaluateInterpolation(expression.parts, bindings);
      case 'object':
        return this.evaluateObject(expression, bindings);
      case 'array': {
        const items: Value[] = [];
        for (const item of expression.items) {
          if (item.kind === 'for') {
            const spread = this.evaluate(item, bindings);
            if (spread.t !== 'array') return spread.t === 'unknown' ? spread : unknown('a loop result is not an array');
            items.push(...spread.items);
          } else items.push(this.evaluate(item, bindings));
        }
        return { t: 'array', items };
      }
      case 'identifier':
        return this.resolveIdentifier(expression.name, bindings);
      case 'member': {
        const value = this.member(this.evaluate(expression.object, bindings), expression.property, expression.safe);
        return value.t === 'resource-id' && !value.site ? { ...value, site: { file: this.file, range: expression.range } } : value;
      }
      case 'index':
        return this.index(this.evaluate(expression.object, bindings), this.evaluate(expression.index, bindings), expression.safe);
      case 'call':
        return callFunction(this, expression, bindings);
      case 'ternary':
        return this.choose(this.evaluate(expression.condition, bindings), expression.whenTrue, expression.whenFalse, bindings);
      case 'binary':
        return this.binary(expression.operator, expression.left, expression.right, bindings);
      case 'unary': {
        const operand = this.evaluate(expression.operand, bindings);
        if (expression.operator === '!' && operand.t === 'boolean') return { t: 'boolean', value: !operand.value };
        if (expression.operator === '-' && operand.t === 'number') return { t: 'number', value: -operand.value };
        return operand.t === 'unknown' ? operand : unknown(`'${expression.operator}' of a value that is not known`);
      }
      case 'lambda':
        return { t: 'lambda', parameters: expression.parameters, body: expression.body, bindings };
      case 'for':
        return this.evaluateFor(expression, bindings);
      case 'unparsed':
        return unknown(`the expression could not be read (${expression.reason})`);
    }
  }

  /** Both branches of an undecided condition are evaluated: when they agree, the value is decided. */
  choose(condition: Value, whenTrue: Expression, whenFalse: Expression, bindings: Bindings): Value {
    if (condition.t === 'boolean') return this.evaluate(condition.value ? whenTrue : whenFalse, bindings);
    const a = this.evaluate(whenTrue, bindings);
    const b = this.evaluate(whenFalse, bindings);
    if (valuesEqual(a, b) === true) return a;
    // `cond ? value : null`: the value is what there is to check, when it exists at all.
    if (b.t === 'null' && a.t !== 'null' && a.t !== 'unknown') return { ...a, conditional: true };
    if (a.t === 'null' && b.t !== 'null' && b.t !== 'unknown') return { ...b, conditional: true };
    return unknown('it depends on a condition that is not known');
  }

  private evaluateInterpolation(parts: readonly (string | Expression)[], bindings: Bindings): Value {
    const values = parts.map((part) => (typeof part === 'string' ? str(part) : this.evaluate(part, bindings)));
    return concatenate(values.filter((value) => !(value.t === 'string' && value.value === '')));
  }

  private evaluateObject(expression: ObjectExpression, bindings: Bindings): Value {
    const entries: ObjectEntry[] = [];
    let open = false;
    for (const member of expression.properties) {
      if (member.kind === 'spread') {
        const spread = this.evaluate(member.value, bindings);
        if (spread.t === 'object') {
          entries.push(...spread.entries);
          open ||= spread.open;
        } else open = true;
        continue;
      }
      const key = typeof member.key === 'string' ? str(member.key) : this.evaluate(member.key, bindings);
      entries.push({ key, value: this.evaluate(member.value, bindings), keyFile: this.file, keyRange: member.keyRange });
    }
    return { t: 'object', entries, open };
  }

  private evaluateFor(expression: Extract<Expression, { kind: 'for' }>, bindings: Bindings): Value {
    const iterable = this.evaluate(expression.iterable, bindings);
    if (iterable.t !== 'array') return iterable.t === 'unknown' ? iterable : unknown('a loop runs over a value that is not an array');
    if (iterable.items.length > MAX_LOOP_COPIES) return unknown('a loop has too many items to analyse');
    const items = iterable.items.map((item, index) => {
      const names = new Map<string, Value>();
      if (expression.itemName) names.set(expression.itemName, item);
      if (expression.indexName) names.set(expression.indexName, { t: 'number', value: index });
      return this.evaluate(expression.body, bind(bindings, names));
    });
    return { t: 'array', items };
  }

  private resolveIdentifier(name: string, bindings: Bindings): Value {
    const bound = lookupBinding(bindings, name);
    if (bound) return bound;
    const declaration = this.symbols.get(this.symbolKey('var', name)) ?? this.symbols.get(this.symbolKey('param', name)) ?? this.symbols.get(this.symbolKey('symbol', name));
    if (!declaration) return unknown(`'${name}' is not declared in this file`);
    switch (declaration.kind) {
      case 'var':
        return this.variableValue(name);
      case 'param':
        return this.parameterValue(name);
      case 'resource':
        return this.resourceSymbol(declaration);
      case 'module':
        return this.moduleSymbol(declaration);
      default:
        return unknown(`'${name}' is a ${declaration.kind}, which is not followed yet`);
    }
  }

  resourceSymbol(declaration: ResourceDeclaration): Value {
    if (declaration.loop) return { t: 'resources', declaration, file: this.file };
    const [first] = this.instancesOf(declaration);
    return first ? { t: 'resource', instance: first.instance } : unknown(`resource '${declaration.name}' has no copies`);
  }

  member(object: Value, property: string, safe = false): Value {
    switch (object.t) {
      case 'null':
        return safe ? object : unknown(`'.${property}' of null`);
      case 'object': {
        const found = objectGet(object, property);
        if (found) return found;
        if (safe && !object.open) return { t: 'null' };
        return object.open ? unknown(`'${property}' may come from a computed part of an object`) : unknown(`the object has no '${property}'`);
      }
      case 'resource':
        return this.resourceMember(object.instance, property);
      case 'module':
        return this.moduleMember(object.call, property);
      case 'unknown':
        return symbolPath(object, `.${property}`);
      default:
        return unknown(`'.${property}' of ${object.t === 'resources' ? 'a resource loop' : `a ${object.t} value`}`);
    }
  }

  private resourceMember(instance: ResourceInstance, property: string): Value {
    const declaration = instance.declaration;
    switch (property.toLowerCase()) {
      case 'id':
        return { t: 'resource-id', instance };
      case 'type':
        return str(declaration.type);
      case 'apiversion':
        return declaration.apiVersion ? str(declaration.apiVersion) : unknown('no API version');
      case 'location':
        if (declaration.existing) return unknown(`'${declaration.name}' is an existing resource declared elsewhere`);
        return this.resourceProperty(instance, ['location']);
      default: {
        if (declaration.existing && property.toLowerCase() !== 'name') return unknown(`'${declaration.name}' is an existing resource declared elsewhere`);
        // A nested deployment's properties hold a whole template; what it returns is known only after it runs.
        if (declaration.type.toLowerCase() === 'microsoft.resources/deployments' && property.toLowerCase() !== 'name') {
          return unknown(`'${property}' of deployment '${declaration.name}' is known only after it runs`);
        }
        const value = this.resourceProperty(instance, [property]);
        return value.t === 'null' ? unknown(`'${property}' is set by Azure at deployment`) : value;
      }
    }
  }

  index(object: Value, index: Value, safe = false): Value {
    if (object.t === 'null' && safe) return object;
    if (object.t === 'array' && index.t === 'number') return object.items[index.value] ?? (safe ? { t: 'null' } : unknown('the index is past the end of the array'));
    if (object.t === 'object' && index.t === 'string') return this.member(object, index.value, safe);
    if (object.t === 'resources' && index.t === 'number') {
      const copies = this.instancesOf(object.declaration);
      const copy = copies.length > 1 || copies[0]?.instance.index !== undefined ? copies[index.value] : undefined;
      return copy ? { t: 'resource', instance: copy.instance } : unknown(`copy ${index.value} of '${object.declaration.name}' is not known`);
    }
    if (object.t === 'modules' && index.t === 'number') {
      const call = this.moduleCallsOf(object.declaration)[index.value];
      return call ? { t: 'module', call: call.call } : unknown(`copy ${index.value} of module '${object.declaration.name}' is not known`);
    }
    if (object.t === 'unknown') return index.t === 'string' || index.t === 'number' ? symbolPath(object, `[${JSON.stringify(index.value)}]`) : unknown(object.reason);
    if (index.t === 'unknown') return unknown(index.reason);
    return unknown('an index into a value that is not known');
  }

  private binary(operator: string, leftExpression: Expression, rightExpression: Expression, bindings: Bindings): Value {
    const left = this.evaluate(leftExpression, bindings);
    if (operator === '??') {
      if (left.t === 'null') return this.evaluate(rightExpression, bindings);
      // An undecided left side may be null at deployment: the result is not that symbol.
      return left.t === 'unknown' ? unknown(left.reason) : left;
    }
    if (operator === '&&' || operator === '||') {
      if (left.t === 'boolean' && (operator === '&&') !== left.value) return left;
      const right = this.evaluate(rightExpression, bindings);
      if (left.t === 'boolean' && right.t === 'boolean') return right;
      return unknown('a logical operation on values that are not known');
    }
    const right = this.evaluate(rightExpression, bindings);
    switch (operator) {
      case '==':
      case '!=': {
        const equal = valuesEqual(left, right);
        if (equal === undefined) return unknown('a comparison of values that are not known');
        return { t: 'boolean', value: operator === '==' ? equal : !equal };
      }
      case '=~':
      case '!~':
        if (left.t === 'string' && right.t === 'string') {
          const equal = left.value.toLowerCase() === right.value.toLowerCase();
          return { t: 'boolean', value: operator === '=~' ? equal : !equal };
        }
        return unknown('a comparison of values that are not known');
      default:
        if (left.t === 'number' && right.t === 'number') return arithmetic(operator, left.value, right.value);
        return unknown(`'${operator}' on values that are not known`);
    }
  }

  moduleSymbol(declaration: ModuleDeclaration): Value {
    if (declaration.loop) return { t: 'modules', declaration };
    const [first] = this.moduleCallsOf(declaration);
    return first ? { t: 'module', call: first.call } : unknown(`module '${declaration.name}' has no calls`);
  }

  /** The calls of a module declaration, with the loop variables bound for each. */
  moduleCallsOf(declaration: ModuleDeclaration): readonly { call: ModuleCall; bindings: Bindings }[] {
    let calls = this.moduleCalls.get(declaration);
    if (!calls) {
      calls = this.expandLoop(declaration).map(({ instance, bindings }) => ({
        call: { declaration, file: this.file, index: instance.index, key: instance.key },
        bindings,
      }));
      this.moduleCalls.set(declaration, calls);
    }
    return calls;
  }

  /** The evaluator of a module call's template, fed with the call's parameters; unknown when it is not followed. */
  moduleEvaluator(call: ModuleCall): TemplateEvaluator | UnknownValue {
    const cached = this.moduleEvaluators.get(call.key);
    if (cached) return cached;
    const result = this.createModuleEvaluator(call);
    this.moduleEvaluators.set(call.key, result);
    return result;
  }

  /** Every module evaluator this template leads to (not recursive). */
  childEvaluators(): TemplateEvaluator[] {
    const children: TemplateEvaluator[] = [];
    for (const declaration of this.template.declarations) {
      if (declaration.kind !== 'module') continue;
      for (const { call } of this.moduleCallsOf(declaration)) {
        const child = this.moduleEvaluator(call);
        if (child instanceof TemplateEvaluator) children.push(child);
      }
    }
    return children;
  }

  private createModuleEvaluator(call: ModuleCall): TemplateEvaluator | UnknownValue {
    const declaration = call.declaration;
    const loaded = this.followLink({ declaration, noun: 'module', label: `module '${declaration.name}'`, path: declaration.path, pathRange: declaration.pathRange });
    if ('reason' in loaded) return loaded;
    const bindings = this.moduleCallsOf(declaration).find((entry) => entry.call.key === call.key)?.bindings ?? NO_BINDINGS;
    return new TemplateEvaluator({
      file: loaded.file.path,
      source: loaded.file,
      template: loaded.template,
      scopeKey: this.moduleScopeKey(declaration, call, bindings),
      parameterValues: this.moduleParameters(declaration, bindings),
      modules: this.modules,
      callStack: [...this.callStack, loaded.file.path],
      conditional: this.conditional || this.isConditional(declaration.condition, bindings),
    });
  }

  /**
   * The template a module call or a templateLink leads to, or why it is not followed. Both kinds
   * of link go through here so that they are refused, and explained, alike.
   */
  followLink(link: TemplateLink): LoadedTemplate | UnknownValue {
    if (!this.modules) return unknown(`${link.label} is not followed here`);
    // A missing module file is Bicep's to report; what is left out by policy, a linked template
    // that cannot be loaded (nothing else reports that), or templates that include each other are
    // said here so that users know what was not analysed.
    if (this.callStack.length >= MAX_MODULE_DEPTH) return this.notFollowed(link, `${link.label} is nested too deeply to follow`);
    const loaded = this.modules.resolve(this.file, link.path);
    if ('reason' in loaded) {
      const reason = `${link.label} (${link.path}) is not followed: ${loaded.reason}`;
      return loaded.byPolicy || link.noun === 'linked template' ? this.notFollowed(link, reason) : unknown(reason);
    }
    if (this.callStack.includes(loaded.file.path)) return this.notFollowed(link, `${link.label} includes a file that includes it (${link.path})`);
    return loaded;
  }

  /** True when a declaration's condition is not known to hold: what it declares may not be deployed. */
  isConditional(condition: Expression | undefined, bindings: Bindings = NO_BINDINGS): boolean {
    if (!condition) return false;
    const value = this.evaluate(condition, bindings);
    return !(value.t === 'boolean' && value.value);
  }

  private notFollowed(link: TemplateLink, reason: string): UnknownValue {
    if (!this.unfollowedLinks.some((entry) => entry.link.declaration === link.declaration)) this.unfollowedLinks.push({ link, reason });
    return unknown(reason);
  }

  /** A module deployed to another scope has its own `resourceGroup().location`. */
  private moduleScopeKey(declaration: ModuleDeclaration, call: ModuleCall, bindings: Bindings): string {
    const scope = declaration.body ? propertyNamed(declaration.body, 'scope') : undefined;
    if (!scope) return this.scopeKey;
    const sameGroup = scope.value.kind === 'call' && scope.value.name.toLowerCase() === 'resourcegroup' && scope.value.args.length === 0;
    if (sameGroup) return this.scopeKey;
    const target = this.evaluate(scope.value, bindings);
    return target.t === 'unknown' && target.symbol ? `${target.symbol.scopeKey}>${target.symbol.label}` : `${this.scopeKey}>${call.key}`;
  }

  private moduleParameters(declaration: ModuleDeclaration, bindings: Bindings): Map<string, Value> {
    const values = new Map<string, Value>();
    const params = declaration.body ? propertyNamed(declaration.body, 'params') : undefined;
    if (params?.value.kind !== 'object') return values;
    for (const member of params.value.properties) {
      if (member.kind !== 'property' || typeof member.key !== 'string') continue;
      const value = markPassedIntoModule(this.evaluate(member.value, bindings));
      values.set(member.key, withOrigin(value, { description: `the value module '${declaration.name}' passes to parameter '${member.key}'`, file: this.file, range: member.value.range }));
    }
    return values;
  }

  private moduleMember(call: ModuleCall, property: string): Value {
    if (property.toLowerCase() === 'name') {
      const name = call.declaration.body ? propertyNamed(call.declaration.body, 'name') : undefined;
      return name ? this.evaluate(name.value, this.moduleCallsOf(call.declaration).find((c) => c.call.key === call.key)?.bindings) : unknown('the module has no name');
    }
    if (property.toLowerCase() !== 'outputs') return unknown(`'.${property}' of a module is known only after it runs`);
    const child = this.moduleEvaluator(call);
    if (!(child instanceof TemplateEvaluator)) return child;
    const entries: ObjectEntry[] = child.template.declarations
      .filter((declaration): declaration is OutputDeclaration => declaration.kind === 'output')
      .map((output) => ({ key: str(output.name), value: output.value ? child.evaluate(output.value) : unknown(`output '${output.name}' has no value`) }));
    return { t: 'object', entries, open: false };
  }

  /** Evaluates the declarations an ARM nested deployment passes in, for an inner-scope evaluator. */
  evaluateParameterObject(parameters: ObjectExpression | undefined): Map<string, Value> {
    const values = new Map<string, Value>();
    if (!parameters) return values;
    for (const member of parameters.properties) {
      if (member.kind !== 'property' || typeof member.key !== 'string') continue;
      const wrapper = this.evaluate(member.value);
      const value = wrapper.t === 'object' ? objectGet(wrapper, 'value') : undefined;
      values.set(member.key, value ? withOrigin(value, { description: `the value passed to parameter '${member.key}'`, file: this.file, range: member.value.range }) : unknown(`parameter '${member.key}' gets a value that is not known`));
    }
    return values;
  }
}

function arithmetic(operator: string, a: number, b: number): Value {
  switch (operator) {
    case '+':
      return { t: 'number', value: a + b };
    case '-':
      return { t: 'number', value: a - b };
    case '*':
      return { t: 'number', value: a * b };
    case '<':
      return { t: 'boolean', value: a < b };
    case '<=':
      return { t: 'boolean', value: a <= b };
    case '>':
      return { t: 'boolean', value: a > b };
    case '>=':
      return { t: 'boolean', value: a >= b };
    default:
      return unknown(`'${operator}' is not evaluated`);
  }
}

/**
 * Text built from parts, for concat(), format() and interpolation alike: a string when every part
 * is known, a single part as itself (so `'${uami.id}'` stays an id), otherwise the parts. An undecided part's reason is kept, so that a note about the text
 * says why it is not known ("'a' refers to itself"), not merely that it is not a string.
 */
export function concatenate(values: readonly Value[]): Value {
  if (values.length === 1 && values[0]) return values[0];
  if (values.every((value) => value.t === 'string' || value.t === 'number' || value.t === 'boolean')) {
    return str(values.map((value) => String((value as { value: unknown }).value)).join(''));
  }
  const reason = values.map(undecidedReason).find((found) => found !== undefined);
  return reason === undefined ? { t: 'concat', parts: values } : { t: 'concat', parts: values, reason };
}

/** Ids handed to a module keep where they were taken, and remember that they crossed into it. */
function markPassedIntoModule(value: Value, depth = 0): Value {
  if (depth > 32) return value;
  switch (value.t) {
    case 'resource-id':
      return value.passedIntoModule ? value : { ...value, passedIntoModule: true };
    case 'array':
      return { ...value, items: value.items.map((item) => markPassedIntoModule(item, depth + 1)) };
    case 'object':
      return { ...value, entries: value.entries.map((entry) => ({ ...entry, key: markPassedIntoModule(entry.key, depth + 1), value: markPassedIntoModule(entry.value, depth + 1) })) };
    default:
      return value;
  }
}
