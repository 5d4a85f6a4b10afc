import { expect, test } from '../../fixtures/index.ts';
import { DEFECT_PROFILES, TOKEN_STORAGES } from '../../mock/settings.ts';
import { desktopLogLine } from '../../src/kernel/desktop-log.ts';

/** Where the browser shows each injectable storage: Finesse's session cookie is a cookie too. A token in memory has no store to inject into. */
const STORE_KIND = { sessionCookie: 'cookie', sessionStorage: 'sessionStorage', localStorage: 'localStorage', cookie: 'cookie' } as const;

for (const tokenStorage of TOKEN_STORAGES.filter((storage) => storage !== 'memory')) {
  for (const profile of DEFECT_PROFILES) {
    test.describe(`token in ${tokenStorage}, profile ${profile}`, { tag: ['@mismatch', '@disruptive'] }, () => {
      test.use({ labSettings: { profile, tokenStorage } });

      test("an earlier login's access token put back in storage is refused: banner, then forced sign-out", async ({
        sso,
        desktop,
        labClock,
        browserProfile,
        tokens,
        records,
      }) => {
        await sso.signIn();
        const earlier = await tokens.snapshot('first sign-in');
        expect(earlier.stored.location.kind).toBe(STORE_KIND[tokenStorage]);

        // A second login with the cache cleared: the manipulation alone must cause the mismatch.
        await browserProfile.clearCacheAndRestart();
        await sso.signIn();
        const current = await tokens.snapshot('second sign-in');
        expect(records.tokenRequests()).toBe(2);
        expect(current.accessFingerprint).not.toBe(earlier.accessFingerprint);

        await tokens.inject(earlier);
        expect((await tokens.read())?.token).toBe(earlier.stored.token);

        await labClock.runUntil(() => desktop.banner.isVisible(), { max: '1h', description: 'the session banner' });
        const [first, second] = records.signIns();
        const refused = records.events('refresh-refused');
        expect(refused).toHaveLength(4);
        for (const event of refused)
          expect(event.detail).toMatchObject({ reason: 'mismatch', refreshId: second!.detail.refreshId, accessRt: first!.detail.refreshId });
        await desktop.expectBanner();

        await labClock.runUntil(() => desktop.isSignedOut(), { max: '11m', description: 'the forced sign-out' });
        await desktop.expectSignedOut(/could not be kept active/);
        expect(records).toHaveLogged(desktopLogLine('signingOut'), { times: 1 });
      });
    });
  }
}
