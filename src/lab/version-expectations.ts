/**
 * What the harness expects of a Finesse desktop, keyed by Finesse version the way
 * `@grafana/plugin-e2e` keys its selectors by Grafana version: each expectation maps the first
 * version it holds for to its value, and a version gets, per expectation, the value of the newest
 * key not after it. Only what `finesse-sso.md` supports, each with its status there; the survey's
 * lab-profile.json, when it has an answer, wins over these.
 */

export type FactStatus = 'confirmed' | 'inferred' | 'unconfirmed';

export interface Fact<T> {
  value: T;
  status: FactStatus;
  source: string;
}

/** Loose on purpose: the exact wording is not public (finesse-sso.md §1.3); "10 minutes" is. */
export const DEFAULT_BANNER_PATTERN = '\\b(signed|logged) (out|off)\\b.*\\b10 minutes\\b';

/** SSO (and the IdS) exist from this release on (finesse-sso.md §1.1, §2.1). */
const FIRST_SSO_VERSION = '11.5(1)';

const VERSIONED = {
  bannerPattern: {
    [FIRST_SSO_VERSION]: {
      value: DEFAULT_BANNER_PATTERN,
      status: 'unconfirmed',
      source: '§1.3: the English wording is not public; match "signed/logged out" and "10 minutes" loosely',
    },
  },
  retriesBeforeBanner: {
    [FIRST_SSO_VERSION]: { value: 3, status: 'confirmed', source: '§3.3: client log "Unable to refresh access token after 3 retries" (TAC-212067)' },
  },
  retryIntervalS: {
    [FIRST_SSO_VERSION]: {
      value: 60,
      status: 'inferred',
      source: '§1.5, §3.3: three minutes from the first failure to the banner in the seed; not documented',
    },
  },
  graceMinutes: {
    [FIRST_SSO_VERSION]: {
      value: 10,
      status: 'inferred',
      source: "§1.2, §3.3: the TAC note's title; the seed's banner and logout lines are 10 min 11 s apart",
    },
  },
  refreshAtFraction: {
    [FIRST_SSO_VERSION]: { value: 0.75, status: 'confirmed', source: '§3.3: refresh after 75 % of the lifetime (DG125-193)' },
  },
  refreshRequest: {
    [FIRST_SSO_VERSION]: {
      value: { method: 'POST', path: '/desktop/sso/token' },
      status: 'confirmed',
      source: '§2.4: Refresh Existing Access Token (DG125-193)',
    },
  },
  /** The `cc_username`/`return_refresh_token` query form of the token API (TAC-215626); before it, a cookie only. */
  tokenQueryForm: {
    [FIRST_SSO_VERSION]: { value: false, status: 'confirmed', source: '§2.4: cc_username as a cookie only' },
    '11.6(1)ES10': { value: true, status: 'confirmed', source: '§2.4: from 11.6(1)ES10 (TAC-215626)' },
    '12.0(1)': { value: false, status: 'confirmed', source: '§2.4: 12.0(1) before ES3 (TAC-215626)' },
    '12.0(1)ES3': { value: true, status: 'confirmed', source: '§2.4: from 12.0(1)ES3 (TAC-215626)' },
    '12.5(1)': { value: false, status: 'confirmed', source: '§2.4: 12.5(1) before ES1 (TAC-215626)' },
    '12.5(1)ES1': { value: true, status: 'confirmed', source: '§2.4: from 12.5(1)ES1 (TAC-215626)' },
  },
  /** Access tokens may be signed (JWS) rather than only encrypted (JWE); IdS and Finesse ship together. */
  signedAccessTokens: {
    [FIRST_SSO_VERSION]: { value: false, status: 'confirmed', source: '§3.1: encrypted JWE by default' },
    '12.6(2)': { value: true, status: 'inferred', source: "§3.1: IdS 12.6(2) signs access tokens (DEV-IDSKEYS); the IdS version is taken to follow Finesse's" },
  },
} satisfies Record<string, Record<string, Fact<unknown>>>;

type Versioned = typeof VERSIONED;
export type ExpectationName = keyof Versioned;
export type Expectations = { [Name in ExpectationName]: Versioned[Name][keyof Versioned[Name]] extends Fact<infer T> ? Fact<T> : never };

export interface ResolvedExpectations {
  /** The version asked for, as given (undefined when the survey found none). */
  version?: string;
  expectations: Expectations;
  /** Set when the version was missing, unreadable or outside the known range. */
  warning?: string;
}

/** A parsed Finesse version: 12.5(1)ES1 → [12, 5, 1, 1]; no ES (or "ES" without a number) counts as ES 0. */
type VersionKey = [number, number, number, number];

const VERSION = /^\s*(\d+)\.(\d+)\s*\(\s*(\d+)\s*\)\s*(?:ES\s*(\d*))?/i;

export function parseFinesseVersion(text: string): VersionKey | undefined {
  const match = VERSION.exec(text);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3]), match[4] ? Number(match[4]) : 0];
}

function compare(a: VersionKey, b: VersionKey): number {
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return a[index]! - b[index]!;
  return 0;
}

function key(version: string): VersionKey {
  return parseFinesseVersion(version)!;
}

/** Per expectation, the value of the newest key at or before `version`; the oldest when it is before them all. */
function pick(version: VersionKey): Expectations {
  const entries = Object.entries(VERSIONED).map(([name, byVersion]) => {
    const keys = Object.keys(byVersion).sort((a, b) => compare(key(a), key(b)));
    const chosen = keys.filter((candidate) => compare(key(candidate), version) <= 0).at(-1) ?? keys[0]!;
    return [name, (byVersion as Record<string, Fact<unknown>>)[chosen]];
  });
  return Object.fromEntries(entries) as Expectations;
}

/** The newest version any expectation names: what an unknown version is taken to be. */
export const NEWEST_KNOWN_VERSION = Object.values(VERSIONED)
  .flatMap((byVersion) => Object.keys(byVersion))
  .sort((a, b) => compare(key(a), key(b)))
  .at(-1)!;

/** The expectations for a Finesse version as SystemInfo reports it, e.g. "12.6(2)" or "12.5(1) ES1". */
export function expectationsFor(version: string | undefined): ResolvedExpectations {
  const parsed = version === undefined ? undefined : parseFinesseVersion(version);
  if (!parsed) {
    const what =
      version === undefined
        ? 'no Finesse version known (set FINESSE_VERSION: no Finesse API gives it)'
        : `Finesse version ${JSON.stringify(version)} not recognised`;
    return { version, expectations: pick(key(NEWEST_KNOWN_VERSION)), warning: `${what}; using the expectations of ${NEWEST_KNOWN_VERSION}, the newest known` };
  }
  if (compare(parsed, key(FIRST_SSO_VERSION)) < 0) {
    return {
      version,
      expectations: pick(parsed),
      warning: `Finesse ${version} predates SSO (${FIRST_SSO_VERSION}); using the expectations of ${FIRST_SSO_VERSION}`,
    };
  }
  return { version, expectations: pick(parsed) };
}

/** What the banner must match: BANNER_PATTERN when set, else the version's pattern. */
export function bannerPatternFor(configured: RegExp | undefined, facts: Expectations): RegExp {
  return configured ?? new RegExp(facts.bannerPattern.value, 'i');
}

/** One line for a run's log: the version and each expectation's value and status. */
export function describeExpectations(resolved: ResolvedExpectations): string {
  const facts = Object.entries(resolved.expectations).map(([name, fact]) => `${name}=${JSON.stringify(fact.value)} (${fact.status})`);
  return `Finesse ${resolved.version ?? 'version unknown'}: ${facts.join(', ')}`;
}
