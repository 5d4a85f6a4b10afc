import { spawnSync } from 'node:child_process';
import { childrenCpuSeconds } from './children-cpu.ts';

/**
 * Runs a command to its end as a user would and returns how long it took (seconds), the CPU time it and every process
 * it waited for used (seconds; undefined without /proc), its output and exit status.
 */
export function timedCommand(command: string[], env: Record<string, string> = {}): { seconds: number; cpuSeconds?: number; stdout: string; status: number } {
  const cpuBefore = childrenCpuSeconds();
  const start = performance.now();
  const result = spawnSync(command[0]!, command.slice(1), { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  const cpuAfter = childrenCpuSeconds();
  return {
    seconds,
    ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuSeconds: cpuAfter - cpuBefore } : {}),
    stdout: result.stdout,
    status: result.status ?? -1,
  };
}
