/** Sign-outs after presence loss (reason code 255): real, but not an SSO fault. */
import { byTime } from '../correlate.ts';
import { userOfSession } from '../events.ts';
import type { Finding } from '../types.ts';
import { draft, EvidenceSet, quoted } from './evidence.ts';
import type { Rule, RuleContext } from './rule.ts';
import { clusters, groupBy, OUTAGE_GAP_MS, within } from './time-groups.ts';
import { when } from './wording.ts';

/** Client lines around a presence sign-out that show what the desktop saw. */
const PRESENCE_CONTEXT_MS = 3 * 60_000;

export const presenceForcedLogout: Rule = {
  stage: 'independent',
  detect({ facts }: RuleContext): Finding[] {
    const findings: Finding[] = [];
    const clientEvents = [...facts.clientEvents].sort(byTime);
    for (const [user, logouts] of groupBy([...facts.presenceLogouts].sort(byTime), (logout) => logout.user)) {
      for (const cluster of clusters(logouts, OUTAGE_GAP_MS)) {
        const first = cluster[0]!;
        const last = cluster[cluster.length - 1]!;
        const evidence = new EvidenceSet();
        for (const logout of quoted(cluster)) evidence.add(logout.lines);
        for (const event of within(clientEvents, first.at - PRESENCE_CONTEXT_MS, last.at + PRESENCE_CONTEXT_MS)) {
          if (userOfSession(event.session) === user) evidence.add([event.line]);
        }
        const finding = draft('presence-forced-logout', user, first.at, last.at, evidence, []);
        finding.summary = `Finesse signed ${user} out at ${when(first.lines[0]!)} after losing the desktop's presence (reason code ${first.reasonCode ?? 'not given'}); not an SSO or token fault.`;
        findings.push(finding);
      }
    }
    return findings;
  },
};
