import { expect, test } from '@playwright/test';
import { benchTable, describeMachine } from '../../src/bench/bench-table.ts';
import { loadAgentCount } from '../../src/bench/load-agents.ts';
import { atLeast, atMost, measured, percentile } from '../../src/bench/metric.ts';

test.describe('bench: one table of every metric', () => {
  test('a row per metric: median with unit, target, status, and the ratio to the limit with the note', () => {
    const table = benchTable([
      atMost('lab.start_ms', 210, 'ms', 500, 11),
      { ...atLeast('load.speed_up_2_workers', 1.1, '×', 1.2, 1), note: 'wall time on 1 worker / on 2 workers' },
      measured('suite.wall_s', 185.4, 's'),
    ]).split('\n');
    expect(lines(table)).toEqual([
      ['metric', 'median', 'target', 'status', 'ratio / note'],
      ['lab.start_ms', '210 ms', '<= 500', 'ok', '0.42 × limit; 11 runs'],
      ['load.speed_up_2_workers', '1.1 ×', '>= 1.2', 'MISSED', '0.92 × limit; wall time on 1 worker / on 2 workers; 1 run'],
      ['suite.wall_s', '185.4 s'],
    ]);
    expect(table[1]).toMatch(/^-+ {2}-+/);
  });

  test('the machine line names cores, CPU, memory, OS, Node and the browser', () => {
    expect(
      describeMachine({ cores: 2, cpu: 'Xeon', memoryGiB: 8, os: 'Linux 6.1', node: 'v20.19.0', browser: '156.0 (/usr/bin/chromium; chosen by system)' }),
    ).toBe('2 × Xeon, 8 GiB, Linux 6.1, Node v20.19.0, 156.0 (/usr/bin/chromium; chosen by system)');
  });
});

/** The table's cells, split on the two-space column gaps. */
function lines(table: string[]): string[][] {
  return table.filter((_, index) => index !== 1).map((line) => line.split(/ {2,}/));
}

test.describe('bench: percentiles and the load scenario size', () => {
  test('nearest-rank percentiles are measured values', () => {
    const values = [40, 10, 30, 20, 50, 60, 70, 80, 90, 100];
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 90)).toBe(90);
    expect(percentile(values, 95)).toBe(100);
    expect(percentile(values, 0)).toBe(10);
    expect(percentile([7], 99)).toBe(7);
    expect(() => percentile([], 50)).toThrow(/no values/);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  test('the load scenario signs in 20 agents unless told otherwise, and at most the 50 the mock knows', () => {
    expect(loadAgentCount(undefined)).toBe(20);
    expect(loadAgentCount(' ')).toBe(20);
    expect(loadAgentCount('8')).toBe(8);
    expect(() => loadAgentCount('51')).toThrow('HARNESS_LOAD_AGENTS: "51" is not allowed; expected a whole number of agents from 1 to 50');
    expect(() => loadAgentCount('ten')).toThrow(/HARNESS_LOAD_AGENTS/);
    expect(() => loadAgentCount('0')).toThrow(/HARNESS_LOAD_AGENTS/);
  });
});
