/**
 * The analyzer on a 500 MB HAR: a Chrome DevTools export of a long desktop session (assets with
 * their bodies embedded, client log posts, healthy refreshes) with the ten-minute sign-out in the
 * middle, written to a private temporary folder at bench time and removed after. The analyzer
 * runs in a child process (the caller's) so the peak RSS is its own. MB = 2^20 bytes.
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { atLeast, atMost, median, type Metric } from './metric.ts';
import { desktopLogLine } from '../kernel/desktop-log.ts';

/** A Send Error Report (the ClientLog API) of one client log sentence. */
const errorReport = (line: string) => `<ClientLog><logData>${line}</logData></ClientLog>`;

const TARGET_BYTES = 500 * 2 ** 20;
const MB = 2 ** 20;
const RUNS = 2;
const FINESSE = 'https://finesse.example.test:8445';
/** The signatures the planted incident must produce: the bench measures a real analysis. */
const PLANTED = ['refresh-token-mismatch', 'forced-logout-after-refresh-failure', 'token-response-cacheable'];

export interface ChildAnalysis {
  seconds: number;
  peakRssMb: number;
  signatures: string[];
}

export async function harBench(analyzeInChild: (file: string) => Promise<ChildAnalysis>): Promise<Metric[]> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'bench-har-'));
  try {
    const file = path.join(folder, 'session-500m.har');
    process.stderr.write(`[bench] analyzer: generating a 500 MB HAR in ${folder} ...\n`);
    generateHar(file, TARGET_BYTES);
    const megabytes = statSync(file).size / MB;
    const runs: ChildAnalysis[] = [];
    for (let run = 0; run < RUNS; run += 1) runs.push(await analyzeInChild(file));
    const missing = PLANTED.filter((signature) => !runs[0]!.signatures.includes(signature));
    if (missing.length > 0) throw new Error(`the HAR analysis missed the planted incident: ${missing.join(', ')} (found: ${runs[0]!.signatures.join(', ')})`);
    return [
      atLeast('analyze.har_mb_per_s', megabytes / median(runs.map((run) => run.seconds)), 'MB/s', 50, RUNS),
      atMost('analyze.har_peak_rss_mb', median(runs.map((run) => run.peakRssMb)), 'MB', 200, RUNS),
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

interface Step {
  method: string;
  path: string;
  status: number;
  /** Seconds since the session started (server and browser clocks agree here). */
  atS: number;
  dateS?: number;
  fromCache?: 'disk';
  cacheControl?: string;
  type?: string;
  requestBody?: string;
  responseBody?: string;
}

/** A deterministic DevTools-style HAR of about `bytes`, written entry by entry. */
export function generateHar(file: string, bytes: number): void {
  const start = Date.parse('2026-11-26T08:00:00Z');
  const out = openSync(file, 'w');
  let written = 0;
  let index = 0;
  const write = (text: string) => {
    written += writeSync(out, text);
  };
  const entry = (step: Step) => {
    write(`${index === 0 ? '' : ','}\n${JSON.stringify(devtoolsEntry(step, start))}`);
    index += 1;
  };
  write('{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[');
  const asset = 'x'.repeat(3_000);
  const token = (n: number) =>
    JSON.stringify({
      token: `eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0..bench-access-token-${n}`,
      refresh_token: `bench-refresh-${n}`,
      expires_in: 3600,
      user_id: 'agent042',
    });
  const signIn = (atS: number, n: number, cached?: number) => {
    entry({ method: 'GET', path: '/desktop/', status: 200, atS, cacheControl: 'no-store', type: 'document' });
    entry({
      method: 'GET',
      path: '/desktop/sso/token',
      status: 200,
      atS: atS + 0.5,
      cacheControl: 'private, max-age=36000',
      responseBody: token(n),
      ...(cached === undefined ? {} : { fromCache: 'disk', dateS: cached }),
    });
  };
  signIn(0, 1);
  let atS = 1;
  let refreshes = 0;
  let incident = false;
  while (written < bytes) {
    atS += 0.05;
    entry({ method: 'GET', path: `/desktop/assets/gadget-${index % 500}.js`, status: 200, atS, cacheControl: 'no-cache', responseBody: asset });
    if (index % 20 === 0)
      entry({
        method: 'POST',
        path: '/finesse/api/User/agent001/ClientLog',
        status: 202,
        atS,
        requestBody: errorReport(desktopLogLine('stateChanged', { state: 'READY' })),
      });
    if (atS > (refreshes + 1) * 2700 && !incident) {
      refreshes += 1;
      entry({ method: 'POST', path: '/desktop/sso/token', status: 200, atS, requestBody: 'token=bench', responseBody: token(100 + refreshes) });
    }
    // Half way: the browser restarts, the new sign-in gets the first answer from the disk cache, four refusals, banner, sign-out.
    if (!incident && written > bytes / 2) {
      incident = true;
      signIn(atS + 1, 2, 0);
      for (const retry of [0, 60, 120, 180])
        entry({
          method: 'POST',
          path: '/desktop/sso/token',
          status: 401,
          atS: atS + 2 + retry,
          requestBody: 'token=stale',
          responseBody: '{"errorType":"Invalid Token","errorData":"","errorMessage":"Invalid Token"}',
        });
      entry({
        method: 'POST',
        path: '/finesse/api/User/agent001/ClientLog',
        status: 202,
        atS: atS + 182,
        requestBody: errorReport(desktopLogLine('retriesExhausted', { maxRetries: 3 })),
      });
      entry({
        method: 'GET',
        path: '/desktop/signed-out?reason=session-refresh-failed',
        status: 200,
        atS: atS + 782,
        cacheControl: 'no-store',
        type: 'document',
      });
      atS += 800;
      signIn(atS, 3);
    }
  }
  write('\n]}}\n');
  closeSync(out);
}

function devtoolsEntry(step: Step, start: number): Record<string, unknown> {
  const at = new Date(start + step.atS * 1000);
  const date = new Date(start + (step.dateS ?? step.atS) * 1000).toUTCString();
  return {
    ...(step.fromCache ? { _fromCache: step.fromCache } : {}),
    _initiator: { type: 'script' },
    _resourceType: step.type ?? 'fetch',
    cache: {},
    request: {
      method: step.method,
      url: `${FINESSE}${step.path}`,
      httpVersion: 'http/1.1',
      headers: [{ name: 'Accept', value: '*/*' }],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: step.requestBody?.length ?? 0,
      ...(step.requestBody ? { postData: { mimeType: 'application/json', text: step.requestBody } } : {}),
    },
    response: {
      status: step.status,
      statusText: '',
      httpVersion: 'http/1.1',
      headers: [
        { name: 'date', value: date },
        { name: 'content-type', value: 'application/json' },
        ...(step.cacheControl ? [{ name: 'cache-control', value: step.cacheControl }] : []),
      ],
      cookies: [],
      content: { size: step.responseBody?.length ?? 0, mimeType: 'application/json', ...(step.responseBody ? { text: step.responseBody } : {}) },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: step.fromCache ? 0 : 3_400,
      _error: null,
    },
    serverIPAddress: '10.0.0.5',
    startedDateTime: at.toISOString(),
    time: 20,
    timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 18, receive: 1 },
  };
}
