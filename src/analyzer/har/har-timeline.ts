/**
 * A HAR's events in the analyzer's timeline model, under the user the HAR names (else the HAR's
 * own name): the token answers the desktop started from, refreshes and their failures, the banner
 * and sign-out the desktop logged, the sign-out page. Each points at its entry.
 */
import type { LogFacts } from '../facts.ts';
import type { TimelineEventKind } from '../types.ts';
import type { HarItem, HarRecord, TokenSource } from './har-record.ts';

const SOURCE_WORDS: Record<TokenSource, string> = {
  network: 'from the network',
  'disk-cache': 'from the disk cache',
  'memory-cache': 'from the memory cache',
  'cache-transfer-size': 'from the browser cache (transfer size 0)',
  'cache-date-age': 'from the browser cache (by its Date age)',
};

export function recordHarTimeline(facts: LogFacts, record: HarRecord): void {
  const timeline = facts.timelineOf(facts.user(record.user ?? `(HAR ${record.file})`));
  const put = (item: HarItem, event: TimelineEventKind, detail: string) =>
    timeline.record(item.at, 0, event, detail, `${record.file}#entries[${item.index}]`, item.index + 1);
  for (const answer of record.tokenAnswers) {
    const from = SOURCE_WORDS[answer.source];
    put(
      answer,
      'sign-in',
      `token answer ${from}${answer.access ? `, access token ${answer.access}` : ''}${answer.afterSignIn ? ` (${answer.afterSignIn} sign-in)` : ''} [HAR]`,
    );
  }
  for (const refresh of record.refreshes) {
    if (refresh.outcome === 'ok') put(refresh, 'refresh', `refresh answered 200${refresh.issued ? `, new access token ${refresh.issued}` : ''} [HAR]`);
    else
      put(
        refresh,
        'refresh-failed',
        `refresh answered ${refresh.status === 0 ? 'with no response' : refresh.status}${refresh.message ? ` (${refresh.message})` : ''}${refresh.presented ? `, access token ${refresh.presented} presented` : ''} [HAR]`,
      );
  }
  for (const line of record.desktopLines) {
    if (line.kind === 'banner' || line.kind === 'forced-logout') put(line, line.kind, `${line.text} [HAR, client log post]`);
  }
  for (const page of record.signOutPages) put(page, 'sign-out', `sign-out page${page.reason ? ` (reason ${page.reason})` : ''} [HAR]`);
}
