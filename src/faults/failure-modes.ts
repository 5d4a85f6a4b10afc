/**
 * The SSO failure modes the mock lab reproduces besides each other, each with the setting that
 * produces it, what the agent sees, the analyzer signature that names it and the verdict in one
 * sentence. `produce` drives the mock over HTTP (a browserless desktop, `SimulatedDesktop`) so the
 * logs of each mode are written in seconds; the browser specs under tests/mock-records/faults assert
 * what the agent sees. Shared by the signature-matrix test and `npm run diagnose -- --scenarios`.
 */
import { BrowserlessAgent, PRESENCE_WAIT_MS, SimulatedDesktop, type Lab, type LabSettings } from '../embedded-lab.ts';
import type { SignatureId } from '../analyzer/signatures.ts';
import { SIGN_IN_LOOP_MIN } from '../analyzer/rules/sign-in-loop.ts';

export interface ScenarioContext {
  lab: Lab;
  password: string;
  userId: string;
}

export interface FailureMode {
  id: string;
  title: string;
  /** The mock setting (or the agent's action) that produces it, for the README and the verdict table. */
  setting: string;
  agentSees: string;
  /** The signature its logs must show, and no other mode's. */
  signature: SignatureId;
  verdict: string;
  /** Settings applied before the scenario (after a lab reset). */
  settings?: Partial<LabSettings>;
  produce(context: ScenarioContext): Promise<void>;
}

const newAgent = (lab: Lab) => new BrowserlessAgent({ hostMap: lab.hostMap, ca: lab.certPem });
const signIn = ({ lab, userId, password }: ScenarioContext) => SimulatedDesktop.signIn(lab, newAgent(lab), userId, password);

/** Signs in, lets lab time run to the desktop's first refresh, sets `fault` then (a duration counts from there), and refreshes as the desktop would. */
async function signInAndRefreshWhenDue(context: ScenarioContext, fault?: Partial<LabSettings>): Promise<boolean> {
  const desktop = await signIn(context);
  desktop.waitForRefreshTimer();
  if (fault) context.lab.configure(fault);
  return desktop.refresh();
}

/** The mode's settings do the rest: sign in and refresh when due, as a desktop would. */
const refreshWhenDue = async (context: ScenarioContext): Promise<void> => {
  await signInAndRefreshWhenDue(context);
};

/** Ten minutes ahead: far beyond the analyzer's 120 s threshold, close to what a badly set PC shows. */
export const AGENT_CLOCK_SKEW_S = 600;
/** Shorter than the 45 min to the first refresh, so the refresh token is dead when the desktop uses it. */
export const SHORT_REFRESH_TTL_S = 1800;
/** Longer than three retries a minute apart and the 10-minute grace period: the desktop signs the agent out while the IdS is down. */
export const LONG_OUTAGE_S = 900;
/** Shorter than the 45 min to the first refresh: the IdP session has ended when the IdS refreshes. */
export const SHORT_IDP_SESSION_S = 1800;
/** The IdP's clock ten minutes ahead: its assertions start beyond the IdS's 60 s allowance. */
export const IDP_CLOCK_SKEW_S = 600;

export const FAILURE_MODES: readonly FailureMode[] = [
  {
    id: 'stale-cache',
    title: 'Stale cached token response (the seed, TAC 212067)',
    setting: "profile: 'affected'; browser restarted and signed in again",
    agentSees: 'refresh fails at once, banner after three retries, signed out 10 minutes later',
    signature: 'refresh-token-mismatch',
    verdict:
      'The desktop presented an access token of an earlier sign-in from the browser cache with the current refresh token: the ten-minute sign-out of TAC 212067; clear the cache and restart the browser.',
    async produce(context) {
      const first = await signIn(context);
      const second = await first.restartBrowser(context.password, { cachedTokenResponse: true });
      await second.refresh();
    },
  },
  {
    id: 'two-tabs',
    title: 'Two desktop tabs of one agent refreshing at once',
    setting: 'none: a second tab of the same browser session',
    agentSees: 'one tab keeps working; the other fails its refreshes, shows the banner and signs the agent out',
    signature: 'concurrent-refresh',
    verdict:
      'Two desktops of the same agent refreshed together: one rotated the pair and the other presented the old access token; keep one desktop tab per agent.',
    async produce(context) {
      const first = await signIn(context);
      const second = await first.openTab();
      first.waitForRefreshTimer();
      await first.refreshOnce();
      await second.refresh();
    },
  },
  {
    id: 'lost-refresh-response',
    title: 'Lost refresh response',
    setting: "fault: 'lost-refresh-response'",
    agentSees: 'a refresh fails (503), every retry is refused, banner, signed out 10 minutes later',
    signature: 'rotated-refresh-token-replayed',
    verdict:
      'The IdS rotated the pair but its answer was lost on the way back, so the retry replayed the retired refresh token; check the network between Finesse and the IdS (resets, proxies, time-outs).',
    async produce(context) {
      await signInAndRefreshWhenDue(context, { fault: 'lost-refresh-response' });
    },
  },
  {
    id: 'refresh-token-expired',
    title: 'Refresh token expired',
    setting: `refreshTtlS: ${SHORT_REFRESH_TTL_S} (shorter than the 45 min to the first refresh)`,
    agentSees:
      'the first refresh is refused; the desktop signs in again through the IdS and the IdP: silently while the IdP session lives, the IdP sign-in form when it does not',
    signature: 'refresh-token-expired',
    verdict:
      'The refresh token had expired when the desktop used it, so the desktop signed in again through the IdP (silently while the IdP session lives, with a sign-in prompt when it does not); raise the IdS Refresh Token Expiry above the refresh interval.',
    settings: { refreshTtlS: SHORT_REFRESH_TTL_S },
    produce: refreshWhenDue,
  },
  {
    id: 'agent-clock-skew',
    title: "Agent's computer clock ahead",
    setting: `agentClockSkewS: ${AGENT_CLOCK_SKEW_S}`,
    agentSees: 'nothing at first: the refresh comes 10 minutes early and succeeds',
    signature: 'clock-skew',
    verdict:
      "The agent's computer clock is 10 minutes off the servers': refreshes are scheduled early (or late, past the token's expiry); synchronize it with NTP.",
    settings: { agentClockSkewS: AGENT_CLOCK_SKEW_S },
    produce: refreshWhenDue,
  },
  {
    id: 'ids-unreachable',
    title: 'IdS unreachable during a refresh',
    setting: `fault: 'ids-unreachable', faultDurationS: ${LONG_OUTAGE_S}`,
    agentSees:
      'refreshes fail (503), banner after three retries; tries go on every minute; signed out 10 minutes later unless the IdS returns first (then the banner goes away)',
    signature: 'ids-unreachable',
    verdict: 'Finesse could not connect to the IdS while the desktop refreshed: not a token fault; restore the IdS service or the network path to port 8553.',
    async produce(context) {
      await signInAndRefreshWhenDue(context, { fault: 'ids-unreachable', faultDurationS: LONG_OUTAGE_S });
    },
  },
  {
    id: 'idp-session-ended',
    title: 'IdP session ended while the IdS refresh token lives',
    setting: `idpSessionTtlS: ${SHORT_IDP_SESSION_S} (shorter than the 45 min to the first refresh)`,
    agentSees:
      'nothing at first: refreshes keep working; the next re-authentication (refresh token expiry, a new browser) shows the IdP sign-in form instead of a silent sign-in',
    signature: 'idp-session-ended',
    verdict:
      "The IdP session of the agent's sign-in ended while the IdS refresh token lived: nothing fails until the next re-authentication, which asks for the password; make the IdP session at least as long as the IdS Refresh Token Expiry.",
    settings: { idpSessionTtlS: SHORT_IDP_SESSION_S },
    async produce(context) {
      if (!(await signInAndRefreshWhenDue(context))) throw new Error('the refresh after the IdP session ended failed');
    },
  },
  {
    id: 'idp-clock-skew',
    title: "IdP's clock off: SAML assertion outside its validity window",
    setting: `idpClockSkewS: ${IDP_CLOCK_SKEW_S}`,
    agentSees: 'the sign-in fails after the IdP form: the IdS\'s page "Sign-in failed" (assertion outside its validity window)',
    signature: 'saml-assertion-outside-window',
    verdict:
      "The IdS refused the IdP's SAML assertion as outside its NotBefore/NotOnOrAfter window: the IdP's and the IdS's clocks are 10 minutes apart; synchronize both with NTP.",
    settings: { idpClockSkewS: IDP_CLOCK_SKEW_S },
    async produce({ lab, userId, password }) {
      const page = await newAgent(lab).signIn(lab.urls.desktop, userId, password);
      if (page.status !== 400) throw new Error(`the sign-in with the IdP's clock off ended at ${page.status} ${page.url}, not at the IdS's refusal`);
    },
  },
  {
    id: 'sign-in-loop',
    title: "Sign-in loop: the IdS cookie blocked on the IdP's cross-site answer (SameSite)",
    setting: "idpSite: 'cross-site', idsCookieSameSite: 'Lax'",
    agentSees:
      'the sign-in never ends: the browser goes back and forth between the IdS and the IdP (after the first password, silently) until the IdP or the agent gives up',
    signature: 'sign-in-loop',
    verdict:
      "The browser did not send the IdS's sign-in cookie with the IdP's cross-site SAML POST (a cookie without SameSite=None; Secure, or third-party cookies blocked), so the IdS started the sign-in over and over; serve the cookie with SameSite=None; Secure or allow it by browser policy.",
    settings: { idpSite: 'cross-site', idsCookieSameSite: 'Lax' },
    async produce({ lab, userId, password }) {
      const page = await newAgent(lab).signIn(lab.urls.desktop, userId, password);
      const restarts = lab.events.list({ type: 'sign-in-restarted' }).length;
      if (page.url === lab.urls.desktop || restarts < SIGN_IN_LOOP_MIN)
        throw new Error(`no sign-in loop: ${restarts} restarts, ended at ${page.status} ${page.url}`);
    },
  },
  {
    id: 'browser-closed',
    title: 'Browser closed or reloaded (presence lost)',
    setting:
      "logoutOnAgentDisconnect: true (Unified CCE's LOAD; without it the agent is set NOT_READY instead); the agent closes the browser (a reload that does not come back within 60 s alike)",
    agentSees: 'the desktop is gone; Finesse signs the agent out 60 s later (reason code 255)',
    signature: 'presence-forced-logout',
    verdict: 'Finesse signed the agent out after the desktop went away (browser closed, crashed or reloaded; reason code 255): not an SSO or token fault.',
    settings: { logoutOnAgentDisconnect: true },
    async produce(context) {
      const desktop = await signIn(context);
      await desktop.connectPresence();
      await desktop.closeBrowser();
      context.lab.clock.advance(PRESENCE_WAIT_MS);
    },
  },
];

/** The negative control: a healthy session through the same steps (sign-in, refresh on time). */
export async function produceHealthySession(context: ScenarioContext): Promise<void> {
  const desktop = await signIn(context);
  desktop.waitForRefreshTimer();
  if (!(await desktop.refresh())) throw new Error('the healthy session failed its refresh');
}

/** Runs one mode on a lab: reset, the mode's settings, its steps. The lab's log folder then holds its logs. */
export async function runFailureMode(mode: FailureMode, context: ScenarioContext): Promise<void> {
  context.lab.reset();
  if (mode.settings) context.lab.configure(mode.settings);
  await mode.produce(context);
}
