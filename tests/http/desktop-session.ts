import type { AgentResponse, BrowserlessAgent } from '../../mock/browserless-agent.ts';
import type { Lab } from '../../mock/lab.ts';
import { TOKEN_COOKIE } from '../../mock/finesse/finesse-server.ts';

/** `GET /desktop/sso/token`: what the desktop reads after sign-in. */
export interface TokenResponse {
  token: string;
  refresh_token: string;
  expires_in: number;
  user_id: string;
  realm: string;
  user_principal: string;
}

/** A signed-in desktop in one cookie jar, and the two token calls the desktop makes. */
export class DesktopSession {
  private constructor(
    readonly lab: Lab,
    readonly agent: BrowserlessAgent,
    readonly userId: string,
  ) {}

  /** The whole SSO flow from the desktop URL; fails unless it ends on the desktop page. */
  static async signIn(lab: Lab, agent: BrowserlessAgent, userId: string, password: string): Promise<DesktopSession> {
    const page = await agent.signIn(lab.urls.desktop, userId, password);
    if (page.status !== 200 || page.url !== lab.urls.desktop)
      throw new Error(`sign-in of ${userId} ended at ${page.status} ${page.url}: ${page.body.slice(0, 200)}`);
    return new DesktopSession(lab, agent, userId);
  }

  get tokenUrl(): string {
    return `${this.lab.urls.finesse}/desktop/sso/token`;
  }

  /** As the desktop asks: with `return_refresh_token=true`, or the answer has no `refresh_token`. */
  fetchTokenResponse(): Promise<AgentResponse> {
    return this.agent.request('GET', `${this.tokenUrl}?return_refresh_token=true`);
  }

  async tokens(): Promise<TokenResponse> {
    const response = await this.fetchTokenResponse();
    if (response.status !== 200) throw new Error(`GET /desktop/sso/token answered ${response.status}: ${response.body}`);
    return JSON.parse(response.body) as TokenResponse;
  }

  /**
   * `POST /desktop/sso/token` with `token=<access token>`: Finesse pairs it with its own refresh token. The page presents
   * its token as after a restart answered from the cache: without Finesse's token cookie, which would take precedence.
   */
  refresh(accessToken: string): Promise<AgentResponse> {
    this.agent.forgetCookie(new URL(this.tokenUrl).hostname, TOKEN_COOKIE);
    return this.agent.post(this.tokenUrl, { token: accessToken });
  }
}
