/** The IdS restarting one user's sign-in again and again: its cookie did not come back with the IdP's answer. */
import type { Finding } from '../types.ts';
import { draft } from './evidence.ts';
import type { Rule, RuleContext } from './rule.ts';
import { signInBursts } from './sign-in-bursts.ts';

/** Restarts of one user's sign-in in one burst from which on they are a loop, not a one-off (a sign-in begun in another browser). */
export const SIGN_IN_LOOP_MIN = 3;

export const signInLoop: Rule = {
  stage: 'independent',
  detect({ facts }: RuleContext): Finding[] {
    return signInBursts(facts, 'sign-in-restarted')
      .filter((burst) => burst.count >= SIGN_IN_LOOP_MIN)
      .map(({ first, last, evidence, who, times }) => {
        const finding = draft('sign-in-loop', first.user, first.at, last.at, evidence, []);
        finding.summary = `The IdS received the IdP's answer for ${who} without its sign-in cookie and started the sign-in again ${times}: a sign-in loop.`;
        return finding;
      });
  },
};
