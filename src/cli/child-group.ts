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
  const stop = async () => {
    if (!running || child.pid === undefined) return;
    signalGroup(child.pid, 'SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000).unref())]);
    if (!stopped) signalGroup(child.pid, 'SIGKILL');
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
    if (running && child.pid !== undefined) signalGroup(child.pid, 'SIGTERM');
    return stop();
  });
  return { child, exited };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
