/** Sessions whose browser clock ran beyond the threshold from the Finesse server's. */
import { formatDuration } from '../../kernel/duration.ts';
import { userOfSession } from '../events.ts';
import type { Finding } from '../types.ts';
import { draft, EvidenceSet } from './evidence.ts';
import type { Rule, RuleContext } from './rule.ts';
import { sessionName } from './wording.ts';

export const clockSkew: Rule = {
  stage: 'independent',
  detect({ facts, options }: RuleContext): Finding[] {
    const findings: Finding[] = [];
    for (const session of facts.sessions) {
      const { skew } = session;
      if (skew.beyondThreshold === 0 || skew.first === undefined || skew.largest === undefined) continue;
      const evidence = new EvidenceSet();
      evidence.add([skew.first, skew.largest]);
      const first = Math.min(skew.first.at, skew.largest.at);
      const finding = draft('clock-skew', userOfSession(session), first, Math.max(skew.first.at, skew.largest.at), evidence, []);
      const direction = skew.largestMs > 0 ? 'behind' : 'ahead of';
      finding.summary = `In ${sessionName(session)}, the browser's clock ran up to ${formatDuration(Math.abs(skew.largestMs))} ${direction} the Finesse server's (${skew.beyondThreshold} line${skew.beyondThreshold === 1 ? '' : 's'} beyond the ${formatDuration(options.clockSkewThresholdMs)} threshold).`;
      findings.push(finding);
    }
    return findings;
  },
};
