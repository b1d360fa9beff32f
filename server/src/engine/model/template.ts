import type { Expression, ObjectExpression } from './expression';
import type { Range } from './range';

export type TemplateLanguage = 'bicep' | 'bicepparam' | 'arm';

export type DeclarationKind =
  | 'resource'
  | 'param'
  | 'var'
  | 'module'
  | 'output'
  | 'type'
  | 'func'
  | 'import'
  | 'metadata'
  | 'extension'
  | 'test'
  | 'assert';

interface DeclarationBase {
  /** Symbolic name; for classic ARM resources the text of the name expression. */
  readonly name: string;
  readonly nameRange: Range;
  /** Offset of the declaring keyword (not of its decorators): the line users see the declaration on. */
  readonly keywordOffset: number;
  /** The whole declaration, decorators included. */
  readonly range: Range;
}

export interface ParameterDeclaration extends DeclarationBase {
  readonly kind: 'param';
  readonly defaultValue: Expression | undefined;
}

export interface VariableDeclaration extends DeclarationBase {
  readonly kind: 'var';
  readonly value: Expression;
}

/** A Bicep `[for …]` loop or an ARM `copy` loop. */
export type Loop =
  | { readonly kind: 'for'; readonly itemName: string | undefined; readonly indexName: string | undefined; readonly iterable: Expression }
  | { readonly kind: 'copy'; readonly copyName: string; readonly count: Expression };

export interface ResourceDeclaration extends DeclarationBase {
  readonly kind: 'resource';
  /** False for classic ARM resources, which are found by type and name instead of a symbol. */
  readonly hasSymbolicName: boolean;
  /** Full type, nested child resources included (`Microsoft.Sql/servers/databases`). */
  readonly type: string;
  readonly apiVersion: string | undefined;
  /** Bicep: the `'type@version'` string with its quotes; ARM JSON: the value of "type" with its quotes. */
  readonly typeRange: Range;
  /** ARM JSON: the value of "apiVersion" with its quotes; Bicep: the version inside the type string. */
  readonly apiVersionRange: Range | undefined;
  readonly existing: boolean;
  readonly condition: Expression | undefined;
  readonly loop: Loop | undefined;
  /** The resource body: name, location, identity, properties … */
  readonly body: ObjectExpression | undefined;
  /** The enclosing resource for nested declarations, or the target of `parent:` once resolved. */
  readonly parentName: string | undefined;
  readonly template: Template;
}

export interface ModuleDeclaration extends DeclarationBase {
  readonly kind: 'module';
  readonly path: string;
  readonly pathRange: Range;
  readonly condition: Expression | undefined;
  readonly loop: Loop | undefined;
  readonly body: ObjectExpression | undefined;
}

export interface OutputDeclaration extends DeclarationBase {
  readonly kind: 'output';
  readonly value: Expression | undefined;
}

export interface OtherDeclaration extends DeclarationBase {
  readonly kind: 'type' | 'func' | 'import' | 'metadata' | 'extension' | 'test' | 'assert';
}

export type Declaration =
  | ParameterDeclaration
  | VariableDeclaration
  | ResourceDeclaration
  | ModuleDeclaration
  | OutputDeclaration
  | OtherDeclaration;

export interface SyntaxProblem {
  readonly message: string;
  readonly range: Range;
}

/**
 * How a nested ARM deployment's inline template sees expressions: 'outer' resolves parameters and
 * variables in the enclosing template, 'inner' in its own, fed by the deployment's `parameters`.
 */
export type ExpressionScope = 'inner' | 'outer';

export interface NestedTemplate {
  readonly deployment: ResourceDeclaration;
  readonly scope: ExpressionScope;
  /** The deployment's `parameters` object (`{ name: { value: … } }`), evaluated in the outer scope. */
  readonly parameterValues: ObjectExpression | undefined;
  readonly template: Template;
}

export interface Template {
  readonly language: TemplateLanguage;
  /** Every declaration in text order; nested child resources follow their parent. */
  readonly declarations: Declaration[];
  readonly problems: SyntaxProblem[];
  nested: NestedTemplate[];
  parent: NestedTemplate | undefined;
  /** `metadata._generator.name` of a compiled JSON template ("bicep" for the Bicep compiler). */
  readonly generator: string | undefined;
  /** Parameter and variable names compare case-insensitively in ARM JSON and exactly in Bicep. */
  readonly caseInsensitiveNames: boolean;
  /** `.bicepparam`: the path in its `using` statement. */
  readonly usingPath?: string;
  /** Bicep `targetScope`, when set. */
  readonly targetScope?: string;
  /**
   * The syntax problems found without parsing more than the analysis needed: the lexer's, and
   * those of the declarations read so far. `problems` parses everything to find them all.
   */
  readonly problemsSoFar?: () => SyntaxProblem[];
}
