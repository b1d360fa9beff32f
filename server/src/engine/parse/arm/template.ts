import type { ObjectExpression } from '../../model/expression';
import type { SourceFile } from '../../model/source-file';
import type { NestedTemplate, ResourceDeclaration, SyntaxProblem, Template } from '../../model/template';
import { readOutputs, readParameters, readVariables } from './declarations';
import type { ArmExpressionOptions } from './expression';
import { parseJsonDocument, prepareJson, readRootStringProperty } from './json-document';
import { jsonToExpression } from './json-values';
import { namedProperties, objectProperty, stringProperty } from './object-access';
import { readResources } from './resources';

export type ArmParseResult =
  | { readonly kind: 'not-template' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'template'; readonly template: Template };

export interface ArmParseOptions {
  /** Deepest JSON nesting accepted (default 512). */
  readonly maxDepth?: number;
  /** Deepest ARM expression nesting parsed; deeper expressions are `unparsed` (default 256). */
  readonly maxExpressionDepth?: number;
}

/** Every deployment template schema names it: deploymentTemplate, subscriptionDeploymentTemplate … */
const TEMPLATE_SCHEMA = /deploymentTemplate\.json/i;
/** Lets most JSON files that are not templates go without being parsed at all. */
const TEMPLATE_MARKER = /deploymenttemplate/i;
const NOT_TEMPLATE: ArmParseResult = { kind: 'not-template' };
const DEPLOYMENTS_TYPE = 'microsoft.resources/deployments';

/**
 * Reads an ARM JSON deployment template. Files without a deployment template `$schema` are
 * 'not-template'; a template that cannot be read into a root object is 'invalid'; syntax errors
 * that leave a usable root object become the template's `problems`. Never throws.
 */
export function parseArmTemplate(file: SourceFile, options: ArmParseOptions = {}): ArmParseResult {
  try {
    return parse(file.text, options);
  } catch (error) {
    // Nothing above is expected to throw; an unforeseen input must still not stop an audit.
    return { kind: 'invalid', message: `The template could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function parse(text: string, options: ArmParseOptions): ArmParseResult {
  if (!TEMPLATE_MARKER.test(text)) return NOT_TEMPLATE;
  const prepared = prepareJson(text);
  const schema = readRootStringProperty(prepared, '$schema');
  if (schema === undefined || !TEMPLATE_SCHEMA.test(schema)) return NOT_TEMPLATE;

  const parsed = parseJsonDocument(prepared, { maxDepth: options.maxDepth });
  if (parsed.kind === 'too-deep') return { kind: 'invalid', message: `The template is too deeply nested to read: ${parsed.message}` };
  const { root, problems } = parsed.document;
  if (root?.type !== 'object') return { kind: 'invalid', message: 'The template is not a JSON object' };

  const expressionOptions: ArmExpressionOptions = { maxDepth: options.maxExpressionDepth };
  const rootObject = jsonToExpression(text, root, expressionOptions);
  if (rootObject.kind !== 'object') return { kind: 'invalid', message: 'The template is not a JSON object' };
  return { kind: 'template', template: buildTemplate(rootObject, text, problems) };
}

/** Reads the declarations of a template object: the file's root or a nested deployment's inline template. */
function buildTemplate(root: ObjectExpression, text: string, problems: SyntaxProblem[]): Template {
  const template: Template = {
    language: 'arm',
    declarations: [],
    problems,
    nested: [],
    parent: undefined,
    generator: stringProperty(objectProperty(objectProperty(root, 'metadata'), '_generator'), 'name'),
    caseInsensitiveNames: true,
  };
  // Sections are read in text order so that declarations come in text order.
  for (const section of namedProperties(root)) {
    switch (section.key.toLowerCase()) {
      case 'parameters':
        readParameters(section.value, template);
        break;
      case 'variables':
        readVariables(section.value, template);
        break;
      case 'resources':
        readResources(section.value, { text, template });
        break;
      case 'outputs':
        readOutputs(section.value, template);
        break;
    }
  }
  for (const declaration of template.declarations) {
    if (declaration.kind !== 'resource') continue;
    const nested = nestedTemplate(declaration, text, problems);
    if (nested) template.nested.push(nested);
  }
  return template;
}

/** A deployment resource with an inline `properties.template`. */
function nestedTemplate(deployment: ResourceDeclaration, text: string, problems: SyntaxProblem[]): NestedTemplate | undefined {
  if (deployment.type.toLowerCase() !== DEPLOYMENTS_TYPE) return undefined;
  const properties = objectProperty(deployment.body, 'properties');
  const inline = objectProperty(properties, 'template');
  if (inline === undefined) return undefined;
  const scope = stringProperty(objectProperty(properties, 'expressionEvaluationOptions'), 'scope');
  const nested: NestedTemplate = {
    deployment,
    scope: scope?.toLowerCase() === 'inner' ? 'inner' : 'outer',
    parameterValues: objectProperty(properties, 'parameters'),
    // The file's syntax problems, shared: a fix inside a nested template must see those near it.
    template: buildTemplate(inline, text, problems),
  };
  nested.template.parent = nested;
  return nested;
}
