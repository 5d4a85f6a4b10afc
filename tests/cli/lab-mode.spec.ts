/**
 * Lab mode as a user runs it against a Finesse it has never seen: the embedded mock started as its own
 * process serving one desktop variant each (another DOM, banner, countdown, refresh form, token source),
 * then `npm run survey` and `npm run diagnose` with the lab's public URLs only. The harness is never
 * told the variant: what each test expects of the profile follows from the variant's traits.
 * Short lifetimes on the lab side only; the harness learns every wait from what it sees.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEFAULT_BANNER_TEXT, DESKTOP_VARIANTS, type DesktopTraits, type TokenStorage } from '../../mock/settings.ts';
import { CHECK_IDS, DISRUPTIVE_CHECKS } from '../../src/diagnose/checks.ts';
import { DISRUPTIVE_SKIP_REASON } from '../../src/diagnose/plan.ts';
import type { Landmarks, LabProfile } from '../../src/lab/lab-profile.ts';
import { findTokenShapedStrings } from '../../src/redaction/token-shape.ts';
import type { DiagnoseDocument } from './diagnose-document.ts';
import { LAB_PASSWORD, SHORT_TIMINGS, labEnv, startLabProcess } from './lab-process.ts';
import { leaksUnder } from './leaks-under.ts';
import { entryPoint, runEntryPoint } from './run-entry-point.ts';

const SURVEY = entryPoint('survey');
const DIAGNOSE = entryPoint('diagnose');

/** What the survey must record of a desktop with these traits (the standard desktop's names are the mock's own). */
function expectedLandmarks(traits: DesktopTraits): Record<keyof Pick<Landmarks, 'identity' | 'banner' | 'signedOut'>, unknown> {
  const wording = (traits.bannerText ?? DEFAULT_BANNER_TEXT).split(/[.;]/)[0]!;
  const identity =
    traits.identity === 'labelled-name'
      ? { locator: { label: 'Agent name' }, shows: 'displayName' }
      : traits.identity === 'name-and-extension'
        ? { locator: { text: '{displayName}' }, shows: 'displayName' }
        : { locator: { text: '{username}' }, shows: 'username' };
  return {
    identity: { ...identity, foundBy: expect.any(String) },
    banner: {
      locator: traits.banner === 'alert' ? { role: 'alert', text: wording } : { text: wording },
      countdown: traits.countdown,
      foundBy: expect.stringContaining('the text that appeared after the refreshes failed'),
    },
    signedOut: { path: '/desktop/signed-out', heading: 'Signed out', foundBy: expect.any(String) },
  };
}

/** Each variant keeps its token in another store: a server-set HttpOnly cookie, memory only, web storage. */
const STORAGES: readonly TokenStorage[] = ['sessionCookie', 'memory', 'sessionStorage'];

function expectedLocation(storage: TokenStorage): LabProfile['tokenLocation'] {
  if (storage === 'sessionCookie') return { kind: 'cookie', name: 'finesse_access_token' };
  return storage === 'memory' ? { kind: 'memory' } : { kind: 'sessionStorage', name: 'finesse.sso.token' };
}

/** Putting the token back has an effect where a store holds it and the refresh reads it there (Finesse reads its own cookie). */
function injectionTakesEffect(storage: TokenStorage, traits: DesktopTraits): boolean {
  return storage !== 'memory' && (storage === 'sessionCookie' || traits.refreshesFrom === 'store');
}

function expectedRefresh(traits: DesktopTraits): LabProfile['refreshRequest'] {
  return traits.refreshForm === 'post-form'
    ? { method: 'POST', path: '/desktop/sso/token', parameters: ['token', 'refresh-token'] }
    : { method: 'GET', path: '/desktop/sso/token', parameters: ['token', 'refresh-token', 'cc_username'] };
}

test.describe('lab mode against desktops it has never seen: npm run survey, then npm run diagnose', () => {
  // A survey and a diagnosis, each its own test runner with browser starts: about a minute on a quiet machine, several under load.
  test.describe.configure({ mode: 'parallel', timeout: 10 * 60_000 });

  for (const [index, [variant, traits]] of (Object.entries(DESKTOP_VARIANTS) as [string, DesktopTraits][]).entries()) {
    const storage = STORAGES[index % STORAGES.length]!;
    test(
      `desktop ${variant}, token in ${storage}: the survey learns it; diagnose reproduces and recovers`,
      { annotation: { type: 'detail', description: "the survey records the desktop's landmarks and the token's storage" } },
      async () => {
        const { child, lab } = await startLabProcess({ desktopVariant: variant, tokenStorage: storage, ...SHORT_TIMINGS });
        const scratch = mkdtempSync(path.join(os.tmpdir(), `lab-mode-${variant}-`));
        try {
          const env = labEnv(lab, path.join(scratch, 'reports'), 'agent007', { ALLOW_DISRUPTIVE: 'true' });
          const started = Date.now();
          const survey = await runEntryPoint(SURVEY, env);
          expect(survey.code, survey.stderr.slice(-3000)).toBe(0);
          const surveyedS = Math.round((Date.now() - started) / 1000);
          const profileText = readFileSync(path.join(scratch, 'reports', 'lab-profile.json'), 'utf8');
          const profile = JSON.parse(profileText) as LabProfile;

          await test.step('the profile records the landmarks, the token location and the refresh form', () => {
            expect(profile.landmarks).toMatchObject(expectedLandmarks(traits));
            expect(profile.tokenLocation).toEqual(expectedLocation(storage));
            expect(profile.refreshRequest).toEqual(expectedRefresh(traits));
            expect(profile.tokenResponse).toMatchObject({ method: 'GET', path: '/desktop/sso/token', expiresInS: SHORT_TIMINGS.accessTtlS });
            expect(profile.sessionFailure).toMatchObject({
              failedRefreshes: { statuses: [401, 401, 401, 401] },
              banner: { failedRefreshesBefore: 4 },
              signOut: { path: '/desktop/signed-out' },
            });
            expect(profileText).not.toContain(LAB_PASSWORD);
            expect(findTokenShapedStrings(profileText)).toEqual([]);
          });

          await test.step('an injection without effect is reported, and the field path made the refresh fail instead', () => {
            const failure = profile.sessionFailure as Extract<LabProfile['sessionFailure'], { cause: string }>;
            if (!injectionTakesEffect(storage, traits)) {
              expect(failure.withoutEffect).toEqual([
                storage === 'memory'
                  ? expect.stringMatching(/^no browser store holds the access token/)
                  : expect.stringMatching(/: the next refresh was answered, so the desktop refreshes from another source$/),
              ]);
              expect(failure.cause).toMatch(/^the field path: the browser restarted on the same profile/);
              expect(survey.stderr).toContain('[survey] warning: injection without effect:');
            } else {
              expect(failure.withoutEffect).toBeUndefined();
              expect(failure.cause).toMatch(/^the access token handed out at sign-in put back in /);
            }
          });

          const diagnose = await runEntryPoint([...DIAGNOSE, '--json'], env);
          expect(diagnose.code, diagnose.stderr.slice(-3000)).toBe(0);
          const document = JSON.parse(diagnose.stdout) as DiagnoseDocument;
          test
            .info()
            .annotations.push({ type: 'wall-seconds', description: `survey ${surveyedS}, diagnose ${Math.round((Date.now() - started) / 1000) - surveyedS}` });
          expect(document, diagnose.stderr.slice(-3000)).toMatchObject({
            target: 'lab',
            reproduced: true,
            recovered: true,
            versions: { finesse: expect.stringMatching(/^unknown/) },
          });
          expect(document.checks.map((check) => [check.id, check.status])).toEqual(CHECK_IDS.map((id) => [id, 'pass']));
          expect(diagnose.stdout + diagnose.stderr + survey.stdout + survey.stderr).not.toContain(LAB_PASSWORD);
          expect(await leaksUnder(path.join(scratch, 'reports'), [LAB_PASSWORD])).toEqual([]);
        } finally {
          child.kill('SIGTERM');
          rmSync(scratch, { recursive: true, force: true });
        }
      },
    );
  }

  test(
    'without ALLOW_DISRUPTIVE: the banner part and the disruptive checks are skipped, with the reason',
    { annotation: { type: 'detail', description: 'FINESSE_VERSION names the version; the pinned certificate is named, a wrong one refused' } },
    async () => {
      const { child, lab } = await startLabProcess(SHORT_TIMINGS);
      const scratch = mkdtempSync(path.join(os.tmpdir(), 'lab-mode-'));
      try {
        const env = labEnv(lab, path.join(scratch, 'reports'), 'agent008', { FINESSE_VERSION: '12.6(2)', LAB_CERT_SPKI: lab.spki.join(',') });
        const [survey, refused, wrongCertificate] = await Promise.all([
          runEntryPoint(SURVEY, env),
          runEntryPoint([...DIAGNOSE, '--profile', 'fixed'], env),
          runEntryPoint(SURVEY, { ...env, OUTPUT_DIR: path.join(scratch, 'other'), LAB_CERT_SPKI: `${'Q'.repeat(43)}=` }),
        ]);
        expect(survey.code, survey.stderr.slice(-3000)).toBe(0);
        const profile = JSON.parse(readFileSync(path.join(scratch, 'reports', 'lab-profile.json'), 'utf8')) as LabProfile;
        expect(profile).toMatchObject({
          finesseVersion: '12.6(2)',
          landmarks: { identity: { locator: { label: 'Agent name' } } },
          sessionFailure: { skipped: expect.stringMatching(/^disruptive: .*set ALLOW_DISRUPTIVE=true to record the banner$/) },
        });
        expect(survey.stderr).toMatch(/\[lab\] Certificate of finesse\.lab\.test:\d+: subject .*SPKI sha256 /);
        expect(survey.stderr).toMatch(/\[survey\] expectations for Finesse 12\.6\(2\): .*retriesBeforeBanner=3 \(confirmed\)/);

        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain('--profile: the defect profile is an option of the embedded mock lab');
        expect(wrongCertificate.code).not.toBe(0);
        expect(wrongCertificate.stderr).toMatch(/presents a certificate whose SPKI hash .* is not in LAB_CERT_SPKI/);

        const diagnose = await runEntryPoint([...DIAGNOSE, '--json'], env);
        expect(diagnose.code, diagnose.stderr.slice(-3000)).toBe(0);
        const document = JSON.parse(diagnose.stdout) as DiagnoseDocument;
        expect(document).toMatchObject({ target: 'lab', reproduced: false, recovered: false, versions: { finesse: '12.6(2)' } });
        expect(document.meaning).toMatch(/^Not checked: the reproduction and the recovery were skipped/);
        expect(document.checks.map((check) => [check.id, check.status, check.status === 'skip' ? check.detail : ''])).toEqual(
          CHECK_IDS.map((id) => (DISRUPTIVE_CHECKS.has(id) ? [id, 'skip', DISRUPTIVE_SKIP_REASON] : [id, 'pass', ''])),
        );
        expect(await leaksUnder(path.join(scratch, 'reports'), [LAB_PASSWORD])).toEqual([]);
      } finally {
        child.kill('SIGTERM');
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  );
});
