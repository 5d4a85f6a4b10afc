import { expect, test } from '../../fixtures/index.ts';
import { IDP_FORM_KINDS } from '../../mock/idp/sign-in-forms.ts';
import { IDP_SESSION_COOKIE } from '../../mock/idp/idp-server.ts';

test.describe('IdP adapters: each signs in at its form in the mock', () => {
  for (const idpKind of IDP_FORM_KINDS) {
    test.describe(idpKind, () => {
      test.use({ labSettings: { idpKind } });

      test(`the ${idpKind} form signs the agent in and the desktop shows the agent`, async ({ sso, desktop, agent, mockLab, idp, browserProfile }) => {
        await sso.signIn();
        await desktop.expectIdentity();
        expect(mockLab.events.list({ type: 'idp-sign-in', userId: agent.username })).toHaveLength(1);
        expect(mockLab.events.list({ type: 'idp-sign-in-failed' })).toHaveLength(0);
        expect(idp.kind).toBe(idpKind.replace(/^okta-.*/, 'okta'));
        // "Stay signed in?" answered No: the IdP session must end with the browser, as with every other IdP.
        const session = (await browserProfile.context.cookies()).find((cookie) => cookie.name === IDP_SESSION_COOKIE);
        expect(session?.expires).toBe(-1);
      });
    });
  }
});
