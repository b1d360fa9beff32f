import type { Expression } from '../../model/expression';
import { propertyNamed } from '../../model/expression';
import type { SourceFile } from '../../model/source-file';
import { parseJsonDocument, prepareJson, readRootStringProperty } from './json-document';
import { jsonToExpression } from './json-values';

/** One `"name": { "value": … }` entry of an ARM parameters file. */
export interface ParameterFileValue {
  readonly name: string;
  /** The `value`; undefined for Key Vault `reference` entries, which are known only at deployment. */
  readonly value: Expression | undefined;
  readonly range: { readonly start: number; readonly end: number };
}

const PARAMETERS_SCHEMA = /deploymentParameters\.json/i;

/** Reads an ARM deployment parameters file; undefined for anything else. Never throws. */
export function parseArmParametersFile(file: SourceFile): ParameterFileValue[] | undefined {
  if (!/deploymentparameters/i.test(file.text)) return undefined;
  try {
    const prepared = prepareJson(file.text);
    const schema = readRootStringProperty(prepared, '$schema');
    if (schema === undefined || !PARAMETERS_SCHEMA.test(schema)) return undefined;
    const parsed = parseJsonDocument(prepared);
    if (parsed.kind !== 'parsed' || parsed.document.root?.type !== 'object') return undefined;
    const root = jsonToExpression(file.text, parsed.document.root);
    const parameters = root.kind === 'object' ? propertyNamed(root, 'parameters')?.value : undefined;
    if (parameters?.kind !== 'object') return [];
    const values: ParameterFileValue[] = [];
    for (const member of parameters.properties) {
      if (member.kind !== 'property' || typeof member.key !== 'string') continue;
      const value = member.value.kind === 'object' ? propertyNamed(member.value, 'value')?.value : undefined;
      values.push({ name: member.key, value, range: member.range });
    }
    return values;
  } catch {
    return undefined;
  }
}
