import { spawnSync } from 'node:child_process';
import { userEnvironment } from './user-process.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One entry point run to its end as a user runs it (`npm run X` is one node process with tsx's loader; npm adds only start-up time), in any folder. */
export function runCli(
  script: string,
  args: string[],
  { env = {}, cwd = process.cwd(), input, timeoutMs = 60_000 }: { env?: Record<string, string>; cwd?: string; input?: string; timeoutMs?: number } = {},
): CliResult {
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), `${process.cwd()}/scripts/${script}.ts`, ...args], {
    cwd,
    env: userEnvironment(env),
    input,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
