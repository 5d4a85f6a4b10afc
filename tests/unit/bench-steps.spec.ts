import { expect, test } from '@playwright/test';
import { CHECKS, OUTSIDE_STEPS, browserStarts, stepBreakdown } from '../../src/bench/step-breakdown.ts';

/** A scenario's run as the JSON report has it: a sign-in holding a browser start, a restart, a lab-clock wait, a check. */
const RUN = {
  duration: 5000,
  steps: [
    {
      title: 'Sign in, work, restart the browser, sign in again',
      duration: 3900,
      steps: [
        {
          title: 'SSO: sign in agent001 through adfs',
          duration: 1800,
          steps: [
            { title: 'Browser: start (persistent profile)', duration: 900 },
            { title: 'Desktop: sign in with extension 1001', duration: 300 },
          ],
        },
        {
          title: 'Browser: close and start again (same profile)',
          duration: 1000,
          steps: [
            { title: 'Browser: close', duration: 100 },
            { title: 'Browser: start (persistent profile)', duration: 850 },
          ],
        },
        { title: 'SSO: sign in agent001 through adfs', duration: 1000 },
      ],
    },
    { title: 'Lab clock: run until the session banner (at most 480s)', duration: 400 },
    { title: 'the second sign-in read the token response from the browser cache', duration: 20 },
  ],
};

test.describe('bench: where a scenario spends its time', () => {
  test("each area counts its steps' own time, without their sub-steps, and the areas add up to the run", () => {
    const breakdown = stepBreakdown(RUN);
    expect(breakdown).toEqual({
      SSO: 600 + 1000,
      Browser: 900 + 50 + 100 + 850,
      Desktop: 300,
      [CHECKS]: 100 + 20,
      'Lab clock': 400,
      [OUTSIDE_STEPS]: 5000 - 3900 - 400 - 20,
    });
    expect(Object.values(breakdown).reduce((sum, ms) => sum + ms, 0)).toBe(RUN.duration);
  });

  test('the browser starts are counted from the steps, wherever they are nested', () => {
    expect(browserStarts(RUN)).toBe(2);
    expect(browserStarts({ steps: [] })).toBe(0);
  });
});
