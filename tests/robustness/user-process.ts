import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** A command as a terminal runs it: its own process group (the foreground job Ctrl+C signals), output collected. */
export interface UserProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** The environment a user's shell gives: no HARNESS_* switches of the outer test run. */
export function userEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HARNESS_') && !name.startsWith('TEST_'))), CI: '', ...extra };
}

export function startAsUser(command: string[], env: Record<string, string>, cwd = process.cwd()): UserProcess {
  const child = spawn(command[0]!, command.slice(1), { cwd, env: userEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Whether any process of the group is still alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops whatever is left of a group (after a test's assertions, so a failing test leaves nothing running). */
export function killGroup(pgid: number | undefined): void {
  if (pgid === undefined) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

/** Polls `condition` every 50 ms until it holds or `timeoutMs` passes. */
export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The environment variables of the live processes whose environment holds `marker` (a path unique to the test). */
export function environmentsHolding(marker: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/environ`, 'latin1');
    } catch {
      continue;
    }
    if (!text.includes(marker)) continue;
    found.push(
      Object.fromEntries(
        text
          .split('\0')
          .filter(Boolean)
          .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
      ),
    );
  }
  return found;
}

/** Entries of `folder` whose names start with `prefix` (none when the folder is gone). */
export function entriesStartingWith(folder: string, prefix: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.startsWith(prefix)) : [];
}

/** A stack trace's frame line, which must never reach a user. */
export const STACK_FRAME = /^\s+at .+\(.+:\d+:\d+\)$/m;
