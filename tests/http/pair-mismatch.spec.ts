import type { AgentResponse } from '../../mock/browserless-agent.ts';
import type { DesktopSession, TokenResponse } from './desktop-session.ts';
import { expect, test, type HttpLabFixtures } from './lab-fixture.ts';
import { parseServerLog } from './server-log.ts';
import { INVALID_TOKEN_API_ERROR, INVALID_TOKEN_BODY, expectIdsRefusal, idsTokenUrl } from './seed-lines.ts';
import { tokenClaims } from './token-claims.ts';

/** Two ways the desktop ends up presenting an access token of an older login than Finesse's refresh token. */
const SCENARIOS: { name: string; secondLogin: (first: DesktopSession, signIn: HttpLabFixtures['signIn']) => Promise<DesktopSession> }[] = [
  {
    // The seed: session cookies go with the browser, the cached token response stays.
    name: 'the old access token after a browser restart and a new sign-in',
    secondLogin: (first, signIn) => {
      first.agent.forgetCookies();
      return signIn(first.userId, first.agent);
    },
  },
  {
    name: 'the access token of a sign-in in another browser',
    secondLogin: (first, signIn) => signIn(first.userId),
  },
];

interface Mismatch {
  stale: TokenResponse;
  current: TokenResponse;
  response: AgentResponse;
}

for (const scenario of SCENARIOS) {
  test.describe(`a refresh presenting ${scenario.name}`, () => {
    const presentStalePair = async (signIn: HttpLabFixtures['signIn']): Promise<Mismatch> => {
      const first = await signIn('agent001');
      const stale = await first.tokens();
      const second = await scenario.secondLogin(first, signIn);
      const current = await second.tokens();
      return { stale, current, response: await second.refresh(stale.token) };
    };

    test('is refused: the IdS answers exactly 401 Invalid Token and Finesse passes it on', async ({ lab, signIn }) => {
      const { response } = await presentStalePair(signIn);
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toEqual(INVALID_TOKEN_API_ERROR);
      // The IdS's status and body, as Finesse's IdS client received and logged them.
      const idsAnswers = parseServerLog(lab.logs.read('webservices')).filter((entry) => entry.source === 'IdsRESTClient.java:127');
      expect(idsAnswers.map((entry) => entry.exception)).toEqual([`com.cisco.ccbu.common.ids.client.IdsRestClientException: 401 : ${INVALID_TOKEN_BODY}`]);
      expect(lab.events.list({ type: 'refresh-refused' }).map((event) => event.detail.reason)).toEqual(['mismatch']);
    });

    test('makes the IdS log the mismatch with the current refresh id and the stale access token’s rt', async ({ lab, signIn }) => {
      const { stale, current } = await presentStalePair(signIn);
      const currentRefreshId = (await tokenClaims(lab, current.refresh_token, 'refresh')).token;
      const staleRt = (await tokenClaims(lab, stale.token, 'access')).rt;
      expect(staleRt).not.toBe(currentRefreshId);
      expectIdsRefusal(
        lab,
        'IdSRefreshTokenRequestValidator.java:115',
        `refresh token id mismatch.. refresh token id in refresh token is ${currentRefreshId}; in access token is ${staleRt}`,
      );
    });

    test('makes Finesse log the seed’s five webservices lines with the pair it sent', async ({ lab, signIn }) => {
      const { stale, current } = await presentStalePair(signIn);
      const lines = lab.logs.read('webservices');
      const first = lines.findIndex((line) => line.includes(' Utils.java:526 - '));
      const refusal = parseServerLog(lines.slice(first, first + 5));
      const line = (level: string, logger: string, source: string, message: string) => ({
        at: expect.any(Number),
        thread: refusal[0]!.thread,
        level,
        logger,
        source,
        message,
      });
      expect(refusal).toEqual([
        line('WARN', 'c.c.c.common.ids.client.util.Utils', 'Utils.java:526', `${idsTokenUrl(lab)} threw error ${INVALID_TOKEN_BODY}`),
        line(
          'INFO',
          'c.c.c.c.i.c.APIErrorDeserializer',
          'APIErrorDeserializer.java:64',
          `Received JSON response from REST Call. Response is : ${INVALID_TOKEN_BODY}`,
        ),
        line(
          'INFO',
          'c.c.c.c.i.c.APIErrorDeserializer',
          'APIErrorDeserializer.java:87',
          `The APIError constructed is ${JSON.stringify(INVALID_TOKEN_API_ERROR)}`,
        ),
        {
          ...line(
            'ERROR',
            'c.c.c.c.ids.client.IdsRESTClient',
            'IdsRESTClient.java:127',
            `Error refreshing access token with request: <grant_type=refresh_token&access_token=${stale.token}&refresh_token=${current.refresh_token}>`,
          ),
          exception: `com.cisco.ccbu.common.ids.client.IdsRestClientException: 401 : ${INVALID_TOKEN_BODY}`,
        },
      ]);
      expect(refusal[0]!.thread).toMatch(/^http-apr-8445-exec-\d+$/);
    });
  });
}
