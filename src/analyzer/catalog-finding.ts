import { SIGNATURES, type SignatureId } from './signatures.ts';
import { toIso } from './timestamps.ts';
import type { Evidence, Finding } from './types.ts';

/** A finding with the catalog's texts for its signature; the rule fills in the summary (and sub-cause). */
export function catalogFinding(signature: SignatureId, user: string | undefined, first: number, last: number, evidence: Evidence[]): Finding {
  const spec = SIGNATURES[signature];
  return {
    signature,
    severity: spec.severity,
    user: user ?? null,
    first: toIso(first),
    last: toIso(last),
    summary: '',
    evidence,
    cause: spec.cause,
    workaround: spec.workaround,
    reference: spec.reference,
  };
}
