import type { Severity } from '../engine/model/finding';

export type AuditFormat = 'text' | 'json' | 'sarif';
export type GraphFormat = 'json' | 'mermaid';
export type FailOn = Severity | 'none';

export interface AuditCommand {
  readonly kind: 'audit';
  readonly paths: readonly string[];
  readonly format: AuditFormat;
  readonly output: string | undefined;
  readonly fix: boolean;
  readonly dryRun: boolean;
  readonly failOn: FailOn;
  readonly includeGenerated: boolean;
  readonly jobs: number | undefined;
  /** A bicepconfig.json (or a file with just our section) to use instead of the nearest one. */
  readonly config: string | undefined;
  /** An earlier SARIF or JSON report: only findings that are not in it are reported. */
  readonly baseline: string | undefined;
}

export interface GraphCommand {
  readonly kind: 'graph';
  readonly paths: readonly string[];
  readonly format: GraphFormat;
}

export type Command = AuditCommand | GraphCommand | { readonly kind: 'help' } | { readonly kind: 'version' };

/** A mistake in the command line: reported in one line with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

const AUDIT_FORMATS: readonly AuditFormat[] = ['text', 'json', 'sarif'];
const GRAPH_FORMATS: readonly GraphFormat[] = ['json', 'mermaid'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'none'];

/** Parses the arguments after the program name. Throws UsageError. */
export function parseArgs(argv: readonly string[]): Command {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv.includes('--version')) return { kind: 'version' };
  const [command, ...rest] = argv;
  switch (command) {
    case 'audit':
      return parseAudit(new ArgumentReader(rest));
    case 'graph':
      return parseGraph(new ArgumentReader(rest));
    case undefined:
      throw new UsageError('missing command: audit or graph');
    default:
      throw new UsageError(`unknown command '${command}': expected audit or graph`);
  }
}

function parseAudit(reader: ArgumentReader): AuditCommand {
  const paths: string[] = [];
  let format: AuditFormat = 'text';
  let output: string | undefined;
  let fix = false;
  let dryRun = false;
  let failOn: FailOn = 'error';
  let includeGenerated = false;
  let jobs: number | undefined;
  let config: string | undefined;
  let baseline: string | undefined;
  for (let argument = reader.next(); argument !== undefined; argument = reader.next()) {
    if (argument.kind === 'path') {
      paths.push(argument.value);
      continue;
    }
    switch (argument.name) {
      case '--format':
        format = oneOf(argument.name, reader.value(argument), AUDIT_FORMATS);
        break;
      case '--output':
        output = reader.value(argument);
        break;
      case '--fix':
        fix = reader.flag(argument);
        break;
      case '--dry-run':
        dryRun = reader.flag(argument);
        break;
      case '--fail-on':
        failOn = oneOf(argument.name, reader.value(argument), FAIL_ON);
        break;
      case '--include-generated':
        includeGenerated = reader.flag(argument);
        break;
      case '--jobs':
        jobs = positiveInteger(argument.name, reader.value(argument));
        break;
      case '--config':
        config = reader.value(argument);
        break;
      case '--baseline':
        baseline = reader.value(argument);
        break;
      default:
        throw new UsageError(`unknown option '${argument.name}' for audit`);
    }
  }
  if (dryRun && !fix) throw new UsageError('--dry-run only makes sense with --fix');
  return { kind: 'audit', paths: defaultPaths(paths), format, output, fix, dryRun, failOn, includeGenerated, jobs, config, baseline };
}

function parseGraph(reader: ArgumentReader): GraphCommand {
  const paths: string[] = [];
  let format: GraphFormat = 'json';
  for (let argument = reader.next(); argument !== undefined; argument = reader.next()) {
    if (argument.kind === 'path') paths.push(argument.value);
    else if (argument.name === '--format') format = oneOf(argument.name, reader.value(argument), GRAPH_FORMATS);
    else throw new UsageError(`unknown option '${argument.name}' for graph`);
  }
  return { kind: 'graph', paths: defaultPaths(paths), format };
}

function defaultPaths(paths: readonly string[]): readonly string[] {
  return paths.length > 0 ? paths : ['.'];
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw new UsageError(`invalid value '${value}' for ${option}: expected ${allowed.join(', ')}`);
  return match;
}

function positiveInteger(option: string, value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`invalid value '${value}' for ${option}: expected a positive whole number`);
  return Number(value);
}

type Argument = { readonly kind: 'path'; readonly value: string } | { readonly kind: 'option'; readonly name: string; readonly inlineValue: string | undefined };

/** Walks the arguments: `--name value`, `--name=value`, bare paths, and `--` before paths that start with a dash. */
class ArgumentReader {
  private index = 0;
  private onlyPathsFollow = false;

  constructor(private readonly argv: readonly string[]) {}

  next(): Argument | undefined {
    const argument = this.argv[this.index++];
    if (argument === undefined) return undefined;
    if (this.onlyPathsFollow || !argument.startsWith('-') || argument === '-') return { kind: 'path', value: argument };
    if (argument === '--') {
      this.onlyPathsFollow = true;
      return this.next();
    }
    const equals = argument.indexOf('=');
    return equals === -1
      ? { kind: 'option', name: argument, inlineValue: undefined }
      : { kind: 'option', name: argument.slice(0, equals), inlineValue: argument.slice(equals + 1) };
  }

  value(option: Argument & { kind: 'option' }): string {
    if (option.inlineValue !== undefined) return option.inlineValue;
    const value = this.argv[this.index];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${option.name} needs a value`);
    this.index++;
    return value;
  }

  flag(option: Argument & { kind: 'option' }): true {
    if (option.inlineValue !== undefined) throw new UsageError(`${option.name} takes no value`);
    return true;
  }
}
