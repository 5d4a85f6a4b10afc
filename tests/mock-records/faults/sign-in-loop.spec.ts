import { expect, test } from '../../../fixtures/index.ts';
import { SignInLoopError } from '../../../fixtures/sign-in-loop.ts';
import { analyzeInputs } from '../../../src/analyzer/analyze.ts';
import { SIGN_IN_LOOP_MIN } from '../../../src/analyzer/rules/sign-in-loop.ts';
import { LAB_HOSTS } from '../../../mock/lab.ts';
import { idsLogStart } from '../../../src/kernel/ids-log.ts';

test.describe('SameSite: the IdS sign-in cookie and the IdP on another site', { tag: '@fault' }, () => {
  test.describe(`the IdP on another site (${LAB_HOSTS.idpPartner}), the IdS cookie SameSite=Lax`, () => {
    test.use({ labSettings: { idpSite: 'cross-site', idsCookieSameSite: 'Lax' } });

    test("the IdP's cross-site POST loses the cookie, the IdS starts over: a sign-in loop, named twice", async ({ sso, agent, records, mockLab: mock }) => {
      await expect(sso.signIn()).rejects.toThrow(SignInLoopError);

      expect(records.count('sign-in-restarted')).toBeGreaterThanOrEqual(SIGN_IN_LOOP_MIN);
      expect(records.events('sign-in-restarted').every((event) => event.detail.cookie === 'missing')).toBe(true);
      expect(records.count('idp-sign-in'), 'the password once; then the IdP answers from its session').toBe(1);
      expect(records.count('idp-silent-sign-in')).toBeGreaterThanOrEqual(SIGN_IN_LOOP_MIN - 1);
      expect(records.signIns(), 'no tokens were ever issued').toEqual([]);
      expect(records.idsLogLines(idsLogStart('signInCookieMissing', { nameId: agent.username })).length).toBeGreaterThanOrEqual(SIGN_IN_LOOP_MIN);
      const found = (await analyzeInputs([mock.logs.root])).findings.map((finding) => finding.signature);
      expect(found).toEqual(['sign-in-loop']);
    });
  });

  test.describe('negative control: the IdP on another site, the IdS cookie SameSite=None; Secure', () => {
    test.use({ labSettings: { idpSite: 'cross-site', idsCookieSameSite: 'None' } });

    test('the cookie comes back with the cross-site POST and the sign-in completes', async ({ sso, records }) => {
      await sso.signIn();
      expect(records.count('sign-in-restarted')).toBe(0);
      expect(records.signIns()).toHaveLength(1);
    });
  });

  test.describe('negative control: SameSite=Lax with the IdP on the same site', () => {
    test.use({ labSettings: { idpSite: 'same-site', idsCookieSameSite: 'Lax' } });

    test('SameSite does not apply within one site: the sign-in completes', async ({ sso, records }) => {
      await sso.signIn();
      expect(records.count('sign-in-restarted')).toBe(0);
      expect(records.signIns()).toHaveLength(1);
    });
  });
});
