import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../../fixtures/har-recording.ts';
import { hostileSecretList } from '../../mock/hostile/hostile-secrets.ts';
import { scanForSecrets, type NamedSecret } from '../../src/redaction/index.ts';
import { sanitize } from '../../src/redaction/sanitize.ts';

interface HarEntry {
  request: { url: string };
  response: { status: number };
  _fromCache?: string;
  _webSocketMessages?: { type: string; data: string }[];
}

function entriesOf(file: string): HarEntry[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: HarEntry[] } }).log.entries;
}

/**
 * What a customer sends from a lab that carries its secrets under names nobody listed: HARs of a real
 * sign-in to the hostile mock (an Identity Engine JSON sign-in, BOSH with SASL PLAIN, a gadget's `st=`,
 * page tickets, a WebSocket ticket), as Chrome DevTools and Playwright record them. `npm run sanitize`'s
 * copy keeps the story and none of the secrets.
 */
test.describe('HARs of a hostile lab, sanitized', { tag: ['@har', '@redaction'] }, () => {
  test.use({ labSettings: { hostile: true, idpKind: 'okta-identity-engine' } });

  test('no secret of the lab is left; entries, cache marks and WebSocket frames are kept', async ({
    sso,
    agent,
    browserProfile,
    harRecording,
    mockLab: mock,
  }) => {
    const welcomed = (await browserProfile.open()).waitForEvent('websocket').then((socket) => socket.waitForEvent('framereceived'));
    await sso.signIn();
    expect((await welcomed).payload, 'the desktop sent the ticket the page carried').toContain('welcome');
    await expect
      .poll(() => mock.requests.get('finesse POST /http-bind/'), { message: 'BOSH: session, SASL PLAIN, a poll with the sid' })
      .toBeGreaterThanOrEqual(3);
    await browserProfile.close();

    const recorded = entriesOf(harRecording.devtools(1));
    const socket = recorded.find((entry) => entry._webSocketMessages);
    expect(socket?.response.status, 'DevTools records the WebSocket with its frames').toBe(101);
    expect(socket?._webSocketMessages?.map((message) => message.type)).toEqual(['send', 'receive']);
    expect(
      recorded.some((entry) => entry.request.url.includes('/idp/idx/challenge/answer')),
      'the JSON sign-in is in the HAR',
    ).toBe(true);

    const secrets: NamedSecret[] = [
      ...hostileSecretList(mock.hostileSecrets),
      { label: 'password', value: agent.password },
      ...mock.identity.issuedTokens().map((value, index) => ({ label: `issued token ${index + 1}`, value })),
    ];
    expect(await scanForSecrets([harRecording.devtools(1)], secrets), 'the recording holds the secrets, so the scan below means something').not.toEqual([]);

    const out = mkdtempSync(path.join(os.tmpdir(), 'hostile-sanitized-'));
    try {
      for (const har of [harRecording.devtools(1), harRecording.playwright(1)]) {
        const copy = path.join(out, path.basename(har));
        const result = await sanitize(har, copy);
        expect(Object.keys(result.replacements).length, har).toBeGreaterThan(0);
        expect(await scanForSecrets([copy], secrets), har).toEqual([]);
        const before = entriesOf(har);
        const after = entriesOf(copy);
        expect(
          after.map((entry) => [
            new URL(entry.request.url).pathname,
            entry.response.status,
            entry._fromCache ?? null,
            entry._webSocketMessages?.length ?? null,
          ]),
        ).toEqual(
          before.map((entry) => [
            new URL(entry.request.url).pathname,
            entry.response.status,
            entry._fromCache ?? null,
            entry._webSocketMessages?.length ?? null,
          ]),
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
