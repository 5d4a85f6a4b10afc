import { expect, test } from './lab-fixture.ts';

test.describe('injected faults at the HTTP level', { tag: '@fault' }, () => {
  test(
    'lost-refresh-response: the retry after a lost rotation answer is refused as already used',
    {
      annotation: {
        type: 'detail',
        description: 'the IdS rotates the pair, Finesse loses the answer and says 503; the retry gets 401 invalid_grant "Refresh token already used"',
      },
    },
    async ({ lab, signIn }) => {
      const session = await signIn('agent001');
      const { token } = await session.tokens();
      lab.configure({ fault: 'lost-refresh-response' });

      const lost = await session.refresh(token);
      expect(lost.status).toBe(503);
      expect(JSON.parse(lost.body)).toEqual({ errorType: 'Service Unavailable', errorData: '', errorMessage: 'Identity Service unreachable' });
      expect(lab.events.list({ type: 'refresh-ok' }), 'the IdS did rotate the pair').toHaveLength(1);

      const retry = await session.refresh(token);
      expect(retry.status).toBe(401);
      expect(JSON.parse(retry.body)).toEqual({ errorType: 'invalid_grant', errorData: '', errorMessage: 'Refresh token already used' });
      expect(lab.events.list({ type: 'refresh-refused' }).map((event) => event.detail.reason)).toEqual(['already-used']);
      expect(
        lab.logs
          .read('webservices')
          .filter((line) => line.startsWith('com.cisco.ccbu.common.ids.client.IdsRestClientException: java.net.SocketException: Connection reset')),
      ).toHaveLength(1);
    },
  );

  test('ids-unreachable: refused connections for faultDurationS of lab time, then the IdS answers again', async ({ lab, signIn }) => {
    const session = await signIn('agent001');
    const { token } = await session.tokens();
    lab.configure({ fault: 'ids-unreachable', faultDurationS: 120 });

    const during = await session.refresh(token);
    expect(during.status).toBe(503);
    expect(lab.logs.read('webservices').filter((line) => line.includes('IdsRestClientException: java.net.ConnectException: Connection refused'))).toHaveLength(
      1,
    );
    lab.clock.advance(119_000);
    expect((await session.refresh(token)).status, 'still down 1 s before the end').toBe(503);
    lab.clock.advance(1_000);
    expect((await session.refresh(token)).status).toBe(200);
    expect(lab.events.list({ type: 'fault' }).map((event) => event.detail.state)).toEqual(['down', 'up']);
  });

  test('a lab reset ends an outage', async ({ lab, signIn }) => {
    lab.configure({ fault: 'ids-unreachable', faultDurationS: 3600 });
    lab.reset();
    expect(lab.settings().fault).toBe('none');
    const session = await signIn('agent001');
    expect((await session.refresh((await session.tokens()).token)).status).toBe(200);
  });

  test('fault settings are checked: unknown fault, durations and skews out of range, all named at once', ({ lab }) => {
    expect(() => lab.configure({ fault: 'meteor' as never, faultDurationS: 0, agentClockSkewS: 100_000, idpClockSkewS: -100_000 })).toThrow(
      'invalid lab settings: faultDurationS: expected 1 to 86400; agentClockSkewS: expected -86400 to 86400; idpClockSkewS: expected -86400 to 86400; fault: expected none, lost-refresh-response, ids-unreachable',
    );
  });
});
