import * as fs from 'node:fs';
import { templateFileKind } from '../parse';
import { readHeaders } from '../parse/bicep/headers';
import { lexBicep } from '../parse/bicep/lexer';
import { splitStatements } from '../parse/bicep/statements';
import type { ModuleTarget } from './module-host';

/**
 * Which templates an audit must analyse. Every finding starts from an identity resource, a
 * resource that names an identity (`identity`, `…IdentityId`, `kubeletidentity` …: the reference
 * sites all spell "identit"), a suppression directive naming a rule (`isolation-…`,
 * `identity-cross-region`), or a module the engine does not follow on purpose (it says so). A
 * template whose text has none of these, and whose modules (all the way down) have none either,
 * has an empty graph: it is read for its syntax problems and not analysed. `\u` escapes could
 * spell any of these words, so they count too.
 */
const MATTERS = /identit|isolation|\\u/i;
/**
 * ARM templates with linked templates (`templateLink.relativePath`, followed like modules) or nested
 * deployments are always analysed: resources in a nested template are evaluated whatever their text
 * says, and a computed `properties` there can leave a reference site undecided.
 */
const ARM_FOLLOWS = /relativepath|microsoft\.resources\/deployments/i;

/** The same limit as the evaluator's: deeper module chains get a note, so they are analysed. */
const MAX_MODULE_DEPTH = 16;

export interface RelevanceFacts {
  /** The text can yield a finding on its own. */
  readonly matters: boolean;
  /** The paths of its Bicep `module` declarations, as written. */
  readonly modules: readonly string[];
}

/** What the text of a template file says about relevance; a Bicep file without identity words is lexed for its modules. */
export function relevanceFacts(filePath: string, text: string): RelevanceFacts {
  const kind = templateFileKind(filePath);
  if (MATTERS.test(text)) return { matters: true, modules: [] };
  if (kind === 'json') return { matters: ARM_FOLLOWS.test(text), modules: [] };
  if (kind !== 'bicep' && kind !== 'bicepparam') return { matters: false, modules: [] };
  const lexed = lexBicep(text);
  const split = splitStatements(text, lexed.tokens);
  const headers = readHeaders(lexed.tokens, split.partner, split.statements);
  // A module without a readable path resolves as the evaluator resolves '' (its folder: not a template).
  return { matters: false, modules: headers.declarations.filter((header) => header.kind === 'module').map((header) => header.module?.path ?? '') };
}

export interface RelevanceHost {
  /** Where a module reference leads, as the module host resolves it. */
  target(fromFile: string, modulePath: string): ModuleTarget;
  /** The audit's own text of a file, when it read it. */
  known(filePath: string): string | undefined;
}

/** Decides, once per file, whether analysing it can find anything; files outside the audit are read from disk. */
export class RelevanceIndex {
  /** Files found irrelevant, with the depth of their module chain; relevant files are `true`. */
  private readonly memo = new Map<string, number | true>();
  private readonly facts = new Map<string, RelevanceFacts | undefined>();

  constructor(private readonly host: RelevanceHost) {}

  isRelevant(filePath: string): boolean {
    return this.visit(filePath, new Set()) === true;
  }

  /** `true` when relevant, otherwise how deep its modules go; undefined for a file that loads as no template. */
  private visit(filePath: string, onPath: Set<string>): number | true | undefined {
    const known = this.memo.get(filePath);
    if (known !== undefined) return known;
    const facts = this.factsOf(filePath);
    if (!facts) return undefined;
    if (facts.matters) return this.remember(filePath, true);
    onPath.add(filePath);
    let depth = 0;
    let relevant = false;
    for (const modulePath of facts.modules) {
      const target = this.host.target(filePath, modulePath);
      if (!('path' in target)) {
        // A module left out by policy gets a note; one that cannot be fetched is silently unknown.
        relevant = target.byPolicy === true;
      } else if (onPath.has(target.path)) {
        relevant = true; // Modules that include each other get a note.
      } else {
        const inner = this.visit(target.path, onPath);
        if (inner === true) relevant = true;
        else if (inner !== undefined) depth = Math.max(depth, inner + 1);
      }
      if (relevant || depth >= MAX_MODULE_DEPTH - 1) {
        relevant = true;
        break;
      }
    }
    onPath.delete(filePath);
    return this.remember(filePath, relevant ? true : depth);
  }

  private remember(filePath: string, value: number | true): number | true {
    this.memo.set(filePath, value);
    return value;
  }

  private factsOf(filePath: string): RelevanceFacts | undefined {
    if (this.facts.has(filePath)) return this.facts.get(filePath);
    const text = this.host.known(filePath) ?? readFromDisk(filePath);
    const facts = text === undefined ? undefined : relevanceFacts(filePath, text);
    this.facts.set(filePath, facts);
    return facts;
  }
}

function readFromDisk(filePath: string): string | undefined {
  if (templateFileKind(filePath) === 'other') return undefined;
  try {
    return fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined; // The evaluator cannot read it either, and says nothing of it.
  }
}
