import type { AgentResponse } from '../../mock/browserless-agent.ts';
import { expect, test } from './lab-fixture.ts';
import type { DesktopSession } from './desktop-session.ts';

/** The text of the first `<tag>` of an XML answer. */
function xmlText(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
}

/** The Finesse REST user resource, called as the desktop does: `Authorization: Bearer <access token>`. */
class UserApi {
  private constructor(
    private readonly session: DesktopSession,
    private readonly token: string,
  ) {}

  static async of(session: DesktopSession): Promise<UserApi> {
    return new UserApi(session, (await session.tokens()).token);
  }

  private get url(): string {
    return `${this.session.lab.urls.finesse}/finesse/api/User/${this.session.userId}`;
  }

  get(): Promise<AgentResponse> {
    return this.session.agent.request('GET', this.url, { headers: { authorization: `Bearer ${this.token}` } });
  }

  async state(): Promise<{ state?: string; extension?: string }> {
    const response = await this.get();
    expect(response.status).toBe(200);
    return { state: xmlText(response.body, 'state'), extension: xmlText(response.body, 'extension') };
  }

  put(state: string, extension?: string): Promise<AgentResponse> {
    const body = `<User><state>${state}</state>${extension === undefined ? '' : `<extension>${extension}</extension>`}</User>`;
    return this.session.agent.request('PUT', this.url, { body, headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/xml' } });
  }
}

test.describe('Finesse REST API', () => {
  test('SystemInfo is XML with systemAuthMode SSO', async ({ lab, newAgent }) => {
    const response = await newAgent().request('GET', `${lab.urls.finesse}/finesse/api/SystemInfo`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml;charset=UTF-8');
    expect(response.body.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<SystemInfo>')).toBe(true);
    expect(xmlText(response.body, 'systemAuthMode')).toBe('SSO');
  });

  test('User GET with the agent’s Bearer token answers the agent, signed out of the phone', async ({ signIn }) => {
    const api = await UserApi.of(await signIn('agent001'));
    const response = await api.get();
    expect(response.status).toBe(200);
    expect(xmlText(response.body, 'loginId')).toBe('agent001');
    expect(await api.state()).toEqual({ state: 'LOGOUT', extension: '' });
  });

  test('LOGIN with the agent’s extension answers 202 and lands in NOT_READY; READY then answers 202', async ({ signIn }) => {
    const api = await UserApi.of(await signIn('agent001'));
    expect((await api.put('LOGIN', '1001')).status).toBe(202);
    expect(await api.state()).toEqual({ state: 'NOT_READY', extension: '1001' });
    expect((await api.put('READY')).status).toBe(202);
    expect(await api.state()).toEqual({ state: 'READY', extension: '1001' });
  });

  test('LOGIN with another agent’s extension answers 400 ApiErrors and changes nothing', async ({ signIn }) => {
    const api = await UserApi.of(await signIn('agent001'));
    const response = await api.put('LOGIN', '1002');
    expect(response.status).toBe(400);
    expect(xmlText(response.body, 'ErrorType')).toBe('Invalid Device');
    expect(await api.state()).toEqual({ state: 'LOGOUT', extension: '' });
  });

  test('an access token past its lifetime gets 401 XML ApiErrors', async ({ lab, signIn }) => {
    const api = await UserApi.of(await signIn('agent001'));
    lab.clock.advance((lab.settings().accessTtlS + 1) * 1000);
    const response = await api.get();
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toBe('application/xml;charset=UTF-8');
    expect(response.body).toContain('<ApiErrors><ApiError><ErrorType>Unauthorized</ErrorType><ErrorData></ErrorData>');
    expect(xmlText(response.body, 'ErrorMessage')).toBe('Invalid or expired token');
  });
});
