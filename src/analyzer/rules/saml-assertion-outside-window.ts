/** SAML assertions the IdS refused as outside their validity window: the IdP's and the IdS's clocks disagree. */
import type { Finding } from '../types.ts';
import { draft } from './evidence.ts';
import type { Rule, RuleContext } from './rule.ts';
import { signInBursts } from './sign-in-bursts.ts';

export const samlAssertionOutsideWindow: Rule = {
  stage: 'independent',
  detect({ facts }: RuleContext): Finding[] {
    return signInBursts(facts, 'saml-outside-window').map(({ first, last, evidence, who, times }) => {
      const finding = draft('saml-assertion-outside-window', first.user, first.at, last.at, evidence, []);
      finding.summary = `The IdS refused the IdP's SAML assertion for ${who} ${times}: outside its NotBefore/NotOnOrAfter window, so the IdP's and the IdS's clocks disagree.`;
      return finding;
    });
  },
};
