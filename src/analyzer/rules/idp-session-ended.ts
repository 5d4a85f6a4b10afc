/** Refreshes after the IdP session of the sign-in ended: nothing fails yet, the next re-authentication prompts. */
import type { Finding } from '../types.ts';
import { draft } from './evidence.ts';
import type { Rule, RuleContext } from './rule.ts';
import { signInBursts } from './sign-in-bursts.ts';

export const idpSessionEnded: Rule = {
  stage: 'independent',
  detect({ facts }: RuleContext): Finding[] {
    return signInBursts(facts, 'idp-session-ended').map(({ first, last, evidence, who, times }) => {
      const finding = draft('idp-session-ended', first.user, first.at, last.at, evidence, []);
      finding.summary = `The IdS refreshed ${who}'s tokens ${times} after the IdP session of the sign-in had ended: nothing fails now, but the next re-authentication asks for the password at the IdP.`;
      return finding;
    });
  },
};
