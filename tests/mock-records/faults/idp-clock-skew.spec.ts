import { expect, test } from '../../../fixtures/index.ts';
import { IDP_CLOCK_SKEW_S } from '../../../src/faults/failure-modes.ts';
import { idsLogStart } from '../../../src/kernel/ids-log.ts';

test.describe("the IdP's clock off: SAML assertion outside its validity window", { tag: '@fault' }, () => {
  for (const [where, skewS] of [
    ['ahead', IDP_CLOCK_SKEW_S],
    ['behind', -IDP_CLOCK_SKEW_S],
  ] as const) {
    test.describe(`the IdP's clock ${Math.abs(skewS) / 60} minutes ${where}`, () => {
      test.use({ labSettings: { idpClockSkewS: skewS } });

      test('after the IdP form the IdS refuses the assertion: its "Sign-in failed" page, its log line, no tokens', async ({
        browserProfile,
        lab,
        agent,
        idp,
        records,
      }) => {
        const page = await browserProfile.open();
        await page.goto(lab.desktopUrl);
        await idp.signIn(page, agent);
        await expect(page.getByRole('heading', { name: 'Sign-in failed' })).toBeVisible();
        await expect(page.getByRole('alert')).toContainText('outside its validity window');
        expect(records).toHaveLoggedAtIds(idsLogStart('samlOutsideWindow', { nameId: agent.username }), { times: 1 });
        expect(records.count('saml-refused')).toBe(1);
        expect(records.signIns()).toEqual([]);
      });
    });
  }

  test.describe('negative control: the IdP 30 s ahead, inside the allowed skew', () => {
    test.use({ labSettings: { idpClockSkewS: 30 } });

    test('the sign-in completes', async ({ sso, records }) => {
      await sso.signIn();
      expect(records.count('saml-refused')).toBe(0);
      expect(records.signIns()).toHaveLength(1);
    });
  });
});
