import { autoPostForm, type AgentResponse } from '../../mock/browserless-agent.ts';
import { SESSION_COOKIE } from '../../mock/finesse/finesse-server.ts';
import { escapeHtml } from '../../mock/http/html.ts';
import { IDP_SESSION_COOKIE } from '../../mock/idp/idp-server.ts';
import { IDX_ANSWER_PATH } from '../../mock/idp/sign-in-forms.ts';
import { LAB_HOSTS } from '../../mock/lab.ts';
import { expect, test } from './lab-fixture.ts';
import { expectDatedBetween } from './lab-time.ts';

const WRONG_PASSWORD_ERROR = 'Incorrect user ID or password. Type the correct user ID and password, and try again.';

function redirectTarget(response: AgentResponse): URL {
  expect(response.status, `${response.url} should redirect`).toBe(302);
  return new URL(response.headers.location as string, response.url);
}

function selfPostingForm(response: AgentResponse): { action: string; fields: Record<string, string> } {
  expect(response.status).toBe(200);
  const form = autoPostForm(response.body);
  if (!form) throw new Error(`${response.url} did not answer a self-posting form: ${response.body.slice(0, 200)}`);
  return form;
}

test.describe('the authorization-code flow over HTTP', () => {
  test('walks desktop → IdS authorize → IdP form → SAML post → relay → authcode → desktop', async ({ lab, newAgent, agentPassword }) => {
    const agent = newAgent();
    const authorize = redirectTarget(await agent.request('GET', lab.urls.desktop));
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${lab.urls.ids}/ids/v1/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      client_id: lab.identity.identity.clientId,
      redirect_uri: `${lab.urls.finesse}/desktop/sso/authcode`,
      response_type: 'code',
      state: expect.stringMatching(/^[0-9a-f]+$/),
    });

    const idp = redirectTarget(await agent.request('GET', authorize.href));
    expect(`${idp.origin}${idp.pathname}`).toBe(`${lab.urls.idp}/adfs/ls/`);
    expect([...idp.searchParams.keys()].sort()).toEqual(['RelayState', 'SAMLRequest']);
    const signInPage = await agent.request('GET', idp.href);
    expect(signInPage.status).toBe(200);
    expect(signInPage.body).toContain(`id="loginForm" autocomplete="off" novalidate action="${escapeHtml(idp.pathname + idp.search)}"`);
    for (const control of ['id="userNameInput" name="UserName"', 'id="passwordInput" name="Password"', 'id="submitButton"'])
      expect(signInPage.body).toContain(control);

    const samlPost = selfPostingForm(await agent.post(idp.href, { UserName: 'agent001', Password: agentPassword, AuthMethod: 'FormsAuthentication' }));
    expect(agent.cookies(LAB_HOSTS.idp)).toHaveProperty(IDP_SESSION_COOKIE);
    expect(samlPost.action).toBe(`${lab.urls.ids}/ids/saml/response?metaAlias=/sp`);
    expect(samlPost.fields).toEqual({ SAMLResponse: expect.any(String), RelayState: idp.searchParams.get('RelayState') });

    const relay = selfPostingForm(await agent.post(samlPost.action, samlPost.fields));
    expect(relay.action).toBe(`${lab.urls.ids}/ids/relay`);
    expect(Object.keys(relay.fields)).toEqual(['uniqueId']);

    const authcode = redirectTarget(await agent.post(relay.action, relay.fields));
    expect(`${authcode.origin}${authcode.pathname}`).toBe(`${lab.urls.finesse}/desktop/sso/authcode`);
    expect(authcode.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    expect(authcode.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);

    const desktop = redirectTarget(await agent.request('GET', authcode.href));
    expect(desktop.href).toBe(lab.urls.desktop);
    expect(agent.cookies(LAB_HOSTS.finesse)).toHaveProperty(SESSION_COOKIE);
    const page = await agent.request('GET', desktop.href);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Cisco Finesse</title>');
  });

  test('a wrong password re-renders the IdP form with the error and sets no IdP session cookie', async ({ lab, newAgent }) => {
    const agent = newAgent();
    const signInPage = await agent.navigate(lab.urls.desktop);
    const answer = await agent.post(signInPage.url, { UserName: 'agent001', Password: 'not-the-password', AuthMethod: 'FormsAuthentication' });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(`<span id="errorText">${escapeHtml(WRONG_PASSWORD_ERROR)}</span>`);
    expect(answer.body).toContain('id="userNameInput" name="UserName" type="email" value="agent001"');
    expect(autoPostForm(answer.body)).toBeUndefined();
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(agent.cookies(LAB_HOSTS.idp)).not.toHaveProperty(IDP_SESSION_COOKIE);
  });

  test('Okta Identity Engine: the password step goes as JSON credentials.passcode, the answer redirects on', async ({ lab, newAgent, agentPassword }) => {
    lab.configure({ idpKind: 'okta-identity-engine' });
    const agent = newAgent();
    const identify = await agent.navigate(lab.urls.desktop);
    const passwordStep = await agent.post(identify.url, { identifier: 'agent001' });
    expect(passwordStep.body).toContain(`fetch(${JSON.stringify(IDX_ANSWER_PATH)} + location.search`);
    const search = new URL(identify.url).search;
    const answerStep = (passcode: string) =>
      agent.request('POST', `${lab.urls.idp}${IDX_ANSWER_PATH}${search}`, {
        body: JSON.stringify({ identifier: 'agent001', credentials: { passcode }, stateHandle: 'h' }),
        headers: { 'content-type': 'application/json' },
      });

    const refused = await answerStep('not-the-password');
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toEqual({ messages: { type: 'array', value: [{ message: WRONG_PASSWORD_ERROR, class: 'ERROR' }] } });

    const passed = await answerStep(agentPassword);
    const next = new URL((JSON.parse(passed.body) as { success: { href: string } }).success.href, lab.urls.idp);
    expect(next.searchParams.get('stateToken')).toMatch(/^[\w-]{32}$/);
    const samlPost = selfPostingForm(await agent.request('GET', next.href));
    expect(samlPost.action).toBe(`${lab.urls.ids}/ids/saml/response?metaAlias=/sp`);
    expect(agent.cookies(LAB_HOSTS.idp)).toHaveProperty(IDP_SESSION_COOKIE);
    expect(lab.events.list({ type: 'idp-sign-in-failed', userId: 'agent001' })).toHaveLength(1);
  });

  test('a second sign-in in the same jar while the IdP session lives is silent', async ({ lab, signIn }) => {
    const first = await signIn('agent001');
    await first.agent.post(`${lab.urls.finesse}/desktop/sso/logout`, { reason: 'user' });
    expect(first.agent.cookies(LAB_HOSTS.finesse)).not.toHaveProperty(SESSION_COOKIE);

    const page = await first.agent.navigate(lab.urls.desktop);
    expect(page.url).toBe(lab.urls.desktop);
    expect(page.status).toBe(200);
    expect(lab.requests.get('idp GET /adfs/ls/')).toBe(2);
    expect(lab.requests.get('idp POST /adfs/ls/')).toBe(1);
    expect(lab.events.list({ type: 'tokens-issued', userId: 'agent001' })).toHaveLength(2);
  });
});

test.describe('GET /desktop/sso/token', () => {
  for (const [profile, cacheControl] of [
    ['affected', 'private, max-age=36000'],
    ['fixed', 'no-store'],
  ] as const) {
    test(`answers the token pair and the user, sent ${cacheControl} under the ${profile} profile`, async ({ lab, signIn }) => {
      lab.configure({ profile });
      const session = await signIn('agent001');
      const response = await session.fetchTokenResponse();
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe(cacheControl);
      expect(JSON.parse(response.body)).toEqual({
        token: expect.any(String),
        refresh_token: expect.any(String),
        expires_in: 3600,
        user_id: 'agent001',
        realm: 'lab.test',
        user_principal: 'agent001@lab.test',
      });
    });
  }

  test('is dated in lab time, not real time', async ({ lab, signIn }) => {
    lab.clock.advance(3_600_000);
    const session = await signIn('agent001');
    const before = lab.clock.now();
    const response = await session.fetchTokenResponse();
    const after = lab.clock.now();
    expectDatedBetween(response, before, after);
    expect(Date.parse(response.headers.date as string)).toBeGreaterThan(Date.now() + 3_590_000);
  });
});
