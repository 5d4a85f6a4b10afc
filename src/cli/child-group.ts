import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { onShutdown } from './shutdown.ts';

/**
 * Starts a child in its own process group (so that it and everything it starts, the test runner's
 * workers and browsers, can be stopped together) and stops that group when this process shuts
 * down or exits. Resolves with the child's exit code.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): { child: ChildProcess; exited: Promise<number> } {
  const child = spawn(command, args, { ...options, detached: true });
  let running = true;
  // The whole group, not only the child: a worker outliving the runner would write on into folders being removed.
  const stop = async () => {
    if (child.pid === undefined || !groupAlive(child.pid)) return;
    // SIGINT first: the test runner treats it as Ctrl+C and closes its browsers; SIGKILL for what will not stop.
    for (const [signal, waitMs] of [
      ['SIGINT', 5_000],
      ['SIGTERM', 3_000],
      ['SIGKILL', 1_000],
    ] as const) {
      signalGroup(child.pid, signal);
      if (await groupGone(child.pid, waitMs)) return;
    }
  };
  const exited = new Promise<number>((resolve) => {
    child.on('error', () => {
      running = false;
      resolve(1);
    });
    child.on('close', (code, signal) => {
      running = false;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
  onShutdown(() => {
    // At exit only the synchronous part runs: the group is told to stop either way.
    if (running && child.pid !== undefined) signalGroup(child.pid, 'SIGINT');
    return stop();
  });
  return { child, exited };
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function groupGone(pid: number, waitMs: number): Promise<boolean> {
  for (const end = Date.now() + waitMs; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 50))) if (!groupAlive(pid)) return true;
  return !groupAlive(pid);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
