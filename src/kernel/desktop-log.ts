/**
 * The one catalog of the Finesse desktop's client-log sentences (component `Header`), as the mock's
 * desktop writes them, the browserless desktop repeats them, the analyzer reads them, and specs and the
 * bench look for them. Each sentence says where its wording comes from: `seed` (TAC 212067's logs,
 * reference §1.2) or `inferred` (the mock's own wording: a real desktop logs something else).
 * Templates name their values in braces so the browser script can fill them too (it gets the catalog
 * in its page configuration, see mock/finesse/desktop-page.ts).
 */
import { fillTemplate, templateStart, type Placeholders } from './log-template.ts';

export const DESKTOP_LOG_COMPONENT = 'Header';

export const DESKTOP_LOG = {
  tokenReceived: { template: 'SSO token received for user {userId}; expires in {expiresInS} s', provenance: 'inferred' },
  signedIn: { template: 'Signed in user {userId} with extension {extension}', provenance: 'inferred' },
  stateChanged: { template: 'State changed to {state}', provenance: 'inferred' },
  refreshed: { template: 'Access token refreshed{note}; next refresh in {nextInS} s', provenance: 'inferred' },
  refreshFailed: { template: 'Refresh failed ({status}); retry {attempt} of {maxRetries} in {retryInS} s', provenance: 'inferred' },
  retriesExhausted: { template: 'Unable to refresh access token after {maxRetries} retries. User will be logged out in some time', provenance: 'seed' },
  stillFailing: { template: 'Still unable to refresh the access token ({status}); next try in {retryInS} s', provenance: 'inferred' },
  signingOut: { template: 'Unable to refresh access token after several retries, Logging out user.....', provenance: 'seed' },
  refreshTokenExpired: { template: 'Refresh token expired; signing in again through the identity provider', provenance: 'inferred' },
} as const;

export type DesktopLogMessage = keyof typeof DESKTOP_LOG;

export type DesktopLogValues<Message extends DesktopLogMessage> = Record<Placeholders<(typeof DESKTOP_LOG)[Message]['template']>, string | number>;

/** The sentence of `message` with its values filled in (without the `Header : ` component prefix). */
export function desktopLogText<Message extends DesktopLogMessage>(
  message: Message,
  ...values: keyof DesktopLogValues<Message> extends never ? [] : [DesktopLogValues<Message>]
): string {
  return fillTemplate(DESKTOP_LOG[message].template, values[0]);
}

/** The sentence as it stands in a client log line: `Header : <sentence>`. */
export function desktopLogLine<Message extends DesktopLogMessage>(
  message: Message,
  ...values: keyof DesktopLogValues<Message> extends never ? [] : [DesktopLogValues<Message>]
): string {
  return `${DESKTOP_LOG_COMPONENT} : ${desktopLogText(message, ...values)}`;
}

/** The start of the sentence's line, up to its first value: what every line of that sentence begins with. */
export function desktopLogStart(message: DesktopLogMessage): string {
  return `${DESKTOP_LOG_COMPONENT} : ${templateStart(DESKTOP_LOG[message].template)}`;
}
