/**
 * The survey `npm run survey` runs: sign in, watch what the desktop does with its tokens until the
 * first refresh, with ALLOW_DISRUPTIVE make the next refresh fail and watch the banner and the
 * sign-out, and write what was found (names, shapes and redacted texts, never values) to the lab profile.
 */
import { writeFileSync } from 'node:fs';
import { test } from '../../fixtures/index.ts';
import { harnessConfig } from '../../fixtures/harness-config.ts';
import { surveyIdentity } from '../../fixtures/landmark-survey.ts';
import { surveySessionFailure, type SessionFailureSurvey } from '../../fixtures/session-failure-survey.ts';
import { SurveyObserver } from '../../fixtures/survey-observer.ts';
import type { LabProfile } from '../../src/lab/lab-profile.ts';
import { bannerPatternFor } from '../../src/lab/version-expectations.ts';

/** Past 75 % of the lifetime the refresh is due; this much more covers a late schedule. */
const REFRESH_MARGIN_S = 120;
const DISRUPTIVE_SKIPPED = 'disruptive: it makes a refresh fail and lets the desktop sign the test agent out; set ALLOW_DISRUPTIVE=true to record the banner';

test('survey the lab', { tag: '@survey' }, async ({ sso, browserProfile, labClock, lab, agent, expectations }) => {
  const observer = new SurveyObserver();
  browserProfile.onOpen((context) => Promise.resolve(observer.watch(context)));
  await sso.signIn();
  const { page, context } = browserProfile;
  const tokenLocation = await observer.tokenLocation(page, context);
  const identity = await surveyIdentity(page, agent);
  console.log(`[survey] identity: ${identity.identity ? identity.identity.foundBy : identity.identityNotFound}`);
  const versions = expectations.finesseVersion ? { finesseVersion: expectations.finesseVersion } : {};
  const expiresIn = observer.tokenResponse?.expiresInS;
  const refreshWithinS = expiresIn === undefined ? undefined : Math.ceil(expiresIn) + REFRESH_MARGIN_S;
  if (refreshWithinS !== undefined) {
    console.log(
      `[survey] token lifetime ${expiresIn} s; waiting for the first refresh (at most ${refreshWithinS} s${labClock.controlsTime ? ' of mock lab time' : ', real time'})`,
    );
    await labClock.runUntil(() => observer.refreshRequest !== undefined, { max: `${refreshWithinS}s`, description: 'the first refresh' });
  }
  // Against the embedded mock nothing real is disrupted, as for the @disruptive scenarios.
  const disruptive = !harnessConfig.lab || harnessConfig.lab.allowDisruptive;
  let surveyed: SessionFailureSurvey;
  if (!disruptive) surveyed = { sessionFailure: { skipped: DISRUPTIVE_SKIPPED }, landmarks: {} };
  else if (refreshWithinS === undefined || !observer.refreshRequest)
    surveyed = { sessionFailure: { skipped: 'no token response with a lifetime was seen, so no refresh to make fail' }, landmarks: {} };
  else {
    const { facts } = expectations;
    surveyed = await surveySessionFailure({
      profile: browserProfile,
      labClock,
      sso,
      agent,
      observer,
      tokenLocation,
      refreshShape: observer.refreshRequest,
      facts,
      ...(harnessConfig.bannerPattern ? { requiredBannerPattern: harnessConfig.bannerPattern } : {}),
      expectedBannerPattern: bannerPatternFor(undefined, facts),
      refreshWithinS,
      secrets: [harnessConfig.agent?.password ?? harnessConfig.mock.agentPassword],
    });
  }
  const { sessionFailure } = surveyed;
  if ('skipped' in sessionFailure) console.log(`[survey] the banner part was skipped: ${sessionFailure.skipped}`);
  const profile: LabProfile = {
    surveyedAt: new Date().toISOString(),
    desktopUrl: lab.desktopUrl,
    ...versions,
    tokenLocation,
    ...(observer.tokenResponse ? { tokenResponse: observer.tokenResponse } : {}),
    ...(observer.refreshRequest ? { refreshRequest: observer.refreshRequest } : {}),
    landmarks: { ...identity, ...surveyed.landmarks },
    sessionFailure,
  };
  writeFileSync(process.env.HARNESS_SURVEY_OUT!, `${JSON.stringify(profile, null, 2)}\n`);
});
