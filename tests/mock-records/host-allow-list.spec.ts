import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import { expect, test } from '../../fixtures/index.ts';
import { browserChoice } from '../../fixtures/harness-config.ts';
import { launchOptions } from '../../src/browser/launch-options.ts';

/**
 * The foreign host is a *.localhost name: Chromium resolves those to loopback by itself, so
 * without the allow-list the request would really arrive at the loopback server below.
 */
const FOREIGN_HOST = 'evil.localhost';

async function countingServer(): Promise<{ server: Server; url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/sso')) requests += 1;
    res.end('<!doctype html><title>Elsewhere</title><h1>Elsewhere</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://${FOREIGN_HOST}:${(server.address() as AddressInfo).port}/sso`, requests: () => requests };
}

test.describe('the host allow-list', () => {
  let foreign: Awaited<ReturnType<typeof countingServer>>;
  test.beforeEach(async () => {
    foreign = await countingServer();
  });
  test.afterEach(async () => {
    await new Promise((resolve) => foreign.server.close(resolve));
  });

  test('control: without the allow-list the browser does reach the foreign host', async () => {
    const browser = await chromium.launch(launchOptions(browserChoice, true));
    try {
      const page = await browser.newPage();
      await page.goto(foreign.url);
      await expect(page.getByRole('heading', { name: 'Elsewhere' })).toBeVisible();
      expect(foreign.requests()).toBe(1);
    } finally {
      await browser.close();
    }
  });

  test('a redirect to a host outside the list stops the run naming the host, and nothing reaches it', async ({ mockLab, sso, hostGuard }) => {
    mockLab.configure({ idpRedirectUrl: foreign.url });
    const signIn = sso.openDesktopThroughIdp();
    // Whichever comes first: the navigation's own name error, the guard closing the page with its reason, or (under load)
    // the navigation aborted by that close before the reason reached it. The refusal below names the host in every case.
    await expect(signIn).rejects.toThrow(/net::ERR_NAME_NOT_RESOLVED|net::ERR_ABORTED|The browser tried to reach evil\.localhost/);
    const refusals = hostGuard.takeRefusals();
    expect(refusals.map((refusal) => refusal.host)).toEqual([FOREIGN_HOST]);
    expect(refusals[0]!.message).toContain('LAB_ALLOWED_HOSTS: finesse.lab.test, ids.lab.test, idp.lab.test, sts.partner.test');
    expect(refusals[0]!.message).not.toContain('SAMLRequest');
    expect(foreign.requests()).toBe(0);
    // The lab itself was reached up to the redirect: the refusal is about the foreign host only.
    expect(mockLab.requests.get('idp GET /adfs/ls/')).toBe(1);
  });
});
