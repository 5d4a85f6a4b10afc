/**
 * What a detection rule is: a function from the correlated log facts to findings of its signatures.
 * Rules share one context, because server-side causes claim the client's failure chains they
 * explain, and the rules for what is left unexplained run after them.
 */
import type { RefreshError } from '../events.ts';
import type { LogFacts } from '../facts.ts';
import type { Finding } from '../types.ts';
import type { FailureChain } from './failure-chains.ts';
import type { ServerCauses } from './server-causes.ts';

export interface FindingOptions {
  clockSkewThresholdMs: number;
}

/**
 * The order rules run in: a later stage reads what earlier ones claimed. Server causes explain
 * chains first; a banner no cause explains is reported before the 401s left over; sign-outs then
 * name the finding that explains their chain; the rest depend on nothing.
 */
export const STAGES = ['server-cause', 'unexplained-banner', 'unexplained-refusal', 'consequence', 'independent'] as const;
export type Stage = (typeof STAGES)[number];

export interface RuleContext {
  facts: LogFacts;
  options: FindingOptions;
  /** Every client session's failure chain; `explainedBy` is set as findings claim them. */
  chains: FailureChain[];
  causes: ServerCauses;
  /** Finesse refresh errors a finding already accounts for. */
  explainedErrors: Set<RefreshError>;
}

export interface Rule {
  stage: Stage;
  detect(context: RuleContext): Finding[];
}
