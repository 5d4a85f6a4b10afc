import { IDP_FORM_KINDS, type IdpFormKind } from './idp/sign-in-forms.ts';

/**
 * Everything about the lab's behaviour that a test or `npm run lab` may set.
 * Timings default to the seed lab (TAC 212067): access 3600 s, refresh 36000 s, refresh at 75 %,
 * three retries about 60 s apart, sign-out 10 minutes after the banner.
 */
export const DEFECT_PROFILES = ['affected', 'fixed'] as const;
/**
 * Where the desktop keeps its access token. `sessionCookie` (the default): Finesse sets it as an
 * HttpOnly session cookie on the token GET, as the native desktop keeps it in a session cookie (TAC 215626, §4.1);
 * the cookie's name and attributes are INFERRED. `memory`: the page keeps it in JavaScript only (INFERRED).
 * `sessionStorage`, `localStorage` and `cookie` (set by the page's script) are lab settings, INFERRED:
 * no source says a Finesse desktop keeps its token there.
 */
export const TOKEN_STORAGES = ['sessionCookie', 'memory', 'sessionStorage', 'localStorage', 'cookie'] as const;
export type DefectProfile = (typeof DEFECT_PROFILES)[number];
export type TokenStorage = (typeof TOKEN_STORAGES)[number];
/**
 * Server-side faults the lab can inject besides the seed's defect (see README, "Other failure modes"):
 * `lost-refresh-response`: the IdS rotates the pair on the next refresh, then the answer is lost on its way to Finesse;
 * `ids-unreachable`: the IdS refuses connections for `faultDurationS` of lab time from the moment the fault is set.
 */
export const LAB_FAULTS = ['none', 'lost-refresh-response', 'ids-unreachable'] as const;
export type LabFault = (typeof LAB_FAULTS)[number];
/** Where the IdP lives: on the lab's site (`*.lab.test`, as an ADFS of the same domain) or on another site (as a cloud IdP). */
export const IDP_SITES = ['same-site', 'cross-site'] as const;
export type IdpSite = (typeof IDP_SITES)[number];
/** The SameSite attribute of the IdS's sign-in cookie: `None` (with Secure) survives the IdP's cross-site POST back, `Lax` does not. */
/** The contact-center product Finesse serves: SystemInfo's `deploymentType` (DevNet SystemInfo). */
export const DEPLOYMENT_TYPES = ['UCCE', 'UCCX'] as const;
export type DeploymentType = (typeof DEPLOYMENT_TYPES)[number];
export const IDS_COOKIE_SAME_SITE = ['None', 'Lax'] as const;
export type IdsCookieSameSite = (typeof IDS_COOKIE_SAME_SITE)[number];

/** How a desktop variant looks and behaves where real desktops are not public (finesse-sso.md §4.3): the harness is never told which it faces. */
export interface DesktopTraits {
  /** Where the agent shows: a labelled name, or plain text (name or username) next to the extension, with no accessible name. */
  identity: 'labelled-name' | 'name-and-extension' | 'username-and-extension';
  /** The session banner: an element of role alert, or a toast with no role. */
  banner: 'alert' | 'toast';
  /** The sign-out countdown: a role=timer element, plain text in the banner, or none. */
  countdown: 'timer' | 'text' | 'none';
  /** The refresh request: the documented POST form (DG125-193), or the GET query form (TAC-215626; its `token` parameter INFERRED). */
  refreshForm: 'post-form' | 'get-query';
  /** Where a refresh reads the access token: the token store, or the desktop's memory (the store is only a copy: putting a token back there changes nothing). */
  refreshesFrom: 'store' | 'memory';
  /** The banner's wording; absent: the `bannerText` setting. */
  bannerText?: string;
}

/** The desktops the mock can serve (setting `desktopVariant`); `standard` is the one every other test meets. */
export const DESKTOP_VARIANTS = {
  standard: { identity: 'labelled-name', banner: 'alert', countdown: 'timer', refreshForm: 'post-form', refreshesFrom: 'store' },
  'plain-toast': {
    identity: 'name-and-extension',
    banner: 'toast',
    countdown: 'text',
    refreshForm: 'post-form',
    refreshesFrom: 'store',
    bannerText: 'Your session could not be renewed. You will be logged out in 10 minutes.',
  },
  'quiet-get': {
    identity: 'username-and-extension',
    banner: 'toast',
    countdown: 'none',
    refreshForm: 'get-query',
    refreshesFrom: 'memory',
    bannerText: 'Session renewal failed; you will be logged off in 10 minutes',
  },
} as const satisfies Record<string, DesktopTraits>;
export type DesktopVariant = keyof typeof DESKTOP_VARIANTS;

export interface LabSettings {
  profile: DefectProfile;
  tokenStorage: TokenStorage;
  accessTtlS: number;
  refreshTtlS: number;
  authCodeTtlS: number;
  idpSessionTtlS: number;
  refreshAtFraction: number;
  maxRetries: number;
  retryIntervalS: number;
  graceS: number;
  bannerText: string;
  deploymentType: DeploymentType;
  /**
   * Unified CCE's Logout on Agent Disconnect (LOAD): on, presence loss logs the agent out; off (the default), the CTI
   * server puts the agent in NOT_READY with reason code 255. Unified CCX always logs out (DevNet: Desktop Presence and Forced Logout).
   */
  logoutOnAgentDisconnect: boolean;
  /** The IdS check that an access token's `rt` names the presented refresh token. Off only for the mutation check. */
  mismatchCheck: boolean;
  finesseVersion: string;
  /** Decides the token form: RS256-signed from 12.6(2), encrypted (JWE) before. */
  idsVersion: string;
  /** The IdS's "Encrypt Token" setting: on, tokens are encrypted (JWE) whatever the version (DevNet: Single Sign-On). */
  tokenEncryption: boolean;
  fault: LabFault;
  /** How long a fault with a duration (`ids-unreachable`) lasts, in lab seconds. */
  faultDurationS: number;
  /** How far the agent's computer clock is ahead of the lab's (negative: behind), in seconds; the browser's clock only. */
  agentClockSkewS: number;
  /** How far the IdP's clock is ahead of the lab's (negative: behind), in seconds: its SAML assertions' NotBefore/NotOnOrAfter move with it. */
  idpClockSkewS: number;
  /** Which identity provider's sign-in form the IdP serves. */
  idpKind: IdpFormKind;
  idpSite: IdpSite;
  idsCookieSameSite: IdsCookieSameSite;
  /** When set, the IdP sends every sign-in on to this URL (home-realm discovery to another IdP): the allow-list test's foreign host. */
  idpRedirectUrl: string;
  /** Which desktop the mock serves (DESKTOP_VARIANTS). */
  desktopVariant: DesktopVariant;
  /**
   * A lab that carries secrets where real labs do, under names no redaction list has (mock/hostile/): a BOSH channel
   * with SASL PLAIN, a gadget with `st=`, page tickets, a WebSocket ticket, a custom auth header, another vendor's cookie.
   */
  hostile: boolean;
}

export const DEFAULT_BANNER_TEXT = 'There are problems keeping your signed-in session active. You will be signed out in 10 minutes.';

export const DEFAULT_SETTINGS: LabSettings = {
  profile: 'affected',
  tokenStorage: 'sessionCookie',
  accessTtlS: 3600,
  refreshTtlS: 36000,
  authCodeTtlS: 60,
  idpSessionTtlS: 8 * 3600,
  refreshAtFraction: 0.75,
  maxRetries: 3,
  retryIntervalS: 60,
  graceS: 600,
  bannerText: DEFAULT_BANNER_TEXT,
  deploymentType: 'UCCE',
  logoutOnAgentDisconnect: false,
  mismatchCheck: true,
  finesseVersion: '12.6(2)',
  idsVersion: '12.6(2)',
  tokenEncryption: false,
  fault: 'none',
  faultDurationS: 300,
  agentClockSkewS: 0,
  idpClockSkewS: 0,
  idpKind: 'adfs',
  idpSite: 'same-site',
  idsCookieSameSite: 'None',
  idpRedirectUrl: '',
  desktopVariant: 'standard',
  hostile: false,
};

const NUMBER_LIMITS: Partial<Record<keyof LabSettings, [number, number]>> = {
  accessTtlS: [10, 86_400],
  refreshTtlS: [20, 604_800],
  authCodeTtlS: [1, 600],
  idpSessionTtlS: [1, 604_800],
  // Down to 2 %: a short real-time run keeps a long lifetime (the stale token outlives a slow restart) and refreshes often.
  refreshAtFraction: [0.02, 0.95],
  maxRetries: [0, 10],
  retryIntervalS: [1, 3600],
  graceS: [1, 7200],
  faultDurationS: [1, 86_400],
  agentClockSkewS: [-86_400, 86_400],
  idpClockSkewS: [-86_400, 86_400],
};

/** Checks a partial update from the control surface or the command line; returns the problems found. */
export function settingsProblems(update: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(update)) {
    if (!(key in DEFAULT_SETTINGS)) {
      problems.push(`${key}: unknown setting`);
      continue;
    }
    const expected = typeof DEFAULT_SETTINGS[key as keyof LabSettings];
    if (typeof value !== expected) problems.push(`${key}: expected a ${expected}`);
    const limits = NUMBER_LIMITS[key as keyof LabSettings];
    if (limits && typeof value === 'number' && (value < limits[0] || value > limits[1])) problems.push(`${key}: expected ${limits[0]} to ${limits[1]}`);
  }
  if ('profile' in update && !(DEFECT_PROFILES as readonly unknown[]).includes(update.profile))
    problems.push(`profile: expected ${DEFECT_PROFILES.join(' or ')}`);
  if ('fault' in update && !(LAB_FAULTS as readonly unknown[]).includes(update.fault)) problems.push(`fault: expected ${LAB_FAULTS.join(', ')}`);
  if ('tokenStorage' in update && !(TOKEN_STORAGES as readonly unknown[]).includes(update.tokenStorage))
    problems.push(`tokenStorage: expected ${TOKEN_STORAGES.join(', ')}`);
  if ('deploymentType' in update && !(DEPLOYMENT_TYPES as readonly unknown[]).includes(update.deploymentType))
    problems.push(`deploymentType: expected ${DEPLOYMENT_TYPES.join(' or ')}`);
  if ('idpKind' in update && !(IDP_FORM_KINDS as readonly unknown[]).includes(update.idpKind)) problems.push(`idpKind: expected ${IDP_FORM_KINDS.join(', ')}`);
  if ('desktopVariant' in update && !Object.keys(DESKTOP_VARIANTS).includes(update.desktopVariant as string))
    problems.push(`desktopVariant: expected ${Object.keys(DESKTOP_VARIANTS).join(', ')}`);
  if ('idpSite' in update && !(IDP_SITES as readonly unknown[]).includes(update.idpSite)) problems.push(`idpSite: expected ${IDP_SITES.join(' or ')}`);
  if ('idsCookieSameSite' in update && !(IDS_COOKIE_SAME_SITE as readonly unknown[]).includes(update.idsCookieSameSite))
    problems.push(`idsCookieSameSite: expected ${IDS_COOKIE_SAME_SITE.join(' or ')}`);
  return problems;
}
