import { expect, test } from '@playwright/test';
import { flakeVerdict } from '../../src/flake/quarantine-rule.ts';
import { passRate } from '../../src/flake/wilson.ts';

test.describe('flake statistics: Wilson score interval', () => {
  test('matches published values (Newcombe 1998: 81 of 263 → 0.2553 – 0.3662)', () => {
    const rate = passRate(81, 263);
    expect(rate.rate).toBeCloseTo(0.308, 3);
    expect(rate.lower95).toBeCloseTo(0.2553, 4);
    expect(rate.upper95).toBeCloseTo(0.3662, 4);
  });

  test('all passes vouch for less than 100 %: 10 of 10 → lower bound n/(n+z²) = 0.722', () => {
    const rate = passRate(10, 10);
    expect(rate.upper95).toBeCloseTo(1, 10);
    expect(rate.lower95).toBeCloseTo(10 / (10 + 1.959963984540054 ** 2), 10);
    expect(rate.lower95).toBeCloseTo(0.7225, 4);
  });

  test('no passes: the interval starts at 0 and stays inside [0, 1]', () => {
    const rate = passRate(0, 5);
    expect(rate.lower95).toBe(0);
    expect(rate.upper95).toBeCloseTo(0.4345, 4);
  });

  test('the interval narrows as the runs grow at the same rate', () => {
    const small = passRate(9, 10);
    const large = passRate(90, 100);
    expect(large.lower95).toBeGreaterThan(small.lower95);
    expect(large.upper95).toBeLessThan(small.upper95);
  });

  test('impossible counts are refused', () => {
    expect(() => passRate(3, 2)).toThrow(/0 <= passed <= runs/);
    expect(() => passRate(0, 0)).toThrow(RangeError);
    expect(() => passRate(1.5, 3)).toThrow(RangeError);
  });
});

test.describe('quarantine rule', () => {
  test('35 passes in a row make a scenario stable; 34 are not yet enough', () => {
    expect(flakeVerdict(passRate(35, 35))).toBe('stable');
    expect(flakeVerdict(passRate(34, 34))).toBe('run more');
  });

  test('one failure in 20 is not yet proof; two are: quarantine', () => {
    expect(flakeVerdict(passRate(19, 20))).toBe('run more');
    expect(flakeVerdict(passRate(18, 20))).toBe('quarantine');
  });

  test('one failure in 200 runs is stable: the rule tolerates a rare failure once the sample is large', () => {
    expect(flakeVerdict(passRate(199, 200))).toBe('stable');
  });
});
