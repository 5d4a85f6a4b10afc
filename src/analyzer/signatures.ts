/**
 * The catalog of known failure signatures: one data table that the analyzer, `diagnose` and the
 * reports share. Ids are a contract. References name the public Cisco document that describes the
 * behaviour; there is no Cisco bug id for any of these (none is confirmed, none is invented).
 * A new signature is a new entry here plus its rule in `rules/`, registered in `rules/registry.ts`
 * (the type check fails until it is).
 */
import type { Provenance, Severity } from './types.ts';

export interface SignatureSpec {
  severity: Severity;
  /**
   * What the signature's log wording rests on: `seed` (the lines TAC 212067 quotes), `documented` (a public Cisco or
   * standards document), `inferred` (wording the mock lab wrote, unconfirmed against a real Finesse or IdS).
   */
  provenance: Provenance;
  title: string;
  cause: string;
  workaround: string;
  reference: string;
  /** Finer causes, by sub-cause id, that replace `cause` when the evidence allows one. */
  subCauses?: Readonly<Record<string, string>>;
}

const TAC_212067 = 'Cisco TAC 212067: Troubleshoot Finesse SSO Agents Logged Off After 10 Minutes';
const DEVNET_SSO = 'Cisco DevNet, Finesse developer guide: Single Sign-On (developer.cisco.com/docs/finesse/single-sign-on)';
const DEVNET_PRESENCE =
  'Cisco DevNet, Finesse developer guide: Desktop Presence and Forced Logout (developer.cisco.com/docs/finesse/desktop-presence-and-forced-logout)';
const SAML_CORE = 'OASIS SAML 2.0 Core, 2.5.1.2 Attributes NotBefore and NotOnOrAfter; 2.7.2 AuthnStatement SessionNotOnOrAfter';
const DEVNET_TOKEN_VALIDATION =
  'Cisco DevNet, Finesse developer guide: Client-Side Token Validation (developer.cisco.com/docs/finesse/client-side-token-validation)';

export const SIGNATURES = {
  'refresh-token-mismatch': {
    severity: 'high',
    provenance: 'seed',
    title: 'Refresh refused: access token not paired with the refresh token',
    cause:
      'The IdS refused to refresh because the access token presented does not belong to the refresh token presented: every access token names its paired refresh token (rt) and the IdS found a different one ("refresh token id mismatch", 401 Invalid Token). The desktop then retries three times, shows the sign-out banner and signs the agent out about 10 minutes later.',
    workaround: "Clear the browser cache and restart the browser, then sign in again. If the problem persists, restart the agent's computer.",
    reference: TAC_212067,
    subCauses: {
      'stale-access-token':
        'The access token presented is an older one of the same user, from an earlier sign-in, sent with the current refresh token: the browser reused a cached token response (typically after a browser restart and a new sign-in), so the desktop holds a stale access token and refreshes at once. This is the defect of TAC 212067.',
      'stale-refresh-token':
        "The refresh token presented is older than the access token's pair: the pair had already been rotated by another refresh (for example a second tab or window of the same session) and an outdated refresh token was sent.",
      'foreign-pair':
        "The access token's paired refresh token belongs to another user or does not appear in the logs given: the two halves of the pair come from different sessions (a shared browser profile, another tab or client), or the logs do not reach back to the sign-in that issued it.",
    },
  },
  'concurrent-refresh': {
    severity: 'high',
    provenance: 'inferred',
    title: 'Refresh refused: two desktops of the same agent refreshed at once',
    cause:
      'Two desktop tabs or windows of the same agent share one Finesse session: one refreshed and rotated the token pair, the other then refreshed with its older access token, which no longer belongs to the refresh token Finesse holds ("refresh token id mismatch", 401 Invalid Token). That desktop retries, shows the sign-out banner and signs the agent out, ending the session of both.',
    workaround: 'Use one desktop tab or window per agent; close the extra tabs and sign in again.',
    reference: TAC_212067,
  },
  'rotated-refresh-token-replayed': {
    severity: 'high',
    provenance: 'inferred',
    title: 'Refresh refused: a rotated refresh token was presented again (lost refresh answer)',
    cause:
      'The IdS rotated the token pair on a refresh, but its answer never reached Finesse (connection reset or time-out), so Finesse kept the retired pair and every retry presented the old refresh token, which the IdS refuses as already used. The desktop then shows the banner and signs the agent out.',
    workaround:
      'Sign the agent in again. Look for resets and time-outs on the path from Finesse to the IdS (port 8553: proxies, load balancers, firewalls idling connections out).',
    reference: DEVNET_SSO,
  },
  'refresh-token-expired': {
    severity: 'medium',
    provenance: 'inferred',
    title: 'Refresh refused: refresh token expired',
    cause:
      'The refresh token reached the end of its lifetime (Refresh Token Expiry in IdS administration), so the IdS no longer refreshes the access token; the agent must authenticate again at the identity provider.',
    workaround: 'Sign in again. If refresh tokens expire sooner than the configured lifetime, check the Refresh Token Expiry setting and the IdS server clock.',
    reference: DEVNET_SSO,
  },
  'refresh-retries-exhausted': {
    severity: 'high',
    provenance: 'seed',
    title: 'Desktop gave up refreshing the access token',
    cause:
      'The desktop could not refresh its access token after three retries and showed the sign-out banner; the logs given hold no server-side reason for the failures (no IdS refusal, no connection error at that time).',
    workaround:
      'Collect the Finesse webservices and IdS logs covering the 15 minutes before the banner and analyze them with this client log to find the refusal. Meanwhile: clear the browser cache, restart the browser and sign in again.',
    reference: TAC_212067,
  },
  'forced-logout-after-refresh-failure': {
    severity: 'high',
    provenance: 'seed',
    title: 'Agent signed out after failed token refreshes',
    cause:
      'The desktop signed the agent out at the end of the grace period (about 10 minutes) that follows the banner shown when it cannot refresh its access token.',
    workaround: 'Sign the agent in again and remove the cause named by the related finding.',
    reference: TAC_212067,
  },
  'presence-forced-logout': {
    severity: 'medium',
    provenance: 'inferred',
    title: 'Agent signed out after presence loss (not an SSO fault)',
    cause:
      "Finesse lost the desktop's presence (browser closed, crashed or reloaded, computer asleep, network outage), waited its grace period and signed the agent out with reason code 255. This is not an SSO or token fault and is not the ten-minute SSO sign-out.",
    workaround: "Check the agent's network connection and that the browser stayed open and awake; the agent signs in again.",
    reference: DEVNET_PRESENCE,
  },
  'clock-skew': {
    severity: 'medium',
    provenance: 'documented',
    title: "Clocks disagree between the agent's browser and the server",
    cause:
      "The browser's clock and the Finesse server's clock differ by more than the threshold. Token expiry and refresh scheduling are computed from clocks, and clients must keep the same UTC time as the IdS.",
    workaround: "Synchronize the agent computer's clock (and the Finesse and IdS servers) with NTP, then sign in again.",
    reference: DEVNET_TOKEN_VALIDATION,
  },
  'ids-unreachable': {
    severity: 'high',
    provenance: 'inferred',
    title: 'Finesse could not reach the IdS',
    cause:
      'Finesse webservices could not connect to the IdS token endpoint (connection refused, timeout, name resolution or TLS failure), so token requests fail for every agent whose desktop refreshes or signs in meanwhile.',
    workaround:
      'Check that the IdS service runs and is reachable from Finesse on its port (8553): DNS, firewall, certificate trust. Agents sign in again once it answers.',
    reference: DEVNET_SSO,
  },
  'idp-session-ended': {
    severity: 'low',
    provenance: 'inferred',
    title: 'IdP session ended while the IdS refresh token lives',
    cause:
      "The identity provider's session of the agent's sign-in ended (its lifetime ran out, or the agent signed out at the IdP) while the IdS refresh token stayed valid. Refreshes keep working and the agent notices nothing until the next interactive re-authentication (the refresh token expiring, a new browser), which then asks for the password at the IdP instead of signing in silently.",
    workaround:
      'Nothing is broken. To spare agents the prompt in the middle of a shift, make the IdP session lifetime (for ADFS the web SSO lifetime) at least as long as the IdS Refresh Token Expiry.',
    reference: SAML_CORE,
  },
  'saml-assertion-outside-window': {
    severity: 'high',
    provenance: 'inferred',
    title: 'Sign-in refused: SAML assertion outside its validity window',
    cause:
      "The IdS refused the identity provider's SAML assertion because the IdS's time was outside the assertion's NotBefore/NotOnOrAfter window plus the allowed skew: the IdP's and the IdS's clocks disagree (an assertion that took minutes to arrive looks the same). The sign-in fails for every agent until the clocks agree.",
    workaround: 'Synchronize the IdP and IdS servers (and Finesse) with the same NTP source; the agents then sign in again.',
    reference: SAML_CORE,
  },
  'sign-in-loop': {
    severity: 'high',
    provenance: 'inferred',
    title: "Sign-in loop: the IdS sign-in cookie did not come back with the IdP's answer",
    cause:
      "The identity provider's SAML answer reached the IdS without the IdS's sign-in cookie, so the IdS could not match it to a sign-in this browser started and started over; with a live IdP session the browser loops between the IdS and the IdP. A cross-site POST (the IdP on another site than the IdS) carries only cookies set with SameSite=None; Secure, and none when the browser blocks third-party cookies.",
    workaround:
      'Serve the IdS cookies with SameSite=None; Secure; meanwhile allow cookies for the IdS host by browser policy, or have the agents use a browser profile that does not block them. Check that the IdP and IdS host names are the ones configured (a mismatch looks the same).',
    reference: 'RFC 6265bis (draft-ietf-httpbis-rfc6265bis), section 5.6.7.1: SameSite cookies and cross-site requests',
  },
  'token-response-cacheable': {
    severity: 'low',
    // The caching rules are RFC 9111's; that a cacheable token answer leads to the sign-out is the seed's mechanism, inferred.
    provenance: 'inferred',
    title: 'Token response may be stored by the browser cache',
    cause:
      'The desktop\'s token response (GET /desktop/sso/token) carries caching headers that let the browser keep it in its HTTP cache (no "no-store"). Nothing needs to have failed yet: after a browser restart and a new sign-in the desktop can be handed the stored answer with an earlier sign-in\'s access token, which the IdS then refuses with the current refresh token (the ten-minute sign-out of TAC 212067).',
    workaround:
      'Until the server sends the token response with Cache-Control: no-store, clear the browser cache when agents report the sign-out banner, or have the browser clear its cache on exit by policy.',
    reference: TAC_212067,
  },
  'unexplained-401': {
    severity: 'medium',
    provenance: 'seed',
    title: 'Refresh refused with 401, cause not identified',
    cause:
      'A token refresh was refused with 401 Invalid Token and the logs given do not explain it with a known signature: either the IdS log for that moment is missing, or the IdS gave a reason this analyzer has no signature for (quoted in the evidence).',
    workaround:
      'Collect the IdS log covering the same minute: it states why it refused. If it is present and silent, capture the refresh request (HAR) to see which tokens the desktop sends.',
    reference: TAC_212067,
  },
} as const satisfies Record<string, SignatureSpec>;

export type SignatureId = keyof typeof SIGNATURES;

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

/** Sort key: most severe first. */
export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** The cause text for a signature, specialised by sub-cause when one is known. */
export function causeOf(id: SignatureId, subCause?: string): string {
  const spec: SignatureSpec = SIGNATURES[id];
  const specific = subCause === undefined ? undefined : spec.subCauses?.[subCause];
  return specific === undefined ? spec.cause : `${spec.cause} ${specific}`;
}
