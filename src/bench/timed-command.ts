import { spawnSync } from 'node:child_process';

/** Runs a command to its end as a user would and returns how long it took (seconds), its output and exit status. */
export function timedCommand(command: string[], env: Record<string, string> = {}): { seconds: number; stdout: string; status: number } {
  const start = performance.now();
  const result = spawnSync(command[0]!, command.slice(1), { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { seconds: (performance.now() - start) / 1000, stdout: result.stdout, status: result.status ?? -1 };
}
