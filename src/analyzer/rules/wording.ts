/** How summaries name moments, sessions and what the desktop did next. */
import type { ClientSession, LineRef } from '../events.ts';
import { userOfSession } from '../events.ts';
import { toIso, toLocal } from '../timestamps.ts';
import type { FailureChain } from './failure-chains.ts';

/** `2017-03-25T10:15:27.507Z (05:15:27.507 -05:00 in the log)`: UTC, and the time as the log wrote it. */
export function when(line: LineRef): string {
  const utc = toIso(line.at);
  return line.offsetMin === 0 ? utc : `${utc} (${toLocal(line.at, line.offsetMin).slice(11)} in the log)`;
}

/** `client session C5E373 of Agent2 in client.log` */
export function sessionName(session: ClientSession): string {
  const user = userOfSession(session);
  return `client session ${session.id}${user ? ` of ${user}` : ''} in ${session.file}`;
}

/** `client session C5E373 (client.log)` */
export function sessionPlace(session: ClientSession): string {
  return `client session ${session.id} (${session.file})`;
}

/** Ends a summary with what the desktop did next: failed refreshes, the banner when it gave up, the sign-out. */
export function consequences(chains: FailureChain[]): string {
  const failures = chains.reduce((sum, chain) => sum + chain.failures.length, 0);
  const banner = chains.find((chain) => chain.banner)?.banner;
  const logout = [...chains].reverse().find((chain) => chain.logout)?.logout;
  const acts: string[] = [];
  if (failures > 0) acts.push(`reported ${failures} failed refresh${failures === 1 ? '' : 'es'}`);
  if (banner) acts.push(`exhausted its retries (banner) at ${when(banner.line)}`);
  if (logout) acts.push(`signed the agent out at ${when(logout.line)}`);
  if (acts.length === 0) return '';
  const last = acts.pop()!;
  return `; then the desktop ${acts.length > 0 ? `${acts.join(', ')} and ${last}` : last}`;
}
