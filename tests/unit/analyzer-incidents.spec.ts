import { expect, test } from '@playwright/test';
import { groupIncidents } from '../../src/analyzer/incidents.ts';
import { SIGNATURES } from '../../src/analyzer/signatures.ts';
import type { Finding, TimelineEvent, UserReport } from '../../src/analyzer/types.ts';

function finding(signature: Finding['signature'], first: string, last: string, extra: Partial<Finding> = {}): Finding {
  const spec = SIGNATURES[signature];
  return {
    signature,
    severity: spec.severity,
    provenance: spec.provenance,
    user: 'agent001',
    first,
    last,
    summary: `${signature} at ${first}`,
    evidence: [],
    cause: spec.cause,
    workaround: spec.workaround,
    reference: spec.reference,
    ...extra,
  };
}

function user(name: string, events: [string, TimelineEvent['event']][]): UserReport {
  return {
    user: name,
    sessions: [],
    counts: {},
    timeline: events.map(([at, event]) => ({ at, event, detail: '', file: 'client.log', line: 1 })),
    omittedEvents: 0,
  };
}

const reproduction = finding('refresh-token-mismatch', '2026-12-02T16:05:46.205Z', '2026-12-02T16:18:46.448Z', { subCause: 'stale-access-token' });
const signOut = finding('forced-logout-after-refresh-failure', '2026-12-02T16:18:46.448Z', '2026-12-02T16:18:46.448Z', { causedBy: 'refresh-token-mismatch' });
const restartAlone = finding('refresh-token-mismatch', '2026-12-02T16:18:51.040Z', '2026-12-02T16:18:51.102Z', { subCause: 'stale-access-token' });
const agent001 = user('agent001', [
  ['2026-12-02T16:05:45.723Z', 'sign-in'],
  ['2026-12-02T16:18:46.448Z', 'forced-logout'],
  ['2026-12-02T16:18:50.730Z', 'sign-in'],
]);

test.describe('incidents', () => {
  test('the reproduction and the restart alone are two incidents; the sign-out joins the one that caused it', () => {
    const incidents = groupIncidents({ findings: [restartAlone, signOut, reproduction], users: [agent001] });
    expect(incidents.map((incident) => [incident.number, incident.finding.first, incident.related.map((related) => related.signature)])).toEqual([
      [1, reproduction.first, ['forced-logout-after-refresh-failure']],
      [2, restartAlone.first, []],
    ]);
  });

  test('the second incident says what set it apart: a new sign-in after the first ended with a sign-out', () => {
    const [first, second] = groupIncidents({ findings: [reproduction, signOut, restartAlone], users: [agent001] });
    expect(first!.separatedBy).toBe('the first failure in the evidence');
    expect(second!.separatedBy).toBe(
      "a new sign-in at 2026-12-02T16:18:50.730Z with new tokens, after incident 1 had ended with a sign-out; it began 5 s after incident 1's last event",
    );
  });

  test('the same cause again refers to the first incident instead of repeating it', () => {
    const incidents = groupIncidents({ findings: [reproduction, signOut, restartAlone], users: [agent001] });
    expect(incidents.map((incident) => incident.sameCauseAs)).toEqual([undefined, 1]);
  });

  test('overlapping findings of one user are one incident headed by the most severe', () => {
    const skew = finding('clock-skew', '2026-12-02T16:06:00.000Z', '2026-12-02T16:07:00.000Z');
    const [only, ...rest] = groupIncidents({ findings: [skew, reproduction], users: [agent001] });
    expect(rest).toEqual([]);
    expect(only!.finding.signature).toBe('refresh-token-mismatch');
    expect(only!.related.map((related) => related.signature)).toEqual(['clock-skew']);
  });

  test('another user is another incident, and says so', () => {
    const other = { ...restartAlone, user: 'agent002' };
    const incidents = groupIncidents({ findings: [reproduction, other], users: [agent001] });
    expect(incidents[1]!.separatedBy).toBe('another user (agent002) than incident 1 (agent001)');
  });

  test('without a sign-in between them, the quiet time is what separates two incidents', () => {
    const later = finding('refresh-token-mismatch', '2026-12-02T18:00:00.000Z', '2026-12-02T18:01:00.000Z', { subCause: 'stale-access-token' });
    const incidents = groupIncidents({ findings: [reproduction, later], users: [user('agent001', [])] });
    expect(incidents[1]!.separatedBy).toBe("it began 1 h 41 min 14 s after incident 1's last event, with no sign-in between them");
  });
});
