import { randomBytes } from 'node:crypto';
import { findAgent } from '../agents.ts';
import type { BrowserlessAgent } from '../browserless-agent.ts';
import type { Lab } from '../lab.ts';
import { REFRESH_TOKEN_EXPIRED } from '../ids/identity-service.ts';
import { TOKEN_COOKIE } from '../finesse/finesse-server.ts';
import { clientLogLine } from '../logs/format.ts';
import { DESKTOP_LOG_COMPONENT, desktopLogText } from '../../src/kernel/desktop-log.ts';
import { escapeXml } from '../../src/kernel/escape-xml.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The desktop's browser-time field, `Mar 25 2017 05:18:27.618 +0000`, for a browser in UTC. */
function browserTime(at: number): string {
  const date = new Date(at);
  return `${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)} +0000`;
}

/**
 * One desktop tab without a browser, for HTTP-level fault scenarios: the requests and client log
 * lines of `mock/finesse/assets/desktop.js` (token read, refresh at 75 %, retries, banner line,
 * tries during the grace period, forced sign-out, re-authentication when the refresh token expired), with lab time moved by `lab.clock` instead of page timers. Mock lab only.
 */
export class SimulatedDesktop {
  readonly clientId = randomBytes(3).toString('hex').toUpperCase();
  private token = '';
  private expiresIn = 0;
  private issuedAt = 0;
  private presence: { close: () => void } | undefined;

  constructor(
    private readonly lab: Lab,
    readonly agent: BrowserlessAgent,
    readonly userId: string,
  ) {}

  /** How far this computer's clock is ahead of the lab's (`agentClockSkewS`; the browser's clock only). */
  private get clockSkewMs(): number {
    return this.lab.settings().agentClockSkewS * 1000;
  }

  /** Signs in through the whole SSO flow in the agent's jar, then loads the desktop as a new tab would. */
  static async signIn(lab: Lab, agent: BrowserlessAgent, userId: string, password: string): Promise<SimulatedDesktop> {
    const page = await agent.signIn(lab.urls.desktop, userId, password);
    if (page.status !== 200 || page.url !== lab.urls.desktop) throw new Error(`sign-in of ${userId} ended at ${page.status} ${page.url}`);
    const desktop = new SimulatedDesktop(lab, agent, userId);
    await desktop.load();
    await desktop.signInExtension(findAgent(userId)?.extension ?? '');
    return desktop;
  }

  /** The extension page's sign-in (`PUT /finesse/api/User/<id>`, state LOGIN): the agent is now signed in to Finesse. */
  private async signInExtension(extension: string): Promise<void> {
    const response = await this.agent.request('PUT', `${this.lab.urls.finesse}/finesse/api/User/${encodeURIComponent(this.userId)}`, {
      body: `<User><state>LOGIN</state><extension>${extension}</extension></User>`,
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${this.token}` },
    });
    if (response.status !== 202) throw new Error(`the extension sign-in of ${this.userId} answered ${response.status}`);
    await this.log(desktopLogText('signedIn', { userId: this.userId, extension }));
  }

  /** The desktop's start: read the tokens of the session (`GET /desktop/sso/token`). */
  async load(): Promise<void> {
    const response = await this.agent.request('GET', `${this.lab.urls.finesse}/desktop/sso/token?return_refresh_token=true`);
    if (response.status !== 200) throw new Error(`GET /desktop/sso/token answered ${response.status}`);
    const answer = JSON.parse(response.body) as { token: string; expires_in: number };
    this.keep(answer.token, answer.expires_in);
    await this.log(desktopLogText('tokenReceived', { userId: this.userId, expiresInS: answer.expires_in }));
  }

  /**
   * Closes the browser (session cookies go) and signs in again. With `cachedTokenResponse` the new
   * desktop takes its tokens from the browser cache, as the seed's defect does: it keeps this
   * desktop's access token while Finesse now holds the new sign-in's refresh token.
   */
  async restartBrowser(password: string, options: { cachedTokenResponse: boolean }): Promise<SimulatedDesktop> {
    this.agent.forgetCookies();
    if (!options.cachedTokenResponse) return SimulatedDesktop.signIn(this.lab, this.agent, this.userId, password);
    const page = await this.agent.signIn(this.lab.urls.desktop, this.userId, password);
    if (page.status !== 200 || page.url !== this.lab.urls.desktop) throw new Error(`sign-in of ${this.userId} ended at ${page.status} ${page.url}`);
    const desktop = new SimulatedDesktop(this.lab, this.agent, this.userId);
    desktop.token = this.token;
    desktop.expiresIn = this.expiresIn;
    // The cached response's Date is the first sign-in's: the refresh is due at once (seed timeline).
    desktop.issuedAt = this.issuedAt;
    await desktop.log(desktopLogText('tokenReceived', { userId: this.userId, expiresInS: this.expiresIn }));
    await desktop.log(desktopLogText('signedIn', { userId: this.userId, extension: findAgent(this.userId)?.extension ?? '' }));
    return desktop;
  }

  /** Another tab of the same browser: same cookies, its own client id, the same token response. */
  async openTab(): Promise<SimulatedDesktop> {
    const tab = new SimulatedDesktop(this.lab, this.agent, this.userId);
    await tab.load();
    return tab;
  }

  /** The desktop's presence connection (`GET /desktop/presence`), held open until the browser closes. */
  async connectPresence(): Promise<void> {
    const stream = await this.agent.openStream(`${this.lab.urls.finesse}/desktop/presence`);
    if (stream.status !== 200) throw new Error(`GET /desktop/presence answered ${stream.status}`);
    this.presence = stream;
  }

  /** Closes the browser: the presence connection drops; resolves once Finesse has noticed. */
  async closeBrowser(): Promise<void> {
    const noticed = () => this.lab.events.list({ type: 'presence', userId: this.userId }).at(-1)?.detail.state === 'unavailable';
    this.presence?.close();
    for (let poll = 0; poll < 200 && !noticed(); poll += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    if (!noticed()) throw new Error('Finesse did not notice the closed presence connection');
  }

  /** Lab time when this desktop's refresh timer fires: 75 % of the lifetime, counted on the browser's clock. */
  refreshDueAt(): number {
    return this.issuedAt + this.lab.settings().refreshAtFraction * this.expiresIn * 1000 - this.clockSkewMs;
  }

  /** Moves lab time to this desktop's refresh moment. */
  waitForRefreshTimer(): void {
    this.lab.clock.advance(Math.max(0, this.refreshDueAt() - this.lab.clock.now()));
  }

  /** One `POST /desktop/sso/token`; keeps the new token and logs it on success. Returns the HTTP status and Finesse's error message. */
  async refreshOnce(): Promise<number> {
    return (await this.requestRefresh()).status;
  }

  private async requestRefresh(note = ''): Promise<{ status: number; errorMessage?: string }> {
    // This desktop presents the token it holds (the page's copy), not Finesse's token cookie, which would take precedence.
    this.agent.forgetCookie(new URL(this.lab.urls.finesse).hostname, TOKEN_COOKIE);
    const response = await this.agent.post(`${this.lab.urls.finesse}/desktop/sso/token`, { token: this.token });
    if (response.status === 200) {
      const answer = JSON.parse(response.body) as { token: string; expires_in: number };
      this.keep(answer.token, answer.expires_in);
      await this.log(desktopLogText('refreshed', { note, nextInS: Math.round(this.lab.settings().refreshAtFraction * answer.expires_in) }));
      return { status: 200 };
    }
    const errorMessage = (JSON.parse(response.body) as { errorMessage?: string }).errorMessage;
    return { status: response.status, ...(errorMessage === undefined ? {} : { errorMessage }) };
  }

  /**
   * The desktop's refresh: an expired refresh token sends it through the IdS/IdP sign-in again; any
   * other failure is retried 60 s apart; when the retries are used up, the banner line and the grace
   * period, in which an unreachable IdS (503) is tried on, then the forced sign-out.
   * Returns whether the session was kept.
   */
  async refresh(): Promise<boolean> {
    const { maxRetries, retryIntervalS, graceS } = this.lab.settings();
    let failure: { status: number; errorMessage?: string };
    for (let attempt = 0; ; attempt += 1) {
      failure = await this.requestRefresh();
      if (failure.status === 200) return true;
      if (failure.errorMessage === REFRESH_TOKEN_EXPIRED.error_description) return this.reauthenticate();
      if (attempt >= maxRetries) break;
      await this.log(desktopLogText('refreshFailed', { status: failure.status, attempt: attempt + 1, maxRetries, retryInS: retryIntervalS }));
      this.lab.clock.advance(retryIntervalS * 1000);
    }
    await this.log(desktopLogText('retriesExhausted', { maxRetries }));
    const signOutAt = this.lab.clock.now() + graceS * 1000;
    while (failure.status === 503 && this.lab.clock.now() + retryIntervalS * 1000 < signOutAt) {
      this.lab.clock.advance(retryIntervalS * 1000);
      failure = await this.requestRefresh(' after the banner; the session is kept');
      if (failure.status === 200) return true;
      await this.log(desktopLogText('stillFailing', { status: failure.status, retryInS: retryIntervalS }));
    }
    this.lab.clock.advance(signOutAt - this.lab.clock.now());
    await this.log(desktopLogText('signingOut'));
    await this.agent.post(`${this.lab.urls.finesse}/desktop/sso/logout`, { reason: 'session-refresh-failed' });
    return false;
  }

  /** The refresh token expired: through the IdS and the IdP again; true when that was silent (the IdP session lived). */
  async reauthenticate(): Promise<boolean> {
    await this.log(desktopLogText('refreshTokenExpired'));
    const page = await this.agent.navigate(`${this.lab.urls.finesse}/desktop/sso/reauthenticate`);
    if (page.url !== this.lab.urls.desktop) return false;
    await this.load();
    return true;
  }

  /**
   * A client log line, sent as the desktop's Send Error Report sends it (the ClientLog API): the browserless agent reports
   * after every line, so the HTTP scenarios read the client log as they go. The first time is the server's (lab time).
   */
  async log(text: string): Promise<void> {
    const now = this.lab.clock.now();
    const line = clientLogLine(
      new Date(now),
      this.clientId,
      new URL(this.lab.urls.finesse).hostname,
      browserTime(now + this.clockSkewMs),
      `${DESKTOP_LOG_COMPONENT} : ${text}`,
    );
    const response = await this.agent.request('POST', `${this.lab.urls.finesse}/finesse/api/User/${encodeURIComponent(this.userId)}/ClientLog`, {
      body: `<ClientLog><logData>${escapeXml(line)}</logData></ClientLog>`,
      headers: { 'content-type': 'application/xml' },
    });
    if (response.status !== 202) throw new Error(`the client log upload (ClientLog API) answered ${response.status}`);
  }

  private keep(token: string, expiresIn: number): void {
    this.token = token;
    this.expiresIn = expiresIn;
    this.issuedAt = this.lab.clock.now();
  }
}
