import type { Page } from '@playwright/test';
import { expect, test } from '../../../fixtures/index.ts';
import { analyzeInputs } from '../../../src/analyzer/analyze.ts';

/** The session banner of one tab, located as the desktop page model does. */
const bannerOf = (page: Page) => page.getByRole('alert').filter({ has: page.getByRole('timer') });

test.describe('two desktop tabs of the same agent', { tag: '@fault' }, () => {
  // The second tab reads the same token response (from the cache, with the same Date): both refresh timers fire together.
  // Each tab holds its own token (sessionStorage is per tab, INFERRED lab setting): with Finesse's session cookie the tabs share one.
  test.use({ labSettings: { profile: 'affected', tokenStorage: 'sessionStorage' } });

  test('two tabs refresh at once: one is refused as a mismatch; the analyzer names concurrent-refresh', async ({
    sso,
    labClock,
    lab,
    browserProfile,
    records,
    mockLab: mock,
  }) => {
    await sso.signIn();
    const second = await browserProfile.context.newPage();
    await second.goto(lab.desktopUrl);
    await expect(second.getByLabel('Extension')).toBeVisible();
    const tabs = [browserProfile.page, second];

    await labClock.runUntil(async () => (await Promise.all(tabs.map((tab) => bannerOf(tab).isVisible()))).some(Boolean), {
      max: '1h',
      description: 'a session banner in either tab',
    });
    const withBanner = await Promise.all(tabs.map((tab) => bannerOf(tab).isVisible()));
    expect(withBanner.filter(Boolean), 'exactly one tab lost the race').toHaveLength(1);
    expect(records.count('refresh-ok'), 'the other tab rotated the pair').toBe(1);
    const refused = records.events('refresh-refused');
    // Both requests may reach Finesse before the rotation: the loser's first one then replays the same refresh token.
    expect(['mismatch', 'already-used']).toContain(refused[0]!.detail.reason);
    expect(refused.slice(1).map((event) => event.detail.reason)).toEqual(['mismatch', 'mismatch', 'mismatch']);
    const [rotation] = records.events('refresh-ok');
    for (const event of refused)
      expect(event.detail.accessRt, 'the loser presented the access token of the rotated pair').toBe(rotation!.detail.previousRefreshId);

    const signatures = (await analyzeInputs([mock.logs.root])).findings.map((finding) => finding.signature);
    expect(signatures).toContain('concurrent-refresh');
    expect(signatures).not.toContain('refresh-token-mismatch');
    expect(signatures).not.toContain('rotated-refresh-token-replayed');
  });
});
