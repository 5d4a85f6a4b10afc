import { GrantRefused } from '../../mock/ids/identity-service.ts';
import { expect, test } from './lab-fixture.ts';
import { HEX40 } from './seed-lines.ts';
import { tokenClaims } from './token-claims.ts';

test.describe('a refresh through Finesse (POST /desktop/sso/token)', () => {
  test('rotates the pair: a new access token whose rt names a new refresh token, which Finesse now holds', async ({ lab, signIn }) => {
    const session = await signIn('agent001');
    const before = await session.tokens();
    const oldAccess = await tokenClaims(lab, before.token, 'access');

    const response = await session.refresh(before.token);
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(body).toEqual({ token: expect.any(String), expires_in: 3600, user_id: 'agent001', realm: 'lab.test', user_principal: 'agent001@lab.test' });
    const newAccess = await tokenClaims(lab, body.token as string, 'access');
    expect(newAccess.token).not.toBe(oldAccess.token);
    expect(newAccess.rt).toMatch(HEX40);
    expect(newAccess.rt).not.toBe(oldAccess.rt);

    const after = await session.tokens();
    expect(after.token).toBe(body.token);
    expect((await tokenClaims(lab, after.refresh_token, 'refresh')).token).toBe(newAccess.rt);
  });

  test(
    'retires the old refresh token: the IdS refuses it afterwards as already used',
    { annotation: { type: 'detail', description: 'the refusal: 401 invalid_grant "Refresh token already used"' } },
    async ({ lab, signIn }) => {
      const session = await signIn('agent001');
      const old = await session.tokens();
      expect((await session.refresh(old.token)).status).toBe(200);

      // Straight to the IdS's token rules: Finesse always sends the refresh token it holds now, and
      // the IdS endpoint needs Finesse's client secret, which the lab keeps to itself.
      const refusal = await lab.identity.refresh(old.token, old.refresh_token).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(GrantRefused);
      expect(refusal).toMatchObject({ reason: 'already-used', status: 401, body: { error: 'invalid_grant', error_description: 'Refresh token already used' } });
    },
  );

  test('records refresh-ok naming the refresh token it rotated', async ({ lab, signIn }) => {
    const session = await signIn('agent001');
    const old = await session.tokens();
    await session.refresh(old.token);

    const oldRefreshId = (await tokenClaims(lab, old.refresh_token, 'refresh')).token;
    const events = lab.events.list({ type: 'refresh-ok' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ userId: 'agent001', detail: { previousRefreshId: oldRefreshId } });
  });
});
