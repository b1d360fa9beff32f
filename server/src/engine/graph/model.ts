import type { IdentityApiVersionFacts } from '../data/identity-api-versions';
import type { TemplateEvaluator } from '../eval/evaluator';
import type { Region } from '../eval/regions';
import type { Origin, ResourceInstance, Value } from '../eval/value';
import type { Range } from '../model/range';
import type { ResourceDeclaration } from '../model/template';

/** What an identity's isolationScope evaluates to. */
export type IsolationScopeState =
  | { readonly state: 'missing' }
  | {
      readonly state: 'value';
      readonly value: string;
      /** The isolationScope value as written in the identity's body. */
      readonly range: Range;
      readonly origin: Origin | undefined;
      /** True when the value is a literal in the identity's own body, so a fix may rewrite it. */
      readonly literal: boolean;
    }
  | {
      readonly state: 'undecided';
      readonly reason: string;
      readonly range: Range | undefined;
      /** The isolationScope key is written, with a value that cannot be evaluated. */
      readonly keyPresent?: boolean;
    };

export interface IdentityNode {
  readonly instance: ResourceInstance;
  readonly declaration: ResourceDeclaration;
  readonly evaluator: TemplateEvaluator;
  readonly file: string;
  readonly name: Value;
  /** How messages name the identity. */
  readonly displayName: string;
  readonly region: Region;
  readonly locationRange: Range | undefined;
  readonly scope: IsolationScopeState;
  readonly apiFacts: IdentityApiVersionFacts | undefined;
  /** Deployed only when a condition holds that the engine cannot decide. */
  readonly conditional: boolean;
}

export interface Assignment {
  readonly source: ResourceInstance;
  readonly sourceName: string;
  readonly sourceRegion: Region;
  /** The source's location expression, for related information. */
  readonly sourceLocationRange: Range | undefined;
  /** The identity the reference resolves to; undefined when it cannot be resolved. */
  readonly identity: IdentityNode | undefined;
  readonly unresolvedReason: string | undefined;
  /** Where the identity is referenced: the key in userAssignedIdentities or the referencing value. */
  readonly referenceFile: string;
  readonly referenceRange: Range;
  /** Which property carries the reference, for messages. */
  readonly via: string;
  readonly crossRegionAllowed: boolean;
  /** The source, its identity block or the identity exists only under a condition the engine cannot decide. */
  readonly conditional: boolean;
}

export interface ResourceGraph {
  readonly identities: readonly IdentityNode[];
  readonly assignments: readonly Assignment[];
  readonly evaluators: readonly TemplateEvaluator[];
  /** The assignments of one identity (by its instance key): rules and fixes ask this per identity. */
  readonly assignmentsOf: (identity: IdentityNode) => readonly Assignment[];
}
