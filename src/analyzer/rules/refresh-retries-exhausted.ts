/** A banner no server-side cause explains: the desktop gave up, and the logs given do not say why. */
import { byTime, RETRIES_WINDOW_MS } from '../correlate.ts';
import type { Finding } from '../types.ts';
import { draft, EvidenceSet, quoted } from './evidence.ts';
import type { Rule, RuleContext } from './rule.ts';
import { within } from './time-groups.ts';
import { sessionName, when } from './wording.ts';

export const refreshRetriesExhausted: Rule = {
  stage: 'unexplained-banner',
  detect({ facts, chains, explainedErrors }: RuleContext): Finding[] {
    const findings: Finding[] = [];
    const errors = [...facts.refreshErrors].sort(byTime);
    for (const chain of chains) {
      if (chain.explainedBy !== undefined || chain.banner === undefined) continue;
      const banner = chain.banner;
      const evidence = new EvidenceSet();
      const related = within(errors, chain.start - RETRIES_WINDOW_MS, banner.at).filter(
        (error) => !explainedErrors.has(error) && (error.user === undefined || error.user === chain.user),
      );
      for (const error of related) explainedErrors.add(error);
      for (const error of quoted(related)) evidence.add(error.lines);
      const finding = draft('refresh-retries-exhausted', chain.user, chain.start, chain.end, evidence, [chain]);
      const statuses = [...new Set([...chain.failures, ...related].map((failure) => failure.status).filter((status) => status !== undefined))];
      const attempts =
        chain.failures.length > 0
          ? ` after ${chain.failures.length} reported failure${chain.failures.length === 1 ? '' : 's'}${statuses.length > 0 ? ` (HTTP ${statuses.join(', ')})` : ''}`
          : '';
      finding.summary = `The desktop (${sessionName(chain.session)}) gave up refreshing at ${when(banner.line)}${attempts}; no IdS refusal or connection error explains it in the logs given${chain.logout ? `; forced sign-out at ${when(chain.logout.line)}` : ''}.`;
      findings.push(finding);
    }
    return findings;
  },
};
