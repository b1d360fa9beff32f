export { parseArmTemplate, type ArmParseOptions, type ArmParseResult } from './template';
export {
  armLiteralValue,
  DEFAULT_MAX_EXPRESSION_DEPTH,
  isArmExpression,
  parseArmString,
  type ArmExpressionOptions,
  type ExpressionSource,
} from './expression';
export {
  DEFAULT_MAX_JSON_DEPTH,
  decodeStringNode,
  nestingDepth,
  parseJsonDocument,
  prepareJson,
  readRootStringProperty,
  type JsonDocument,
  type JsonNode,
  type JsonParseOptions,
  type JsonParseResult,
  type PreparedJson,
} from './json-document';
export { decodeJsonString, type DecodedString } from './json-string';
export { jsonToExpression } from './json-values';
export { parseArmParametersFile, type ParameterFileValue } from './parameters-file';
