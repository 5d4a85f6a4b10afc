/** IdS entries about the sign-in itself, of one kind, in bursts per user: what the three sign-in rules report. */
import { byTime } from '../correlate.ts';
import type { SignInIncident } from '../events.ts';
import type { LogFacts } from '../facts.ts';
import type { SignInIncidentKind } from '../server-log.ts';
import { EvidenceSet, quoted } from './evidence.ts';
import { clusters, groupBy, OUTAGE_GAP_MS } from './time-groups.ts';
import { when } from './wording.ts';

export interface SignInBurst {
  first: SignInIncident;
  last: SignInIncident;
  count: number;
  evidence: EvidenceSet;
  /** The user, or `an agent` when the entry names none. */
  who: string;
  /** `at <moment>`, or `N times from <moment> to <moment>`. */
  times: string;
}

export function signInBursts(facts: LogFacts, kind: SignInIncidentKind): SignInBurst[] {
  const incidents = facts.signInIncidents.filter((incident) => incident.kind === kind).sort(byTime);
  return [...groupBy(incidents, (incident) => incident.user ?? '').values()].flatMap((byUser) =>
    clusters(byUser, OUTAGE_GAP_MS).map((cluster): SignInBurst => {
      const first = cluster[0]!;
      const last = cluster[cluster.length - 1]!;
      const evidence = new EvidenceSet();
      for (const incident of quoted(cluster)) evidence.add(incident.lines);
      const times = cluster.length === 1 ? `at ${when(first.lines[0]!)}` : `${cluster.length} times from ${when(first.lines[0]!)} to ${when(last.lines[0]!)}`;
      return { first, last, count: cluster.length, evidence, who: first.user ?? 'an agent', times };
    }),
  );
}
