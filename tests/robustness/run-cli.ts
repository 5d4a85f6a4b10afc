import { spawnSync } from 'node:child_process';
import { userEnvironment } from './user-process.ts';

/** A user other than the one running the tests (as root: `nobody`, for what root's rights would hide). */
export interface OtherUser {
  uid: number;
  gid: number;
}

/** Debian's `nobody`/`nogroup`. */
export const NOBODY: OtherUser = { uid: 65534, gid: 65534 };

/** Whether `user` can start an entry point here: load tsx (and its cache) and read `file`. */
export function canRunAs(user: OtherUser, file: string): boolean {
  const probe = 'import("node:fs").then((fs) => fs.accessSync(process.argv[1], fs.constants.R_OK))';
  return spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '-e', probe, file], { env: userEnvironment({}), ...user }).status === 0;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One entry point run to its end as a user runs it (`npm run X` is one node process with tsx's loader; npm adds only start-up time), in any folder. */
export function runCli(
  script: string,
  args: string[],
  {
    env = {},
    cwd = process.cwd(),
    input,
    timeoutMs = 60_000,
    user,
  }: { env?: Record<string, string>; cwd?: string; input?: string; timeoutMs?: number; user?: OtherUser } = {},
): CliResult {
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), `${process.cwd()}/scripts/${script}.ts`, ...args], {
    cwd,
    ...user,
    env: userEnvironment(env),
    input,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
