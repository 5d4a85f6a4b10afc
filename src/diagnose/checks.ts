import { formatDuration } from '../kernel/duration.ts';

interface CheckSpec {
  /** The contract of `diagnose --json`. */
  id: string;
  title: string;
  /** Forces the test agent out (a stale token, a refused refresh, the sign-out): runs against a lab only with ALLOW_DISRUPTIVE. */
  disruptive: boolean;
}

/** The checks of a diagnosis, in the order they run. */
const CHECKS = [
  { id: 'sso-sign-in', title: 'SSO sign-in (IdP, extension, desktop)', disruptive: false },
  { id: 'healthy-refresh', title: 'Healthy refresh at 75 % of the lifetime', disruptive: false },
  { id: 'token-response-cached', title: 'Token response served from the browser cache after a restart', disruptive: true },
  { id: 'refresh-token-mismatch', title: 'IdS refused a stale access token with the current refresh token', disruptive: true },
  { id: 'warning-banner', title: 'Warning banner after three failed retries', disruptive: true },
  { id: 'forced-sign-out', title: 'Forced sign-out after the grace period', disruptive: true },
  { id: 'restart-alone-does-not-recover', title: 'Restarting the browser alone does not recover', disruptive: true },
  { id: 'cache-clear-recovers', title: 'Clearing the cache and restarting recovers the session', disruptive: true },
] as const satisfies readonly CheckSpec[];

export type CheckId = (typeof CHECKS)[number]['id'];

export const CHECK_IDS: readonly CheckId[] = CHECKS.map((check) => check.id);

export const CHECK_TITLES = Object.fromEntries(CHECKS.map((check) => [check.id, check.title])) as Record<CheckId, string>;

export const DISRUPTIVE_CHECKS: ReadonlySet<CheckId> = new Set(CHECKS.filter((check) => check.disruptive).map((check) => check.id));

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface Check {
  id: CheckId;
  status: CheckStatus;
  /** ISO-8601 lab time of the moment the check is about, when there is one. */
  labTime?: string;
  detail: string;
}

export interface Verdict {
  reproduced: boolean;
  recovered: boolean;
  meaning: string;
}

const passed = (checks: readonly Check[], id: CheckId) => checks.some((check) => check.id === id && check.status === 'pass');
const timeOf = (checks: readonly Check[], id: CheckId) => {
  const labTime = checks.find((check) => check.id === id)?.labTime;
  return labTime ? Date.parse(labTime) : undefined;
};

/**
 * The answer in one sentence: reproduced when the cached token response led to an IdS mismatch;
 * recovered when the session lived after clearing the cache and restarting. Neither when the
 * disruptive checks were skipped (a lab without ALLOW_DISRUPTIVE): the sentence says so.
 */
export function verdictOf(checks: readonly Check[]): Verdict {
  const notRun = checks.find((check) => check.id === 'token-response-cached' && check.status === 'skip');
  if (notRun) {
    const healthy = passed(checks, 'sso-sign-in') && passed(checks, 'healthy-refresh');
    return {
      reproduced: false,
      recovered: false,
      meaning: `Not checked: the reproduction and the recovery were skipped (${notRun.detail}). ${healthy ? 'Sign-in and the first refresh were healthy.' : 'Sign-in or the first refresh did NOT work.'}`,
    };
  }
  const reproduced = passed(checks, 'token-response-cached') && passed(checks, 'refresh-token-mismatch');
  const recovered = passed(checks, 'cache-clear-recovers');
  const parts: string[] = [];
  if (reproduced) {
    const signOut = timeOf(checks, 'forced-sign-out');
    // The sign-in that picked up the cached response, as the seed counts its "13 minutes".
    const start = timeOf(checks, 'token-response-cached');
    const when = signOut !== undefined && start !== undefined ? ` ${formatDuration(signOut - start)} after signing in` : '';
    parts.push(
      `Affected: a cached token response caused a refresh-token mismatch; the agent was ${passed(checks, 'forced-sign-out') ? `signed out${when}` : 'warned but not signed out'}.`,
    );
    parts.push(
      recovered
        ? 'Clearing the cache and restarting the browser recovered the session;'
        : 'Clearing the cache and restarting the browser did NOT recover the session;',
    );
    parts.push(passed(checks, 'restart-alone-does-not-recover') ? 'restarting alone did not.' : 'restarting alone also recovered it.');
  } else {
    parts.push(
      passed(checks, 'token-response-cached')
        ? 'Not reproduced: the token response came from the cache, but the IdS accepted the refresh.'
        : 'Not affected: after the restart the token response was fetched from the server and the refresh succeeded; no banner, no forced sign-out.',
    );
    parts.push(recovered ? 'Clearing the cache and restarting kept the session working.' : 'The session did NOT survive clearing the cache and restarting.');
  }
  return { reproduced, recovered, meaning: parts.join(' ') };
}
