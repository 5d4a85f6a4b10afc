import type { AgentResponse, BrowserlessAgent } from '../../mock/browserless-agent.ts';
import type { Lab } from '../../mock/lab.ts';
import { MAX_BODY_BYTES } from '../../mock/http/exchange.ts';
import { expect, test, type HttpLabFixtures } from './lab-fixture.ts';
import { idsTokenUrl } from './seed-lines.ts';

interface Context {
  lab: Lab;
  agent: BrowserlessAgent;
  signIn: HttpLabFixtures['signIn'];
}

interface MalformedKind {
  name: string;
  send: (context: Context) => Promise<AgentResponse>;
  status: number;
  /** The OAuth `error` of an IdS answer. */
  oauthError?: string;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function authorizeUrl(lab: Lab, params: Record<string, string>): string {
  return `${lab.urls.ids}/ids/v1/oauth/authorize?${new URLSearchParams(params).toString()}`;
}

function finesseAuthorizeParams(lab: Lab): Record<string, string> {
  return { client_id: lab.identity.identity.clientId, redirect_uri: `${lab.urls.finesse}/desktop/sso/authcode`, response_type: 'code', state: 'abc' };
}

/** A sign-in the IdS is waiting for: the RelayState it sent to the IdP. */
async function pendingRelayState({ lab, agent }: Context): Promise<string> {
  const toIdp = await agent.request('GET', authorizeUrl(lab, finesseAuthorizeParams(lab)));
  return new URL(toIdp.headers.location as string).searchParams.get('RelayState')!;
}

async function bearer({ signIn }: Context): Promise<{ authorization: string }> {
  const { token } = await (await signIn('agent001')).tokens();
  return { authorization: `Bearer ${token}` };
}

const KINDS: MalformedKind[] = [
  {
    name: 'authorize without client_id',
    send: ({ lab, agent }) => {
      const { client_id: _left_out, ...params } = finesseAuthorizeParams(lab);
      return agent.request('GET', authorizeUrl(lab, params));
    },
    status: 400,
    oauthError: 'invalid_client',
  },
  {
    name: 'authorize with a redirect_uri that is not registered',
    send: ({ lab, agent }) => agent.request('GET', authorizeUrl(lab, { ...finesseAuthorizeParams(lab), redirect_uri: 'https://attacker.example/cb' })),
    status: 400,
    oauthError: 'invalid_request',
  },
  {
    name: 'authorize with response_type=token',
    send: ({ lab, agent }) => agent.request('GET', authorizeUrl(lab, { ...finesseAuthorizeParams(lab), response_type: 'token' })),
    status: 400,
    oauthError: 'unsupported_response_type',
  },
  {
    name: 'IdP sign-in with a SAMLRequest that is not an AuthnRequest',
    send: ({ lab, agent }) =>
      agent.request('GET', `${lab.urls.idp}/adfs/ls/?SAMLRequest=${encodeURIComponent(Buffer.from('garbage').toString('base64'))}&RelayState=x`),
    status: 400,
  },
  {
    name: 'SAML response that is not a signed SAML Response',
    send: async (context) =>
      context.agent.post(`${context.lab.urls.ids}/ids/saml/response?metaAlias=/sp`, {
        SAMLResponse: Buffer.from('<samlp:Response>garbage').toString('base64'),
        RelayState: await pendingRelayState(context),
      }),
    status: 400,
    oauthError: 'invalid_request',
  },
  {
    name: 'SAML response with an unknown RelayState',
    send: ({ lab, agent }) => agent.post(`${lab.urls.ids}/ids/saml/response?metaAlias=/sp`, { SAMLResponse: 'x', RelayState: 'never-issued' }),
    status: 400,
    oauthError: 'invalid_request',
  },
  {
    name: 'relay with an unknown uniqueId',
    send: ({ lab, agent }) => agent.post(`${lab.urls.ids}/ids/relay`, { uniqueId: 'never-issued' }),
    status: 400,
    oauthError: 'invalid_request',
  },
  {
    name: 'token endpoint with a wrong client secret',
    send: ({ lab, agent }) =>
      agent.request('POST', idsTokenUrl(lab), {
        body: 'grant_type=refresh_token&access_token=a&refresh_token=b',
        headers: { ...FORM, authorization: `Basic ${Buffer.from(`${lab.identity.identity.clientId}:wrong-secret`).toString('base64')}` },
      }),
    status: 401,
    oauthError: 'invalid_client',
  },
  {
    name: 'token endpoint with a JSON body instead of a form',
    send: ({ lab, agent }) =>
      agent.request('POST', idsTokenUrl(lab), { body: '{"grant_type":"refresh_token"}', headers: { 'content-type': 'application/json' } }),
    status: 415,
    oauthError: 'invalid_request',
  },
  {
    name: `token endpoint with a body over ${MAX_BODY_BYTES / 1024} KiB`,
    send: ({ lab, agent }) =>
      agent.request('POST', idsTokenUrl(lab), { body: `grant_type=refresh_token&refresh_token=${'x'.repeat(MAX_BODY_BYTES + 1)}`, headers: FORM }),
    status: 413,
    oauthError: 'invalid_request',
  },
  {
    name: 'authcode answer to a sign-in this browser did not start',
    send: ({ lab, agent }) => agent.request('GET', `${lab.urls.finesse}/desktop/sso/authcode?code=0123&state=not-mine`),
    status: 400,
  },
  {
    name: 'Finesse refresh without a session',
    send: ({ lab, agent }) => agent.post(`${lab.urls.finesse}/desktop/sso/token`, { token: 'x' }),
    status: 401,
  },
  {
    name: 'Finesse refresh without a token',
    send: async ({ signIn }) => {
      const session = await signIn('agent001');
      return session.agent.post(session.tokenUrl, {});
    },
    status: 400,
  },
  {
    name: 'Finesse refresh with a garbage token',
    send: async ({ signIn }) => (await signIn('agent001')).refresh('eyJhbGciOiJkaXIifQ..garbage.garbage.garbage'),
    status: 400,
  },
  {
    name: 'User API without a Bearer token',
    send: ({ lab, agent }) => agent.request('GET', `${lab.urls.finesse}/finesse/api/User/agent001`),
    status: 401,
  },
  {
    name: 'User API with a garbage Bearer token',
    send: ({ lab, agent }) => agent.request('GET', `${lab.urls.finesse}/finesse/api/User/agent001`, { headers: { authorization: 'Bearer garbage' } }),
    status: 401,
  },
  {
    name: 'User API with a tampered Bearer token',
    send: async (context) => {
      const { authorization } = await bearer(context);
      const segments = authorization.split('.');
      // One character of the ciphertext (JWE) or of the signature (JWS, IdS 12.6(2)) changed: the token no longer verifies.
      const tampered = segments.length === 5 ? 3 : 2;
      segments[tampered] = `${segments[tampered]!.startsWith('A') ? 'B' : 'A'}${segments[tampered]!.slice(1)}`;
      return context.agent.request('GET', `${context.lab.urls.finesse}/finesse/api/User/agent001`, { headers: { authorization: segments.join('.') } });
    },
    status: 401,
  },
  {
    name: 'User API state change that is not a <User> document',
    send: async (context) =>
      context.agent.request('PUT', `${context.lab.urls.finesse}/finesse/api/User/agent001`, {
        body: '{"state":"READY"}',
        headers: { ...(await bearer(context)), 'content-type': 'application/xml' },
      }),
    status: 400,
  },
  {
    name: 'User API path with broken percent-encoding',
    send: async (context) => context.agent.request('GET', `${context.lab.urls.finesse}/finesse/api/User/%E0%A4%A`, { headers: await bearer(context) }),
    status: 404,
  },
  {
    name: 'ClientLog upload whose body is not a <ClientLog> document',
    send: async ({ lab, signIn }) =>
      (await signIn('agent001')).agent.request('POST', `${lab.urls.finesse}/finesse/api/User/agent001/ClientLog`, {
        body: '{"lines":[]}',
        headers: { 'content-type': 'application/xml' },
      }),
    status: 400,
  },
  {
    name: 'POST to a User path that is not ClientLog',
    send: async (context) =>
      context.agent.request('POST', `${context.lab.urls.finesse}/finesse/api/User/agent001`, {
        body: '<User/>',
        headers: { ...(await bearer(context)), 'content-type': 'application/xml' },
      }),
    status: 405,
  },
];

test.describe('malformed requests get a 4xx answer, never a 5xx', () => {
  for (const kind of KINDS) {
    test(`${kind.name}: ${kind.status}`, async ({ lab, newAgent, signIn }) => {
      const response = await kind.send({ lab, agent: newAgent(), signIn });
      expect(response.status, response.body.slice(0, 300)).toBe(kind.status);
      if (kind.oauthError) expect(JSON.parse(response.body)).toEqual({ error: kind.oauthError, error_description: expect.any(String) });
    });
  }
});
