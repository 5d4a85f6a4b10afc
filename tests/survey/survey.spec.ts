/**
 * The survey `npm run survey` runs: sign in, watch what the desktop does with its tokens until the
 * first refresh, and write what was found (names and shapes, never values) to the lab profile.
 */
import { writeFileSync } from 'node:fs';
import { test } from '../../fixtures/index.ts';
import { SurveyObserver, systemVersions } from '../../fixtures/survey-observer.ts';
import type { LabProfile } from '../../src/lab/lab-profile.ts';

/** Past 75 % of the lifetime the refresh is due; this much more covers a late schedule. */
const REFRESH_MARGIN_S = 120;

test('survey the lab', { tag: '@survey' }, async ({ sso, browserProfile, labClock, lab }) => {
  const observer = new SurveyObserver();
  browserProfile.onOpen((context) => Promise.resolve(observer.watch(context)));
  await sso.signIn();
  const { page, context } = browserProfile;
  const tokenLocation = await observer.tokenLocation(page, context);
  const versions = await systemVersions(page);
  const expiresIn = observer.tokenResponse?.expiresInS;
  if (expiresIn !== undefined) {
    const maxS = Math.ceil(expiresIn) + REFRESH_MARGIN_S;
    console.log(`[survey] token lifetime ${expiresIn} s; waiting for the first refresh (at most ${maxS} s${lab.mock ? ' of mock lab time' : ', real time'})`);
    await labClock.runUntil(() => observer.refreshRequest !== undefined, { max: `${maxS}s`, description: 'the first refresh' });
  }
  const profile: LabProfile = {
    surveyedAt: new Date().toISOString(),
    desktopUrl: lab.desktopUrl,
    ...versions,
    tokenLocation,
    ...(observer.tokenResponse ? { tokenResponse: observer.tokenResponse } : {}),
    ...(observer.refreshRequest ? { refreshRequest: observer.refreshRequest } : {}),
  };
  writeFileSync(process.env.HARNESS_SURVEY_OUT!, `${JSON.stringify(profile, null, 2)}\n`);
});
