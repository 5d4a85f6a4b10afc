import { sameSeconds, type SessionFailure } from './lab-profile.ts';
import type { Expectations, Fact } from './version-expectations.ts';

function expected(name: string, fact: Fact<unknown>): string {
  return `expected ${name}=${JSON.stringify(fact.value)} (${fact.status}: ${fact.source})`;
}

/**
 * Where what the survey saw when a refresh failed differs from what the harness expects of this
 * Finesse version (and of the banner the scenarios look for): one warning each. Nothing when skipped.
 */
export function sessionFailureWarnings(observed: SessionFailure, facts: Expectations, bannerPattern: RegExp): string[] {
  if ('skipped' in observed) return [];
  const warnings = [
    ...(observed.withoutEffect ?? []).map((what) => `injection without effect: ${what}; the survey fell back on the field path`),
    ...(observed.notSeen ?? []).map((what) => `not seen: ${what}`),
  ];
  const { atS } = observed.failedRefreshes;
  const spacings = atS.slice(1).map((at, index) => at - atS[index]!);
  const meanSpacing = spacings.reduce((sum, spacing) => sum + spacing, 0) / spacings.length;
  if (spacings.length > 0 && !sameSeconds(meanSpacing, facts.retryIntervalS.value))
    warnings.push(`failed refreshes came ${Math.round(meanSpacing)} s apart; ${expected('retryIntervalS', facts.retryIntervalS)}`);
  const { banner, signOut } = observed;
  if (!banner) return warnings;
  const retries = banner.failedRefreshesBefore - 1;
  if (retries !== facts.retriesBeforeBanner.value)
    warnings.push(
      `the banner came after ${banner.failedRefreshesBefore} failed refreshes (${retries} retries); ${expected('retriesBeforeBanner', facts.retriesBeforeBanner)}`,
    );
  if (!bannerPattern.test(banner.text)) warnings.push(`the banner's text does not match ${bannerPattern}: put its wording in BANNER_PATTERN`);
  const graceS = facts.graceMinutes.value * 60;
  if (banner.countdownS === undefined)
    warnings.push(`the banner shows no countdown: the wait for the sign-out falls back on the ${expected('graceMinutes', facts.graceMinutes)}`);
  else if (!sameSeconds(banner.countdownS, graceS))
    warnings.push(`the banner's countdown showed ${banner.countdownS} s; ${expected('graceMinutes', facts.graceMinutes)}`);
  if (signOut && !sameSeconds(signOut.afterBannerS, graceS))
    warnings.push(`the agent was signed out ${signOut.afterBannerS} s after the banner; ${expected('graceMinutes', facts.graceMinutes)}`);
  return warnings;
}
