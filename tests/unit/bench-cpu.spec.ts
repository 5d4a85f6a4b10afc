import { expect, test } from '@playwright/test';
import { timedCommand } from '../../src/bench/timed-command.ts';

test.describe('bench: CPU time of a command', () => {
  test.skip(process.platform !== 'linux', 'CPU time comes from /proc');

  test("a command's CPU time counts its grandchildren, and waiting costs none", () => {
    // A shell whose child computes for about 0.3 s of CPU (a fixed amount of work, however loaded the machine), then
    // sleeps 0.5 s: the CPU time comes from the grandchild, and the sleep adds wall time only.
    const work = `node -e "let x = 0; for (let i = 0; i < 2e8; i++) x += i % 7; if (x < 0) console.log(x);" && sleep 0.5`;
    const run = timedCommand(['sh', '-c', work]);
    expect(run.status).toBe(0);
    expect(run.cpuSeconds).toBeGreaterThanOrEqual(0.2);
    expect(run.cpuSeconds!).toBeLessThanOrEqual(run.seconds - 0.5);
  });
});
