import { expect, test } from './lab-fixture.ts';
import { REFRESH_TOKEN_EXPIRED } from '../../mock/ids/identity-service.ts';
import { expectIdsRefusal } from './seed-lines.ts';
import { tokenClaims } from './token-claims.ts';

const REFRESH_TTL_S = 20;

test.describe('a refresh token’s lifetime', () => {
  test.beforeEach(({ lab }) => lab.configure({ refreshTtlS: REFRESH_TTL_S }));

  test('a refresh just before the refresh token expires is honoured', async ({ lab, signIn }) => {
    const session = await signIn('agent001');
    const { token } = await session.tokens();
    lab.clock.advance((REFRESH_TTL_S - 2) * 1000);
    expect((await session.refresh(token)).status).toBe(200);
  });

  test(
    'a refresh after the refresh token expired is refused: 401 invalid_grant "Refresh token expired"',
    { annotation: { type: 'detail', description: 'the IdS logs its "refresh token expired.." line' } },
    async ({ lab, signIn }) => {
      const session = await signIn('agent001');
      const { token, refresh_token } = await session.tokens();
      lab.clock.advance((REFRESH_TTL_S + 1) * 1000);

      const response = await session.refresh(token);
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toEqual({
        errorType: REFRESH_TOKEN_EXPIRED.error,
        errorData: '',
        errorMessage: REFRESH_TOKEN_EXPIRED.error_description,
      });
      const refresh = await tokenClaims(lab, refresh_token, 'refresh');
      expectIdsRefusal(
        lab,
        'IdSRefreshTokenRequestValidator.java:98',
        `refresh token expired.. refresh token id ${refresh.token} expired at ${new Date(refresh.expiry).toISOString()}`,
        'org.apache.oltu.oauth2.common.exception.OAuthProblemException: invalid_grant, Refresh token expired',
      );
      expect(lab.events.list({ type: 'refresh-refused' }).map((event) => event.detail.reason)).toEqual(['expired']);
    },
  );
});
