import { CONTROL_SECRET_HEADER } from '../../mock/control.ts';
import { SESSION_COOKIE } from '../../mock/finesse/finesse-server.ts';
import type { Lab } from '../../mock/lab.ts';
import { LAB_HOSTS } from '../../mock/lab.ts';
import { expect, test } from './lab-fixture.ts';
import { expectDatedBetween } from './lab-time.ts';

interface ControlAnswer {
  status: number;
  text: string;
}

/** One call to the control surface (plain HTTP on loopback); `secret: null` leaves the header out. */
async function control(lab: Lab, method: string, path: string, options: { body?: string; secret?: string | null } = {}): Promise<ControlAnswer> {
  const secret = options.secret === undefined ? lab.controlSecret : options.secret;
  const response = await fetch(`${lab.urls.control}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { [CONTROL_SECRET_HEADER]: secret }) },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  return { status: response.status, text: await response.text() };
}

const ROUTES: [method: string, path: string, body?: string][] = [
  ['GET', '/clock'],
  ['POST', '/clock', '{"advance":"1h"}'],
  ['GET', '/settings'],
  ['POST', '/settings', '{"profile":"fixed"}'],
  ['GET', '/requests'],
  ['GET', '/events'],
  ['POST', '/reset'],
  ['GET', '/logs/ids'],
  ['GET', '/logs/webservices'],
  ['GET', '/logs/clientlogs'],
];

test.describe('the control surface refuses calls without its secret', () => {
  for (const [method, path, body] of ROUTES) {
    test(`${method} ${path}: 401 without the secret or with a wrong one, and nothing changes`, async ({ lab, signIn }) => {
      await signIn('agent001');
      const before = { aheadMs: lab.clock.aheadMs, settings: lab.settings(), requests: lab.requests.snapshot() };
      const wrong = `${lab.controlSecret.slice(1)}x`;
      for (const secret of [null, '', wrong]) {
        const answer = await control(lab, method, path, { secret, ...(body === undefined ? {} : { body }) });
        expect(answer.status).toBe(401);
        expect(answer.text).not.toContain(lab.controlSecret);
      }
      expect({ aheadMs: lab.clock.aheadMs, settings: lab.settings(), requests: lab.requests.snapshot() }).toEqual(before);
    });
  }
});

test.describe('the control surface with its secret', () => {
  test('POST /clock advances the lab clock, and the Date headers with it', async ({ lab, newAgent }) => {
    const aheadBefore = lab.clock.aheadMs;
    const answer = await control(lab, 'POST', '/clock', { body: '{"advance":"2h"}' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ now: expect.any(Number), aheadMs: aheadBefore + 7_200_000 });
    expect(lab.clock.aheadMs).toBe(aheadBefore + 7_200_000);

    const before = lab.clock.now();
    const response = await newAgent().request('GET', `${lab.urls.finesse}/finesse/api/SystemInfo`);
    expectDatedBetween(response, before, lab.clock.now());
    expect(Date.parse(response.headers.date as string)).toBeGreaterThan(Date.now() + 7_190_000);
  });

  test('GET /clock answers the lab time', async ({ lab }) => {
    const before = lab.clock.now();
    const clock = JSON.parse((await control(lab, 'GET', '/clock')).text) as { now: number; aheadMs: number };
    expect(clock.now).toBeGreaterThanOrEqual(before);
    expect(clock.now).toBeLessThanOrEqual(lab.clock.now());
    expect(clock.aheadMs).toBe(lab.clock.aheadMs);
  });

  test('POST /clock refuses to move the clock back with 400', async ({ lab }) => {
    const aheadBefore = lab.clock.aheadMs;
    expect((await control(lab, 'POST', '/clock', { body: '{"advanceMs":-1000}' })).status).toBe(400);
    expect(lab.clock.aheadMs).toBe(aheadBefore);
  });

  test('POST /settings applies valid values', async ({ lab }) => {
    const answer = await control(lab, 'POST', '/settings', { body: '{"profile":"fixed","accessTtlS":600}' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ profile: 'fixed', accessTtlS: 600 });
    expect(lab.settings()).toMatchObject({ profile: 'fixed', accessTtlS: 600 });
  });

  for (const [what, body] of [
    ['a lifetime out of range', '{"accessTtlS":1}'],
    ['a number given as text', '{"accessTtlS":"3600"}'],
    ['an unknown profile', '{"profile":"broken"}'],
    ['an unknown setting', '{"noSuchSetting":true}'],
    ['a body that is not JSON', 'profile=fixed'],
    ['a JSON array', '[]'],
  ] as const) {
    test(`POST /settings refuses ${what} with 400 and changes nothing`, async ({ lab }) => {
      const before = lab.settings();
      const answer = await control(lab, 'POST', '/settings', { body });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toEqual({ error: expect.any(String) });
      expect(lab.settings()).toEqual(before);
    });
  }

  test('GET /requests counts requests per origin, method and path', async ({ lab, newAgent }) => {
    const agent = newAgent();
    await agent.request('GET', `${lab.urls.finesse}/finesse/api/SystemInfo`);
    await agent.request('GET', `${lab.urls.finesse}/finesse/api/SystemInfo`);
    await agent.request('GET', lab.urls.desktop);
    const answer = await control(lab, 'GET', '/requests');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ 'finesse GET /desktop': 1, 'finesse GET /finesse/api/SystemInfo': 2 });
  });

  test('GET /events and GET /logs/ids show a sign-in', async ({ lab, signIn }) => {
    await signIn('agent001');
    const events = JSON.parse((await control(lab, 'GET', '/events')).text) as { type: string; userId?: string }[];
    expect(events.filter((event) => event.userId === 'agent001').map((event) => event.type)).toEqual(expect.arrayContaining(['idp-sign-in', 'tokens-issued']));
    const idsLog = await control(lab, 'GET', '/logs/ids');
    expect(idsLog.text.trimEnd().split('\n')).toEqual(lab.logs.read('ids'));
    expect(idsLog.text).toContain(' - Created refresh-token {');
  });

  test('POST /reset forgets sessions, counters, events and log lines', async ({ lab, signIn }) => {
    const session = await signIn('agent001');
    lab.configure({ profile: 'fixed' });
    expect((await control(lab, 'POST', '/reset')).status).toBe(200);
    expect(lab.requests.snapshot()).toEqual({});
    expect(lab.events.list()).toEqual([]);
    expect(lab.logs.read('ids')).toEqual([]);
    expect(lab.settings().profile).toBe('affected');

    expect(session.agent.cookies(LAB_HOSTS.finesse)).toHaveProperty(SESSION_COOKIE);
    // The session is gone: the fetch API sends the browser to the IdS again (DevNet client integration).
    const again = await session.fetchTokenResponse();
    expect(again.status).toBe(302);
    expect(String(again.headers.location)).toContain('/ids/v1/oauth/authorize');
  });
});
