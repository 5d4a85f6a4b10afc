/** Every forced sign-out the desktop logged, joined to the finding that explains its chain. */
import { formatDuration } from '../../kernel/duration.ts';
import type { Finding } from '../types.ts';
import { draft, EvidenceSet, quoted } from './evidence.ts';
import type { Rule, RuleContext } from './rule.ts';
import { sessionPlace, when } from './wording.ts';

export const forcedLogout: Rule = {
  stage: 'consequence',
  detect({ chains }: RuleContext): Finding[] {
    const findings: Finding[] = [];
    for (const chain of chains) {
      const logout = chain.logout;
      if (logout === undefined) continue;
      const evidence = new EvidenceSet();
      evidence.add(quoted(chain.failures).map((failure) => failure.line));
      if (chain.banner) evidence.add([chain.banner.line]);
      evidence.add([logout.line]);
      const finding = draft('forced-logout-after-refresh-failure', chain.user, logout.at, logout.at, evidence, []);
      const cause = chain.explainedBy;
      const grace = chain.banner ? `, ${formatDuration(logout.at - chain.banner.at)} after the banner at ${when(chain.banner.line)}` : '';
      const because = cause
        ? `cause: ${cause.signature}${cause.subCause ? ` (${cause.subCause})` : ''} from ${cause.first} (see that finding)`
        : 'no refresh failure before it in the logs given';
      if (cause) {
        finding.causedBy = cause.signature;
        finding.cause = `${finding.cause} It follows the ${cause.signature} finding of ${cause.first}.`;
      }
      finding.summary = `${chain.user ?? 'The agent'} was signed out at ${when(logout.line)} in ${sessionPlace(chain.session)}${grace}; ${because}.`;
      findings.push(finding);
    }
    return findings;
  },
};
