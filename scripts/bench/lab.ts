/**
 * Bench suite `lab`: the embedded mock lab's start time, 50 agents signing in over HTTP at once,
 * and sustained refreshes through Finesse. All traffic stays on 127.0.0.1.
 *
 * The agents run in a child process (this same file, started with LOAD_CLIENT_ROLE), as browsers
 * would be elsewhere: on a 2-core machine the lab's one event loop and the simulated agents would
 * otherwise take turns on one core, and the numbers would measure the client as much as the lab.
 */
import { fork, type ChildProcess } from 'node:child_process';
import https from 'node:https';
import { fileURLToPath } from 'node:url';
import { MOCK_AGENTS } from '../../mock/agents.ts';
import { BrowserlessAgent } from '../../mock/browserless-agent.ts';
import { startLab, type Lab } from '../../mock/lab.ts';
import { atLeast, atMost, median, medianOf, type Metric } from '../../src/bench/metric.ts';

const LOAD_CLIENT_ROLE = '--lab-load-client';
/** The bench starts labs of its own, so any password will do. */
const PASSWORD = 'bench-agent-password';
const AGENTS = MOCK_AGENTS.filter((agent) => agent.role === 'Agent').map((agent) => agent.id);
const START_RUNS = 11;
const SSO_RUNS = 5;
const REFRESH_WARM_UP_MS = 1000;
const REFRESH_WINDOWS = 3;
const REFRESH_WINDOW_MS = 2000;

/** What the load client needs to reach one lab. */
interface LabAddress {
  desktop: string;
  finesse: string;
  hostMap: Record<string, string>;
  ca: string;
}

type LoadJob = { kind: 'sso'; lab: LabAddress } | { kind: 'refresh'; lab: LabAddress };
type LoadResult = { kind: 'sso'; ms: number } | { kind: 'refresh'; perSecond: number[] };

// ---- the load client (child process) ---------------------------------------------------------

/** Every agent through the whole SSO flow at once, each in its own jar over one shared keep-alive connection pool. */
function signInAll(lab: LabAddress, pool: https.Agent): Promise<BrowserlessAgent[]> {
  return Promise.all(
    AGENTS.map(async (userId) => {
      const agent = new BrowserlessAgent({ hostMap: lab.hostMap, ca: lab.ca, agent: pool });
      const page = await agent.signIn(lab.desktop, userId, PASSWORD);
      if (page.status !== 200 || page.url !== lab.desktop) throw new Error(`${userId}: sign-in ended at ${page.status} ${page.url}`);
      return agent;
    }),
  );
}

/** One signed-in desktop: its jar and the access token it presents at its next refresh. */
interface Desktop {
  agent: BrowserlessAgent;
  token: string;
}

async function currentToken(lab: LabAddress, agent: BrowserlessAgent): Promise<Desktop> {
  const response = await agent.request('GET', `${lab.finesse}/desktop/sso/token`);
  return { agent, token: (JSON.parse(response.body) as { token: string }).token };
}

/** Refreshes one desktop's token through `POST /desktop/sso/token` back to back until `until`; counts them. */
async function refreshUntil(lab: LabAddress, desktop: Desktop, until: number): Promise<number> {
  let count = 0;
  while (performance.now() < until) {
    const response = await desktop.agent.post(`${lab.finesse}/desktop/sso/token`, { token: desktop.token });
    if (response.status !== 200) throw new Error(`refresh answered ${response.status}: ${response.body}`);
    desktop.token = (JSON.parse(response.body) as { token: string }).token;
    count += 1;
  }
  return count;
}

/** All agents refreshing at once for `ms`: refreshes per second. */
async function refreshWindow(lab: LabAddress, desktops: Desktop[], ms: number): Promise<number> {
  const begin = performance.now();
  const counts = await Promise.all(desktops.map((desktop) => refreshUntil(lab, desktop, begin + ms)));
  return counts.reduce((sum, count) => sum + count, 0) / ((performance.now() - begin) / 1000);
}

async function runJob(job: LoadJob): Promise<LoadResult> {
  const pool = new https.Agent({ keepAlive: true, ca: job.lab.ca });
  try {
    const begin = performance.now();
    const agents = await signInAll(job.lab, pool);
    if (job.kind === 'sso') return { kind: 'sso', ms: performance.now() - begin };
    const desktops = await Promise.all(agents.map((agent) => currentToken(job.lab, agent)));
    await refreshWindow(job.lab, desktops, REFRESH_WARM_UP_MS);
    const perSecond: number[] = [];
    for (let run = 0; run < REFRESH_WINDOWS; run += 1) perSecond.push(await refreshWindow(job.lab, desktops, REFRESH_WINDOW_MS));
    return { kind: 'refresh', perSecond };
  } finally {
    pool.destroy();
  }
}

/** Serves jobs from the parent until it disconnects. */
function serveLoadJobs(): void {
  process.on('message', (job: LoadJob) => {
    runJob(job).then(
      (result) => process.send!(result),
      (error: unknown) => {
        process.stderr.write(`[bench lab client] ${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
      },
    );
  });
}

if (process.argv.includes(LOAD_CLIENT_ROLE)) serveLoadJobs();

// ---- the suite (parent process) ---------------------------------------------------------------

/** The load client process; it inherits this process's TypeScript loader. */
class LoadClient {
  private readonly child: ChildProcess = fork(fileURLToPath(import.meta.url), [LOAD_CLIENT_ROLE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

  /** Runs one job against a lab started here for it. */
  run<K extends LoadJob['kind']>(kind: K): Promise<Extract<LoadResult, { kind: K }>> {
    return withLab(async (lab) => {
      const answer = new Promise<Extract<LoadResult, { kind: K }>>((resolve, reject) => {
        const exited = (code: number | null) => reject(new Error(`the load client exited with ${code}`));
        this.child.once('exit', exited);
        this.child.once('message', (result: Extract<LoadResult, { kind: K }>) => {
          this.child.off('exit', exited);
          resolve(result);
        });
      });
      const job = { kind, lab: { desktop: lab.urls.desktop, finesse: lab.urls.finesse, hostMap: lab.hostMap, ca: lab.certPem } };
      this.child.send(job);
      return answer;
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

async function withLab<T>(run: (lab: Lab) => Promise<T>): Promise<T> {
  const lab = await startLab({ agentPassword: PASSWORD });
  try {
    return await run(lab);
  } finally {
    await lab.stop();
  }
}

/** Time from `startLab` to a lab that serves (its stop is not counted). */
async function startMs(): Promise<number> {
  const begin = performance.now();
  const lab = await startLab({ agentPassword: PASSWORD });
  const elapsed = performance.now() - begin;
  await lab.stop();
  return elapsed;
}

export default async function labBench(): Promise<Metric[]> {
  const start = await medianOf(START_RUNS, startMs);
  const client = new LoadClient();
  try {
    // 50 agents from the desktop URL to the desktop page, in parallel, on fresh connections to a fresh lab.
    const sso = await medianOf(SSO_RUNS, async () => (await client.run('sso')).ms);
    // Each refresh is Finesse → IdS → a new pair; every agent refreshes back to back.
    const refresh = median((await client.run('refresh')).perSecond);
    return [
      atMost('lab.start_ms', start, 'ms', 500, START_RUNS),
      atMost('lab.sso_50_agents_ms', sso, 'ms', 2000, SSO_RUNS),
      atLeast('lab.refresh_per_s', refresh, '/s', 1000, REFRESH_WINDOWS),
    ];
  } finally {
    client.close();
  }
}
