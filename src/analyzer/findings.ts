/**
 * The driver of the detection rules (one per file in `rules/`, registered by signature in
 * `rules/registry.ts`): each turns correlated facts into findings with their evidence joined
 * across the three logs. Server-side causes are found first and claim the client's failure chains
 * they explain (retries, banner, sign-out); what is left unexplained is reported as such, never guessed.
 */
import type { LogFacts } from './facts.ts';
import { failureChains } from './rules/failure-chains.ts';
import { FOUND_IN_HAR, RULES } from './rules/registry.ts';
import { STAGES, type FindingOptions, type Rule, type RuleContext } from './rules/rule.ts';
import { serverCauses } from './rules/server-causes.ts';
import { severityRank, type SignatureId } from './signatures.ts';
import type { Finding } from './types.ts';

/** Findings kept per signature: a flood of one failure (a client hammering the IdS) is counted, not listed. */
const MAX_FINDINGS_PER_SIGNATURE = 100;

export interface Findings {
  findings: Finding[];
  /** Findings beyond the per-signature limit, counted by signature. */
  omitted: Partial<Record<SignatureId, number>>;
}

/** Each log rule once, in the order of its stage (a rule registered for several signatures runs once). */
const LOG_RULES: readonly Rule[] = [...new Set(Object.values(RULES).filter((rule) => rule !== FOUND_IN_HAR))].sort(
  (a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage),
);

export function buildFindings(facts: LogFacts, options: FindingOptions): Findings {
  const chains = failureChains(facts.clientEvents);
  const context: RuleContext = { facts, options, chains, causes: serverCauses(facts, chains), explainedErrors: new Set() };
  const findings = LOG_RULES.flatMap((rule) => rule.detect(context));
  findings.sort(bySeverityThenTime);
  return limitPerSignature(findings);
}

/** The report's order: most severe first, then by time. */
export function bySeverityThenTime(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.first.localeCompare(b.first) ||
    a.signature.localeCompare(b.signature) ||
    (a.user ?? '').localeCompare(b.user ?? '')
  );
}

function limitPerSignature(findings: Finding[]): Findings {
  const kept: Finding[] = [];
  const omitted: Partial<Record<SignatureId, number>> = {};
  const seen = new Map<SignatureId, number>();
  for (const finding of findings) {
    const count = (seen.get(finding.signature) ?? 0) + 1;
    seen.set(finding.signature, count);
    if (count <= MAX_FINDINGS_PER_SIGNATURE) kept.push(finding);
    else omitted[finding.signature] = count - MAX_FINDINGS_PER_SIGNATURE;
  }
  return { findings: kept, omitted };
}
