import { expect } from '@playwright/test';
import type { Lab } from '../../mock/lab.ts';
import { parseServerLog, type ServerLogEntry } from './server-log.ts';

/**
 * What the seed's logs (TAC 212067) say, as the mock must say it: the IdS's refusal body and the
 * lines around a refused refresh.
 */
export const INVALID_TOKEN_BODY = '{"error":"Invalid Token","error_description":"Invalid Token"}';
/** Finesse's APIError after that refusal, which is also what the desktop gets back. */
export const INVALID_TOKEN_API_ERROR = { errorType: 'Invalid Token', errorData: '', errorMessage: 'Invalid Token' };
export const IDS_LOGGER = 'com.cisco.ccbu.ids';
/** Key order of the seed's `Created refresh-token {...}` and `Created access-token {...}` JSON. */
export const REFRESH_CLAIM_KEYS = ['ids_id', 'client_id', 'token', 'expiry', 'usage', 'ver'];
export const ACCESS_CLAIM_KEYS = ['scope', 'rt', 'user_id', 'realm', 'upn', 'ids_id', 'client_id', 'token', 'expiry', 'usage', 'ver'];
export const HEX40 = /^[0-9a-f]{40}$/;

export function idsLog(lab: Lab): ServerLogEntry[] {
  return parseServerLog(lab.logs.read('ids'));
}

export function idsTokenUrl(lab: Lab): string {
  return `${lab.urls.ids}/ids/v1/oauth/access_token`;
}

/**
 * The IdS's refusal of a refresh: the validator's WARN line with `message`, then, on the same
 * thread, `IdSOAuthEndPoint` `Exception processing auth request.` and the `OAuthProblemException` line.
 */
export function expectIdsRefusal(
  lab: Lab,
  validatorSource: string,
  message: string,
  problem = 'org.apache.oltu.oauth2.common.exception.OAuthProblemException: Invalid Token, Invalid Token',
): void {
  const entries = idsLog(lab);
  const index = entries.findIndex((entry) => entry.message === message);
  expect(index, `IdS log line "${message}" in:\n${lab.logs.read('ids').join('\n')}`).toBeGreaterThanOrEqual(0);
  const [refusal, exceptionEntry] = entries.slice(index, index + 2);
  expect(refusal).toMatchObject({ level: 'WARN', logger: IDS_LOGGER, source: validatorSource });
  expect(exceptionEntry).toEqual({
    at: expect.any(Number),
    thread: refusal!.thread,
    level: 'ERROR',
    logger: IDS_LOGGER,
    source: 'IdSOAuthEndPoint.java:45',
    message: 'Exception processing auth request.',
    exception: problem,
  });
}
