/** The client's way to a forced sign-out, one chain per episode of a session. */
import { byTime, RETRIES_WINDOW_MS } from '../correlate.ts';
import type { ClientEvent, ClientSession } from '../events.ts';
import { userOfSession } from '../events.ts';
import type { Finding } from '../types.ts';
import { groupBy } from './time-groups.ts';

/** The desktop signs out about 10 minutes after its banner; a sign-out later than this is another story. */
const GRACE_WINDOW_MS = 20 * 60_000;

/**
 * One client session's way to a forced sign-out: failed refreshes, the banner when the desktop
 * gives up, the sign-out at the end of the grace period. Any part may be missing from the logs.
 */
export interface FailureChain {
  session: ClientSession;
  user: string | undefined;
  failures: ClientEvent[];
  banner?: ClientEvent;
  logout?: ClientEvent;
  start: number;
  end: number;
  /** The finding that explains this chain, once one does. */
  explainedBy?: Finding;
}

export function failureChains(events: ClientEvent[]): FailureChain[] {
  const bySession = groupBy(events, (event) => event.session);
  const chains: FailureChain[] = [];
  for (const [session, list] of bySession) {
    let chain: FailureChain | undefined;
    for (const event of list.sort(byTime)) {
      // A sign-out ends a chain; a sign-in does not (the desktop may refresh before the extension sign-in completes).
      if (event.kind === 'sign-in' || event.kind === 'sign-out') {
        if (event.kind === 'sign-out') chain = undefined;
        continue;
      }
      if (chain === undefined || startsNewChain(chain, event)) {
        chain = { session, user: userOfSession(session), failures: [], start: event.at, end: event.at };
        chains.push(chain);
      }
      chain.end = event.at;
      if (event.kind === 'refresh-failed') chain.failures.push(event);
      else if (event.kind === 'banner') chain.banner = event;
      else if (event.kind === 'forced-logout') chain.logout = event;
    }
  }
  return chains.sort(byStart);
}

/** A chain ends with its sign-out; a second banner, a failure after the banner, or a long pause starts another. */
function startsNewChain(chain: FailureChain, event: ClientEvent): boolean {
  if (chain.logout !== undefined) return true;
  if (event.kind === 'refresh-failed') return chain.banner !== undefined || event.at - chain.end > RETRIES_WINDOW_MS;
  if (event.kind === 'banner') return chain.banner !== undefined || event.at - chain.start > RETRIES_WINDOW_MS;
  return event.at - (chain.banner?.at ?? chain.end) > GRACE_WINDOW_MS;
}

function byStart(a: FailureChain, b: FailureChain): number {
  return a.start - b.start;
}
