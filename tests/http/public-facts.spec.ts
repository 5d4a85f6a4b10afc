import { X509Certificate, createPublicKey } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compactVerify } from 'jose';
import { TOKEN_COOKIE } from '../../mock/finesse/finesse-server.ts';
import { expect, test } from './lab-fixture.ts';

/**
 * The mock's defaults against Cisco's public documents, one test per row of the reference's §8
 * (`finesse-sso.md`), each naming its source. Presence (§8.3) is in desktop-presence.spec.ts.
 */

const elementText = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

/** The elements DevNet's SystemInfo lists (reference §6). */
const SYSTEM_INFO_ELEMENTS = [
  'currentTimestamp',
  'deploymentType',
  'lastCTIHeartbeatStatus',
  'lastSuccessCTIHeartbeatTime',
  'ctiVersion',
  'ctiHeartbeatInterval',
  'ctiMMode',
  'ctiTimeInMMode',
  'finesseMMode',
  'finesseTimeInMMode',
  'license',
  'peripheralId',
  'primaryNode',
  'secondaryNode',
  'status',
  'statusReason',
  'systemAuthMode',
  'timezoneOffset',
  'uri',
  'xmppDomain',
  'xmppPubSubDomain',
  'ctiServers',
];

test.describe('the mock follows Cisco’s public documents (reference §8)', () => {
  // §8.1: developer.cisco.com/docs/finesse/systeminfo and …/systeminfo-api-parameters.
  test('8.1 SystemInfo has every documented element, an integer ctiVersion and no product-version element', async ({ lab, newAgent }) => {
    const { body } = await newAgent().request('GET', `${lab.urls.finesse}/finesse/api/SystemInfo`);
    for (const element of SYSTEM_INFO_ELEMENTS) expect(body, element).toContain(`<${element}>`);
    expect(elementText(body, 'ctiVersion')).toMatch(/^\d+$/);
    expect(elementText(body, 'deploymentType')).toBe('UCCE');
    expect(body).not.toMatch(/<version>|<idsVersion>/);
    lab.configure({ deploymentType: 'UCCX' });
    expect(elementText((await newAgent().request('GET', `${lab.urls.finesse}/finesse/api/SystemInfo`)).body, 'deploymentType')).toBe('UCCX');
  });

  // §8.2: TAC 215626 (zh_cn / ja_jp): the native desktop keeps the token in a session cookie.
  test('8.2 the token GET sets the access token as an HttpOnly session cookie, and a refresh renews it', async ({ signIn }) => {
    const session = await signIn('agent001');
    const response = await session.fetchTokenResponse();
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((line) => line.startsWith(`${TOKEN_COOKIE}=`));
    const { token } = JSON.parse(response.body) as { token: string };
    expect(cookie).toBe(`${TOKEN_COOKIE}=${token}; Path=/desktop; Secure; SameSite=Strict; HttpOnly`);
    const refreshed = await session.refresh(token);
    expect(([] as string[]).concat(refreshed.headers['set-cookie'] ?? [])).toContain(
      `${TOKEN_COOKIE}=${(JSON.parse(refreshed.body) as { token: string }).token}; Path=/desktop; Secure; SameSite=Strict; HttpOnly`,
    );
  });

  // §8.4: developer.cisco.com/docs/finesse/client-side-token-validation and …/single-sign-on/.
  test(
    '8.4 IdS 12.6(2) signs its tokens RS256 and publishes the key at three paths',
    { annotation: { type: 'detail', description: 'the paths: /ids/v1/keys/token/public, /csr and /x509' } },
    async ({ lab, signIn, newAgent }) => {
      const { token, refresh_token } = await (await signIn('agent001')).tokens();
      const basic = `Basic ${Buffer.from(`${lab.idsClient.clientId}:${lab.idsClient.clientSecret}`).toString('base64')}`;
      const keyUrl = `${lab.urls.ids}/ids/v1/keys/token/public`;
      expect((await newAgent().request('GET', keyUrl)).status, 'protected: client credentials needed').toBe(401);
      const key = await newAgent().request('GET', keyUrl, { headers: { authorization: basic } });
      expect(key.status).toBe(200);
      expect(key.headers['content-type']).toBe('text/plain;charset=UTF-8');
      for (const jws of [token, refresh_token]) {
        expect(jws.split('.')).toHaveLength(3);
        const { protectedHeader, payload } = await compactVerify(jws, createPublicKey(key.body));
        expect(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8')).toBe('{"cty":"JWT","alg":"RS256"}');
        expect(protectedHeader).toEqual({ cty: 'JWT', alg: 'RS256' });
        expect(Object.keys(JSON.parse(new TextDecoder().decode(payload)) as object)).toEqual(['iss', 'iat', 'exp', 'jti', 'sub']);
      }
      const x509 = await newAgent().request('GET', `${keyUrl}/x509?download=true`, { headers: { authorization: basic } });
      expect(x509.headers['content-disposition']).toBe('attachment; filename="public.crt"');
      expect(new X509Certificate(x509.body).publicKey.export({ type: 'spki', format: 'pem' })).toBe(key.body);
      expect((await newAgent().request('GET', `${keyUrl}/csr`, { headers: { authorization: basic } })).body).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
      // Before 12.6(2), or with "Encrypt Token" on, the tokens are encrypted (JWE, five segments).
      for (const settings of [{ idsVersion: '12.6(1)' }, { tokenEncryption: true }]) {
        lab.configure(settings);
        expect((await (await signIn('agent001')).tokens()).token.split('.'), JSON.stringify(settings)).toHaveLength(5);
      }
    },
  );

  // §8.5: developer.cisco.com/docs/finesse/client-integration/ and reference §2.4 (DG125-190, TAC 215626).
  test(
    '8.5 the fetch API redirects to the IdS without a session and honours its parameters',
    { annotation: { type: 'detail', description: 'the parameters: cc_username and return_refresh_token' } },
    async ({ lab, newAgent, signIn, agentPassword }) => {
      const tokenUrl = `${lab.urls.finesse}/desktop/sso/token`;
      const first = await newAgent().request('GET', `${tokenUrl}?cc_username=agent001&return_refresh_token=true`);
      expect(first.status).toBe(302);
      expect(new URL(first.headers.location as string).href).toMatch(new RegExp(`^${lab.urls.ids}/ids/v1/oauth/authorize\\?`));
      // Through the IdS and the IdP and back to the fetch API: the token JSON, with the refresh token asked for.
      const answer = await newAgent().signIn(`${tokenUrl}?cc_username=agent001&return_refresh_token=true`, 'agent001', agentPassword);
      expect(answer.status).toBe(200);
      expect(Object.keys(JSON.parse(answer.body) as object)).toEqual(['token', 'refresh_token', 'expires_in', 'user_id', 'realm', 'user_principal']);
      const session = await signIn('agent001');
      expect(Object.keys(JSON.parse((await session.agent.request('GET', tokenUrl)).body) as object)).not.toContain('refresh_token');
      const otherUser = await session.agent.request('GET', `${tokenUrl}?cc_username=agent002`);
      expect(otherUser.status, 'a session of another user is no session for cc_username').toBe(302);
    },
  );

  // §8.6: developer.cisco.com/docs/finesse/cisco-finesse-apis: "A successful response is an HTTP return code of 200 or 202".
  test('8.6 a state change PUT succeeds with 200 or 202', async ({ lab, signIn }) => {
    const session = await signIn('agent001');
    const { token } = await session.tokens();
    const response = await session.agent.request('PUT', `${lab.urls.finesse}/finesse/api/User/agent001`, {
      body: '<User><state>LOGIN</state><extension>1001</extension></User>',
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${token}` },
    });
    expect([200, 202]).toContain(response.status);
  });

  // §8.7: developer.cisco.com/docs/finesse/user%e2%80%94change-agent-state/: <ErrorData> names the offending field.
  test('8.7 an API error’s ErrorData names the offending field', async ({ lab, signIn }) => {
    const session = await signIn('agent001');
    const { token } = await session.tokens();
    const put = (body: string) =>
      session.agent.request('PUT', `${lab.urls.finesse}/finesse/api/User/agent001`, {
        body,
        headers: { 'content-type': 'application/xml', authorization: `Bearer ${token}` },
      });
    const badState = await put('<User><state>LUNCH</state></User>');
    expect(badState.status).toBe(400);
    expect(elementText(badState.body, 'ErrorData')).toBe('state');
    expect(elementText((await put('<User><state>LOGIN</state><extension>1002</extension></User>')).body, 'ErrorData')).toBe('extension');
  });

  // §8.8: DocWiki "Workflows: Analyzing client logs" (Send Error Report uploads to clientlogs, named with agent id and a
  // timestamp); DevNet ClientLog, ClientLog API parameters (logData ≤ 1,048,576 characters) and ClientLog API errors.
  test('8.8 client logs reach clientlogs/ only by the ClientLog API, a file named by agent id and time', async ({ lab, signIn, newAgent }) => {
    const session = await signIn('agent001');
    expect(lab.logs.read('clientlogs'), 'signing in uploads nothing').toEqual([]);
    const url = (id: string) => `${lab.urls.finesse}/finesse/api/User/${id}/ClientLog`;
    const post = (body: string, id = 'agent001', agent = session.agent) =>
      agent.request('POST', url(id), { body, headers: { 'content-type': 'application/xml' } });
    const line =
      '2026-11-26T16:20:00.010 +00:00: C5E373: finesse.lab.test: Nov 26 2026 16:20:00.018 +0000: Header : Unable to refresh access token after 3 retries. User will be logged out in some time';

    expect((await post(`<ClientLog><logData>${line.replace(/&/g, '&amp;')}</logData></ClientLog>`)).status).toBe(202);
    const files = readdirSync(lab.logs.folder('clientlogs'));
    expect(files).toEqual([expect.stringMatching(/^agent001_\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.log$/)]);
    expect(readFileSync(path.join(lab.logs.folder('clientlogs'), files[0]!), 'utf8')).toBe(`${line}\n`);

    const refusals = [
      [await post('<ClientLog></ClientLog>'), 400, 'Parameter Missing'],
      [await post(`<ClientLog><logData>${'x'.repeat(1_048_577)}</logData></ClientLog>`), 400, 'Invalid Input'],
      [await post(`<ClientLog><logData>${line}</logData></ClientLog>`, 'agent002'), 401, 'Invalid Authorization User Specified'],
      [await post(`<ClientLog><logData>${line}</logData></ClientLog>`, 'agent001', newAgent()), 401, 'Authorization Failure'],
      [await session.agent.request('GET', url('agent001')), 405, 'Method Not Allowed'],
    ] as const;
    expect(refusals.map(([response]) => [response.status, elementText(response.body, 'ErrorType')])).toEqual(
      refusals.map(([, status, type]) => [status, type]),
    );
    expect(readdirSync(lab.logs.folder('clientlogs')), 'a refused upload writes nothing').toHaveLength(1);
    const streamed = await session.agent.request('POST', `${lab.urls.finesse}/desktop/logs/client`, {
      body: '{"lines":[]}',
      headers: { 'content-type': 'application/json' },
    });
    expect(streamed.status, 'no streaming endpoint: the desktop keeps its log until Send Error Report').toBe(404);
  });
});
