/**
 * The browser's side of the stories the HAR analysis must tell, as DevTools HAR exchanges: the
 * ten-minute sign-out (a cached token answer, four refused refreshes, banner, sign-out page) and a
 * healthy session. Shared by the analyzer's unit tests and the case note's legibility test.
 */
import type { Exchange } from './har-documents.ts';

export const FINESSE = 'https://finesse.lab.test:8445';
export const IDS = 'https://ids.lab.test:8553';
export const SIGN_IN_AT = Date.parse('2026-11-26T18:10:28Z');
export const EARLIER_SIGN_IN_AT = SIGN_IN_AT - 58 * 60_000;
export const STALE_TOKEN = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0..stale-access-token-of-the-first-sign-in';
export const FRESH_TOKEN = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0..fresh-access-token-of-this-sign-in';
export const CACHEABLE = 'private, max-age=36000';

export const seconds = (s: number) => SIGN_IN_AT + s * 1000;

/** The browser's way through an SSO sign-in to the desktop's token answer. */
export function signIn(answer: Partial<Exchange> & { token: string }): Exchange[] {
  return [
    { method: 'GET', url: `${FINESSE}/desktop/`, status: 302, at: seconds(-3), document: true, contentType: 'text/html' },
    {
      method: 'GET',
      url: `${IDS}/ids/v1/oauth/authorize?response_type=code&client_id=finesse`,
      status: 302,
      at: seconds(-2.9),
      document: true,
      contentType: 'text/html',
    },
    {
      method: 'GET',
      url: 'https://idp.lab.test/adfs/ls/?SAMLRequest=fVJNT8Mw',
      status: 200,
      at: seconds(-2.5),
      document: true,
      contentType: 'text/html',
      cacheControl: 'no-store',
    },
    {
      method: 'POST',
      url: `${IDS}/ids/saml/response`,
      status: 302,
      at: seconds(-1),
      document: true,
      contentType: 'text/html',
      requestBody: 'SAMLResponse=PHNhbWxwOlJlc3BvbnNl',
    },
    { method: 'GET', url: `${FINESSE}/desktop/`, status: 200, at: seconds(-0.5), document: true, contentType: 'text/html', cacheControl: 'no-store' },
    {
      method: 'GET',
      url: `${FINESSE}/desktop/sso/token?return_refresh_token=true`,
      status: 200,
      at: seconds(0),
      cacheControl: CACHEABLE,
      responseBody: JSON.stringify({ token: answer.token, refresh_token: 'refresh-token-value-never-printed', expires_in: 3600, user_id: 'agent001' }),
      ...answer,
    },
  ];
}

export function refresh(atS: number, token: string, status: number, body: object): Exchange {
  return {
    method: 'POST',
    url: `${FINESSE}/desktop/sso/token`,
    status,
    at: seconds(atS),
    requestBody: new URLSearchParams({ token }).toString(),
    responseBody: JSON.stringify(body),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A client log line in the seed's format, written at `atS` by a browser in UTC. */
function clientLine(atS: number, message: string): string {
  const at = new Date(seconds(atS));
  const time = at.toISOString().slice(11, 23);
  return `${at.toISOString().slice(0, 23)} +00:00: C5E373: finesse.lab.test: ${MONTHS[at.getUTCMonth()]} ${at.toISOString().slice(8, 10)} ${at.getUTCFullYear()} ${time} +0000: Header : ${message}`;
}

/** Send Error Report at `atS` (the ClientLog API): lines the desktop wrote earlier, each with its own time. */
export function errorReport(atS: number, lines: { atS: number; message: string }[]): Exchange {
  const logData = lines.map((line) => clientLine(line.atS, line.message).replace(/&/g, '&amp;').replace(/</g, '&lt;')).join('\n');
  return {
    method: 'POST',
    url: `${FINESSE}/finesse/api/User/agent001/ClientLog`,
    status: 202,
    at: seconds(atS),
    requestBody: `<ClientLog><logData>${logData}</logData></ClientLog>`,
  };
}

/** A desktop that posts each line as it writes it (not Finesse's way, but a HAR may show it): the post's time is the line's. */
export function clientLog(atS: number, message: string): Exchange {
  return {
    method: 'POST',
    url: `${FINESSE}/desktop/logs/client`,
    status: 204,
    at: seconds(atS),
    requestBody: JSON.stringify({ clientId: 'C5E373', lines: [{ time: 'Nov 26 2026 18:13:29.000 +0000', text: `Header : ${message}` }] }),
  };
}

export const INVALID_TOKEN = { errorType: 'Invalid Token', errorData: '', errorMessage: 'Invalid Token' };

/** The ten-minute sign-out as the browser saw it: the cached answer, four refused refreshes, banner, sign-out page. */
export function defect(cached: Partial<Exchange>): Exchange[] {
  return [
    ...signIn({ token: STALE_TOKEN, date: EARLIER_SIGN_IN_AT, ...cached }),
    ...[1, 61, 121, 181].map((s) => refresh(s, STALE_TOKEN, 401, INVALID_TOKEN)),
    clientLog(181.2, 'Unable to refresh access token after 3 retries. User will be logged out in some time'),
    clientLog(781, 'Unable to refresh access token after several retries, Logging out user.....'),
    {
      method: 'GET',
      url: `${FINESSE}/desktop/signed-out?reason=session-refresh-failed`,
      status: 200,
      at: seconds(781.5),
      document: true,
      contentType: 'text/html',
      cacheControl: 'no-store',
    },
  ];
}

export function healthy(cacheControl: string): Exchange[] {
  return [
    ...signIn({ token: FRESH_TOKEN, cacheControl }),
    refresh(2700, FRESH_TOKEN, 200, { token: 'eyJhbGciOiJkaXIi..next-token', expires_in: 3600, user_id: 'agent001' }),
  ];
}
