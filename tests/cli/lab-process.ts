import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MOCK_AGENTS, displayName } from '../../mock/agents.ts';

/** What `npm run lab -- --json` prints once ready: the public URLs, host map and certificate hashes. */
export interface RunningLab {
  finesse: string;
  ids: string;
  idp: string;
  hostMap: Record<string, string>;
  spki: string[];
  /** The mock-only control surface and its secret. */
  control: string;
  controlSecret: string;
}

/**
 * Lab-side timings: the real-time waits follow the refresh interval (3 s: 2.5 % of 120 s), not the lifetime; the
 * survey and the diagnosis wait five intervals between them, so the interval is most of a run. 3 s still leaves the
 * survey time to put the earlier token back between one refresh's answer and the next (at 1.5 s, under load, the
 * restarted desktop once held another token than the first login's when the diagnosis read it, and the defect was not
 * reproduced). The lifetime is long so the stale token outlives the restart and the second sign-in by a wide margin (a
 * 30 s token refreshed at 25 % lost that race at a load of 17), as the field's 60 min refreshed at 75 % leave 15 min;
 * retries 1 s apart; the sign-out 3 s after the banner: the banner is polled every 100 ms and read within half a
 * second, also with three runs sharing the two cores.
 */
export const SHORT_TIMINGS = { accessTtlS: 120, refreshAtFraction: 0.025, retryIntervalS: 1, graceS: 3 };

export const LAB_PASSWORD = 'Lab-Mode-Pass-1';

/** The end of the lab's stderr kept for a start that fails. */
const STDERR_KEPT_CHARS = 8192;

/**
 * `npm run lab -- --json --setting …` as its own process: the harness sees only its public URLs, as with a real lab.
 * One node process with tsx's loader: the npx and tsx wrappers did not always pass SIGTERM on, and left the lab running.
 */
export async function startLabProcess(settings: Record<string, string | number>): Promise<{ child: ChildProcess; lab: RunningLab }> {
  const args = Object.entries(settings).flatMap(([name, value]) => ['--setting', `${name}=${value}`]);
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/lab.ts', '--json', ...args], {
    env: { ...process.env, MOCK_AGENT_PASSWORD: LAB_PASSWORD, IDP_KIND: 'entra' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept, not inherited: the lab's own shutdown line would otherwise interleave with the test run's output.
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_KEPT_CHARS);
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`npm run lab exited with ${code} before it was ready:\n${stderr}`)));
  });
  return { child, lab: JSON.parse(firstLine) as RunningLab };
}

/** The lab-mode environment a user writes for a lab: its URLs, host map and pinned certificate, the agent, outputs in `outputDir`. */
export function labEnv(lab: RunningLab, outputDir: string, agentId = 'agent007', extra: Record<string, string> = {}): Record<string, string> {
  const agent = MOCK_AGENTS.find((candidate) => candidate.id === agentId)!;
  return {
    TARGET: 'lab',
    FINESSE_URL: lab.finesse,
    IDS_URL: lab.ids,
    IDP_KIND: 'entra',
    AGENT_USERNAME: agent.id,
    AGENT_PASSWORD: LAB_PASSWORD,
    AGENT_EXTENSION: agent.extension,
    AGENT_DISPLAY_NAME: displayName(agent),
    LAB_ALLOWED_HOSTS: Object.keys(lab.hostMap).join(','),
    HOST_MAP: Object.entries(lab.hostMap)
      .map(([host, ip]) => `${host}=${ip}`)
      .join(','),
    LAB_CERT_TRUST: 'pin',
    OUTPUT_DIR: path.resolve(outputDir),
    ...extra,
  };
}
