import { readFileSync } from 'node:fs';

type Cleanup = () => void | Promise<void>;

const cleanups: Cleanup[] = [];
let installed = false;
let shuttingDown = false;
/** Exit code after a signal; undefined: the shell's 128 + signal number. */
let signalExitCode: number | undefined;

/** For a command whose normal end is a signal (the lab runs until Ctrl+C): exit with this code then. */
export function exitOnSignalWith(code: number): void {
  signalExitCode = code;
}

/**
 * Registers work that must happen however the process ends: stopping child process groups,
 * removing private temporary folders. Runs on SIGINT, SIGTERM and SIGHUP (then exits 130/143/129,
 * as a shell reports a signal) and at exit; latest registered first. Cleanups must be idempotent.
 */
export function onShutdown(cleanup: Cleanup): void {
  cleanups.unshift(cleanup);
  if (installed) return;
  installed = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)
    process.on(signal, () => void shutdown(signal, signalExitCode ?? code));
  // Synchronous work only at exit: the asynchronous part of a cleanup cannot run then.
  process.on('exit', () => {
    for (const each of cleanups) void runQuietly(each);
  });
}

/** Whether a signal (or a parent gone) is ending the process: its own message has been said, others would only repeat it. */
export function isShuttingDown(): boolean {
  return shuttingDown;
}

/** Runs every cleanup, then exits with `code`. A second signal while cleaning up is ignored: the cleanup finishes. */
export async function shutdown(reason: string, code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  process.stderr.write(`\n${reason}: stopping and cleaning up ...\n`);
  for (const each of cleanups) await runQuietly(each);
  process.exit(code);
}

async function runQuietly(cleanup: Cleanup): Promise<void> {
  try {
    await cleanup();
  } catch {
    // A cleanup that fails must not keep the others from running.
  }
}

/**
 * `npm run X` is npm → sh → tsx → node; npm stopped with SIGTERM leaves the rest running as
 * orphans. This watches the chain of ancestors as it was at start and shuts down when one of
 * them is gone (Linux /proc; elsewhere the direct parent only).
 */
export function shutdownWithAncestors(levels = 3): void {
  const chain = [process.ppid];
  for (let i = 1; i < levels; i += 1) {
    const parent = parentOf(chain.at(-1)!);
    if (parent === undefined || parent <= 1) break;
    chain.push(parent);
  }
  const timer = setInterval(() => {
    if (process.ppid !== chain[0]) return void shutdown('parent process gone', signalExitCode ?? 143);
    for (let i = 0; i + 1 < chain.length; i += 1) {
      if (parentOf(chain[i]!) !== chain[i + 1]) return void shutdown('parent process gone', signalExitCode ?? 143);
    }
  }, 500);
  timer.unref();
}

/** The parent of `pid` from /proc (undefined when gone or not Linux). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, the last `)` ends it.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}
