/** Finesse could not reach the IdS: one finding per outage, with the desktops that gave up meanwhile. */
import type { Finding } from '../types.ts';
import { draft, EvidenceSet, quoted } from './evidence.ts';
import type { Rule, RuleContext } from './rule.ts';
import { when } from './wording.ts';

export const idsUnreachable: Rule = {
  stage: 'server-cause',
  detect({ facts, causes, explainedErrors }: RuleContext): Finding[] {
    return causes.outages.map(({ errors: outage, chains: claimed }) => {
      const first = outage[0]!;
      const last = outage[outage.length - 1]!;
      for (const error of facts.refreshErrors) if (error.connection && error.at >= first.at && error.at <= last.at) explainedErrors.add(error);
      const evidence = new EvidenceSet();
      for (const incident of quoted(outage)) evidence.add(incident.lines);
      const finding = draft('ids-unreachable', undefined, first.at, Math.max(last.at, ...claimed.map((chain) => chain.end)), evidence, claimed);
      const users = [...new Set(claimed.map((chain) => chain.user ?? `session ${chain.session.id}`))];
      const span = outage.length === 1 ? `at ${when(first.lines[0]!)}` : `${outage.length} times from ${when(first.lines[0]!)} to ${when(last.lines[0]!)}`;
      finding.summary = `Finesse could not reach the IdS ${span} (${first.failure})${users.length > 0 ? `; desktops that failed meanwhile: ${users.join(', ')}` : ''}.`;
      return finding;
    });
  },
};
