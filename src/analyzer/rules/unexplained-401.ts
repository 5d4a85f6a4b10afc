/** 401 refusals nothing explains: webservices failures and desktop-reported failures that did not end in a banner. */
import { byTime, RETRIES_WINDOW_MS } from '../correlate.ts';
import type { LineRef } from '../events.ts';
import type { Finding } from '../types.ts';
import { draft, EvidenceSet, quoted } from './evidence.ts';
import type { FailureChain } from './failure-chains.ts';
import type { Rule, RuleContext } from './rule.ts';
import { clusters, groupBy } from './time-groups.ts';
import { when } from './wording.ts';

interface Refused {
  at: number;
  user: string | undefined;
  lines: LineRef[];
  chain?: FailureChain;
}

export const unexplained401: Rule = {
  stage: 'unexplained-refusal',
  detect({ facts, chains, explainedErrors }: RuleContext): Finding[] {
    const refused: Refused[] = [];
    for (const error of facts.refreshErrors)
      if (error.status === 401 && !explainedErrors.has(error)) refused.push({ at: error.at, user: error.user, lines: error.lines });
    for (const chain of chains) {
      if (chain.explainedBy !== undefined || chain.banner !== undefined || chain.logout !== undefined) continue;
      const failures = chain.failures.filter((failure) => failure.status === 401);
      if (failures.length > 0) refused.push({ at: failures[0]!.at, user: chain.user, lines: failures.map((failure) => failure.line), chain });
    }
    const findings: Finding[] = [];
    for (const items of groupBy(refused.sort(byTime), (item) => item.user ?? '').values()) {
      for (const cluster of clusters(items, RETRIES_WINDOW_MS)) {
        const evidence = new EvidenceSet();
        for (const item of quoted(cluster)) evidence.add(item.lines);
        const first = cluster[0]!;
        const last = cluster[cluster.length - 1]!;
        const claimed = cluster.flatMap((item) => (item.chain ? [item.chain] : []));
        const finding = draft('unexplained-401', first.user, first.at, last.at, evidence, claimed);
        const server = cluster.filter((item) => item.chain === undefined).length;
        const desktop = cluster.reduce((sum, item) => sum + (item.chain ? item.lines.length : 0), 0);
        const seen = [server > 0 ? `${server} in the webservices log` : '', desktop > 0 ? `${desktop} reported by the desktop` : ''].filter(Boolean).join(', ');
        finding.summary = `Token refreshes${first.user ? ` of ${first.user}` : ''} were refused with 401 from ${when(first.lines[0]!)} (${seen}); no IdS line in the logs given says why.`;
        findings.push(finding);
      }
    }
    return findings;
  },
};
