import { TOKEN_COOKIE } from '../../mock/finesse/finesse-server.ts';
import { expect, test } from './lab-fixture.ts';

/**
 * The mock's defaults against Cisco's public documents, one test per row of the reference's §8
 * (`finesse-sso.md`), each naming its source. Presence (§8.3) is in desktop-presence.spec.ts.
 */

const elementText = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

/** The elements DevNet's SystemInfo lists (reference §6). */
const SYSTEM_INFO_ELEMENTS = [
  'currentTimestamp', 'deploymentType', 'lastCTIHeartbeatStatus', 'lastSuccessCTIHeartbeatTime', 'ctiVersion', 'ctiHeartbeatInterval',
  'ctiMMode', 'ctiTimeInMMode', 'finesseMMode', 'finesseTimeInMMode', 'license', 'peripheralId', 'primaryNode', 'secondaryNode', 'status',
  'statusReason', 'systemAuthMode', 'timezoneOffset', 'uri', 'xmppDomain', 'xmppPubSubDomain', 'ctiServers',
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
    expect(([] as string[]).concat(refreshed.headers['set-cookie'] ?? [])).toContain(`${TOKEN_COOKIE}=${(JSON.parse(refreshed.body) as { token: string }).token}; Path=/desktop; Secure; SameSite=Strict; HttpOnly`);
  });

  // §8.6: developer.cisco.com/docs/finesse/cisco-finesse-apis: "A successful response is an HTTP return code of 200 or 202".
  test('8.6 a state change PUT succeeds with 200 or 202', async ({ lab, signIn }) => {
    const session = await signIn('agent001');
    const { token } = await session.tokens();
    const response = await session.agent.request('PUT', `${lab.urls.finesse}/finesse/api/User/agent001`, { body: '<User><state>LOGIN</state><extension>1001</extension></User>', headers: { 'content-type': 'application/xml', authorization: `Bearer ${token}` } });
    expect([200, 202]).toContain(response.status);
  });

  // §8.7: developer.cisco.com/docs/finesse/user%e2%80%94change-agent-state/: <ErrorData> names the offending field.
  test('8.7 an API error’s ErrorData names the offending field', async ({ lab, signIn }) => {
    const session = await signIn('agent001');
    const { token } = await session.tokens();
    const put = (body: string) => session.agent.request('PUT', `${lab.urls.finesse}/finesse/api/User/agent001`, { body, headers: { 'content-type': 'application/xml', authorization: `Bearer ${token}` } });
    const badState = await put('<User><state>LUNCH</state></User>');
    expect(badState.status).toBe(400);
    expect(elementText(badState.body, 'ErrorData')).toBe('state');
    expect(elementText((await put('<User><state>LOGIN</state><extension>1002</extension></User>')).body, 'ErrorData')).toBe('extension');
  });
});
