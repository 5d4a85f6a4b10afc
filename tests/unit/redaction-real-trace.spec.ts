import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { loadConfig } from '../../src/config/load.ts';
import { launchOptions } from '../../src/browser/launch-options.ts';
import { resolveBrowser } from '../../src/browser/resolve.ts';
import type { CanarySet } from '../../src/redaction/index.ts';
import { plantCanaries, redactArtifact, scanForTokenShapes } from '../../src/redaction/index.ts';
import { scanBytes } from './fixtures/redaction/scan-bytes.ts';

function signInServer(canaries: CanarySet): http.Server {
  return http.createServer((request, response) => {
    if (request.url === '/desktop/sso/token') {
      request.resume();
      response.setHeader('content-type', 'application/json');
      response.setHeader('set-cookie', `JSESSIONID=${canaries.cookie}; Path=/; HttpOnly`);
      response.end(JSON.stringify({ token: canaries.accessToken, refresh_token: canaries.refreshToken, expires_in: 3600, user_id: 'Agent2' }));
      return;
    }
    response.setHeader('content-type', 'text/html');
    response.end(
      `<form><input id="userNameInput" name="UserName"><input id="passwordInput" type="password" name="Password">` +
        `<input type="hidden" name="SAMLResponse" value="${canaries.samlResponse}"></form><div id="out"></div>` +
        `<script>fetch('/desktop/sso/token').then(r => r.json()).then(t => {` +
        ` document.getElementById('out').textContent = t.token; console.log('token', t.token);` +
        ` return fetch('/desktop/sso/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },` +
        ` body: 'token=' + encodeURIComponent(t.token) + '&refresh-token=' + encodeURIComponent(t.refresh_token) }); })</script>`,
    );
  });
}

/** Signs in on a loopback page with tracing on and returns the trace.zip Playwright wrote. */
async function recordTrace(canaries: CanarySet, scratch: string): Promise<Buffer> {
  const server = signInServer(canaries);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Traces go to a private folder: the shared reports/ folder is emptied by any other test run.
  const browser = await chromium.launch({ ...launchOptions(resolveBrowser(loadConfig().browser, true), true), tracesDir: scratch });
  const tracePath = path.join(scratch, 'unredacted-trace.zip');
  try {
    const context = await browser.newContext();
    await context.tracing.start({ screenshots: true, snapshots: true });
    const page = await context.newPage();
    const refreshed = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.goto(`http://127.0.0.1:${port}/desktop?code=${canaries.authorizationCode}&state=${canaries.state}`);
    await page.fill('#userNameInput', 'Agent2');
    await page.fill('#passwordInput', canaries.password);
    await refreshed;
    await context.tracing.stop({ path: tracePath });
  } finally {
    await browser.close();
    server.close();
  }
  return readFile(tracePath);
}

/**
 * The trace redactor on a trace Playwright itself wrote (not a copy of its format): a loopback
 * sign-in page, a password typed, a token response with a cookie, the Finesse refresh form post,
 * the token echoed to the console and the DOM. A few seconds, most of it the browser start.
 */
test('a real Playwright trace of a sign-in and a token refresh leaks no planted secret after redaction', async () => {
  test.setTimeout(60_000);
  const canaries = plantCanaries();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'redaction-real-trace-'));
  try {
    const raw = await recordTrace(canaries, scratch);
    const leakedBefore = new Set((await scanBytes('trace.zip', raw, canaries.secrets)).map((hit) => hit.kind === 'secret' && hit.label));
    expect(leakedBefore).toEqual(new Set(['password', 'access-token', 'refresh-token', 'cookie', 'saml-response', 'code', 'state', 'canary-marker']));

    const result = redactArtifact('trace.zip', raw);
    if (result.kind !== 'redacted') throw new Error(`trace withheld: ${result.reason}`);
    expect(await scanBytes('trace.zip', result.bytes, canaries.secrets)).toEqual([]);
    const redactedPath = path.join(scratch, 'redacted-trace.zip');
    await writeFile(redactedPath, result.bytes);
    expect(await scanForTokenShapes([redactedPath])).toEqual([]);
    expect(Object.keys(result.replacements)).toEqual(expect.arrayContaining(['password', 'cookie', 'saml-response', 'code', 'state']));
    expect(result.withheldParts).toEqual([]);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});
