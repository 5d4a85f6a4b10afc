import type { TestRun, TestStep } from '../reports/playwright-results.ts';

/** Time outside every step: fixtures (the lab's reset, the profile folder, evidence attachments) and the test's own code. */
export const OUTSIDE_STEPS = 'outside steps';
/** Steps whose title names no area (`Area: what`): the scenario's own checks. */
export const CHECKS = 'checks';

/**
 * Where a scenario's wall time went, by area: a step titled `Browser: start ...` counts for
 * `Browser`, `Lab clock: run until ...` for `Lab clock`. Each step counts its own time only, not
 * its sub-steps' (a sign-in's browser start counts for `Browser`), so the areas add up to the run.
 */
export function stepBreakdown(run: Pick<TestRun, 'duration' | 'steps'>): Record<string, number> {
  const totals: Record<string, number> = {};
  const add = (area: string, ms: number) => (totals[area] = (totals[area] ?? 0) + ms);
  const walk = (steps: readonly TestStep[], parentArea: string): number => {
    let sum = 0;
    for (const step of steps) {
      const area = /^([A-Z][\w ]{0,30}):\s/.exec(step.title)?.[1] ?? parentArea;
      add(area, step.duration - walk(step.steps ?? [], area));
      sum += step.duration;
    }
    return sum;
  };
  add(OUTSIDE_STEPS, run.duration - walk(run.steps ?? [], CHECKS));
  return totals;
}

/** How many times the run started the browser (its `Browser: start` steps). */
export function browserStarts(run: Pick<TestRun, 'steps'>): number {
  const count = (steps: readonly TestStep[]): number =>
    steps.reduce((sum, step) => sum + (step.title.startsWith('Browser: start') ? 1 : 0) + count(step.steps ?? []), 0);
  return count(run.steps ?? []);
}
