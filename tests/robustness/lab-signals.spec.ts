import { createServer, type Server } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runCli } from './run-cli.ts';
import { entriesStartingWith, groupAlive, killGroup, startAsUser, until, type UserProcess } from './user-process.ts';

/**
 * `npm run lab` stopped the ways a user or a script stops it: SIGTERM or SIGINT to the npm process
 * alone (npm → sh → tsx → node), and Ctrl+C to the whole job. Each time the lab stops, its ports
 * are free again and its private log folder is gone.
 */
let scratch: string;
let lab: UserProcess | undefined;
test.beforeEach(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'robust-lab-'));
  mkdirSync(path.join(scratch, 'tmp'));
});
test.afterEach(() => {
  killGroup(lab?.child.pid);
  lab = undefined;
  rmSync(scratch, { recursive: true, force: true });
});

const tmp = () => path.join(scratch, 'tmp');

async function startLab(): Promise<{ ports: number[]; logs: string }> {
  lab = startAsUser(['npm', 'run', '-s', 'lab', '--', '--json'], { TMPDIR: tmp() });
  await until(() => lab!.stdout().includes('\n'), 60_000, 'the lab to be ready');
  const ready = JSON.parse(lab.stdout().split('\n')[0]!) as { finesse: string; ids: string; idp: string; control: string; logs: string };
  return { ports: [ready.finesse, ready.ids, ready.idp, ready.control].map((url) => Number(new URL(url).port)), logs: ready.logs };
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server: Server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function expectStopped(ports: number[], logs: string): Promise<void> {
  const pgid = lab!.child.pid!;
  await until(() => !groupAlive(pgid), 20_000, 'every process of npm run lab to end');
  for (const port of ports) expect(await portFree(port), `port ${port}`).toBe(true);
  expect(entriesStartingWith(path.dirname(logs), path.basename(logs))).toEqual([]);
  expect(entriesStartingWith(tmp(), 'finesse-mock-lab-')).toEqual([]);
}

test('the lab keeps its logs in a private folder (0700)', async () => {
  const { ports, logs } = await startLab();
  expect(statSync(logs).mode & 0o777).toBe(0o700);
  process.kill(-lab!.child.pid!, 'SIGINT');
  await expectStopped(ports, logs);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} to the npm process alone stops the lab and frees its ports`, async () => {
    const { ports, logs } = await startLab();
    process.kill(lab!.child.pid!, signal);
    await expectStopped(ports, logs);
  });
}

test('Ctrl+C (SIGINT to the whole job) stops the lab and frees its ports', async () => {
  const { ports, logs } = await startLab();
  process.kill(-lab!.child.pid!, 'SIGINT');
  // The lab ends normally (0); npm, signalled too, may report the interrupt (130).
  expect([0, 130]).toContain(await lab!.exited);
  await expectStopped(ports, logs);
});

test('an occupied port is named; the failed start leaves no temporary folder', async () => {
  const blocker = createServer();
  const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
  try {
    test.skip(port > 65_532 || port < 1024, 'the port picked cannot be a --port-base');
    const { code, stderr } = runCli('lab', ['--port-base', String(port)], { env: { TMPDIR: tmp() } });
    expect(code).toBe(1);
    expect(stderr).toContain(`Cannot start the mock lab: port ${port} on 127.0.0.1 is already in use`);
    expect(entriesStartingWith(tmp(), 'finesse-mock-lab-')).toEqual([]);
  } finally {
    blocker.close();
  }
});
