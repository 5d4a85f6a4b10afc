/**
 * The paragraph a TAC engineer pastes to the customer: what happened in plain words, the
 * workaround, and what to collect if it happens again. No token ids, no file paths.
 */
import type { Incident } from '../analyzer/incidents.ts';
import { SIGNATURES } from '../analyzer/signatures.ts';

/**
 * What makes the next occurrence diagnosable: the three logs and a DevTools HAR of the same
 * minutes. Client logs by Send Error Report (DOCWIKI-WF); the webservices folder and the IdS log's
 * place are INFERRED/UNCONFIRMED (finesse-sso.md §7.1), so the IdS log is asked for by name only.
 */
export const COLLECT_IF_IT_RECURS =
  "If it happens again, please note the time the warning appeared and send, for that day: the desktop client logs (Send Error Report on the desktop), the Finesse webservices logs (file get activelog /desktop recurs compress), the Cisco Identity Service log, and a HAR of the agent's browser recorded from before the sign-in (DevTools, Network, Preserve log on, Export HAR).";

const when = (iso: string) => `${iso.slice(0, 10)} at ${iso.slice(11, 16)} UTC`;

export function customerNote(incidents: readonly Incident[]): string {
  if (incidents.length === 0) {
    return `We found no known sign-in or session failure in the evidence we have. ${COLLECT_IF_IT_RECURS}`;
  }
  const first = incidents[0]!;
  const spec = SIGNATURES[first.finding.signature];
  const who = first.user ? `the agent ${first.user}` : 'the agents';
  const signedOut = incidents.some((incident) => incident.related.some((finding) => finding.signature === 'forced-logout-after-refresh-failure'));
  const more =
    incidents.length > 1
      ? ` The same evidence shows ${incidents.length - 1} more incident${incidents.length === 2 ? '' : 's'} (${incidents
          .slice(1)
          .map((incident) => `${when(incident.first)}: ${SIGNATURES[incident.finding.signature].title.toLowerCase()}`)
          .join('; ')}).`
      : '';
  const why =
    first.finding.subCause === 'stale-access-token'
      ? " The browser reused a saved copy of an earlier sign-in's answer, so the desktop held an old access token next to the new refresh token, and the Identity Service refused the pair."
      : '';
  return [
    `What happened: on ${when(first.first)}, ${who} ran into "${spec.title}".${why}${signedOut ? ' The desktop retried, showed the warning that the session cannot be kept active, and signed the agent out about ten minutes later.' : ''}${more}`,
    `Workaround: ${first.finding.workaround}`,
    COLLECT_IF_IT_RECURS,
  ].join(' ');
}
