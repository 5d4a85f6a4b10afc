import { expect, test } from '@playwright/test';
import { classifyClientMessage, ClientLine, parseClientLine } from '../../src/analyzer/client-log.ts';
import { isContinuationText, KindVotes, lineShape } from '../../src/analyzer/detect-kind.ts';
import { LineSplitter, MAX_LINE_CHARS } from '../../src/analyzer/line-splitter.ts';
import { maskTokens } from '../../src/analyzer/mask-tokens.ts';
import {
  connectionError,
  isIdsEntry,
  parseCreatedToken,
  parsePresenceLogout,
  parseRefusal,
  parseServerHeader,
  refreshStatus,
  ServerHeader,
  serverInterest,
  threadOf,
} from '../../src/analyzer/server-log.ts';

const SEED_BANNER =
  '2017-03-25T05:18:27.610 -05:00: C5E373: rcdnuccefinla.lab.ucce.com: Mar 25 2017 05:18:27.618 -0500: Header : Unable to refresh access token after 3 retries. User will be logged out in some time';
const SEED_LOGOUT =
  '2017-03-25T05:28:38.459 -05:00: C5E373: rcdnuccefinla.lab.ucce.com: Mar 25 2017 05:28:38.472 -0500: Header : Unable to refresh access token after several retries, Logging out user.....';
const SEED_MISMATCH =
  '2017-03-25 05:15:27.507 CDT(-0500) [IdSEndPoints-198] WARN com.cisco.ccbu.ids IdSRefreshTokenRequestValidator.java:115 - refresh token id mismatch.. refresh token id in refresh token is bcb2a7858654157e259ce77dcc787e995b9d775b; in access token is 2062508557141190e68be196938b1316a8ac0e63';
const SEED_ACCESS =
  '2017-03-25 04:51:47.780 CDT(-0500) [IdSEndPoints-182] INFO com.cisco.ccbu.ids IdSAccessTokenEndPoint.java:214 - Created access-token {"scope":["ccc_onprem_apps"],"rt":"2062508557141190e68be196938b1316a8ac0e63","user_id":"Agent2","realm":"lab.ucce.com","upn":"Agent2@lab.ucce.com","ids_id":"RCDNUCCECUIC1.lab.ucce.com","client_id":"16591e94d537a823ff73b8ca6e18f6f7faf4d94c","token":"b9a9dac1580e55b1eeb2dbbbde2763f0aed67513","expiry":1490439107779,"usage":"access","ver":"1.0"}';
const SEED_UTILS =
  '2017-03-25 05:15:27.509 CDT(-0500) [http-apr-8445-exec-2] WARN c.c.c.common.ids.client.util.Utils Utils.java:526 - https://rcdnuccecuic1.lab.ucce.com:8553/ids/v1/oauth/access_token threw error {"error":"Invalid Token","error_description":"Invalid Token"}';
const STRAY_SPACE_REQUEST =
  '2017-03-25 05:15:27.510 CDT(-0500) [http-apr-8445-exec-2] ERROR c.c.c.c.ids.client.IdsRESTClient IdsRESTClient.java:127 - Error refreshing access token with request: <grant_type=refresh_token&access_token=eyJhbGciOiJIaXkiLCJpdHkiOiJKV1QiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0..zR19aGdqaTHO7B1V41RfzQ.WHYqcPuyvHtFLRyEgvM--PBhH5AtkjwmXB3lQQJUMIwCZ6BdUBrU9ULZzvomBxNsKZQbvCW5TedMb-3sAt00-nMabe8wFciCJXRwppb6Hwf86-ULE9qBukY9P_QIZNP3adBPgAV3g3BHQaxmHjP5y56iaWNUHJKqdCDxYgVcx48jbu77NiVMO8J9_oDfmszpgof6bRt1MqXYCWCsXTElaokPiKYIGXu1ZMG12Hs8dg5fEpBabodIqghuEFxp8yZUhV1140v3FzMXqJXh-rB7AJh4YsYsUpysmGfixHplBrmsjz7F_GnE_QCAhXinjPWA33zbSn3InLO7oN4t_i0SJVGRkFpS7D7gEXCEqR41C7cpYcNI7TZftorVHLakmde_YLcQ5ogueMamUnpszXZ17A-FoCkFpWpNfYespOcef8eMwOJ9PKw5umH3Ib5TH0ECO09C5QF1-h885y1LkzJ9StjxbLq2mIcMiii jpqgTAN-kwrEghwtTXsiaUQS__uua-5dXkFK-11-5xay-IVCI67ZK-ejgI-NJT_eK2PoejzJoKSbbmMrZ11YWimVDSaK7axd_srD64nCMKeX_jkve4YXLZ1CBQWEm-yts21I1VEdNybpGCJDQ26rJE9BEduGB7v5Y07cT5dWij516xxcfXf8gPE49aHRJwyCR4cjau4cbqKeBOR1L2xD102TwdMOCMy4bL53Hz7hSfWQ5tqB31r0jvGalmfEESmFI8NflGcOY_x08P_3CK1tuu3Ron2_BI6yWdnNx6L__K5Ua6nfJ_54FL6Ir8v-tsc68x4MAoXIB2q_ZcTbU_8NWPEndQJHPxNo8idjmu7T698rydlT9G1v90G2ftqoBpC0yOLMACo8JMp05TJOIbr4tLkbL308CsUzoPolXVxNLslLgnJjCyI9U8ayhVSYnOQTREU1qfXcZU0RZeesNoFT3I0TteoAJgrw0r3bHwX4hIMLMv6Dun84BXIu2ggNNCuFPcYrCEc.ofVBB0GeikMw4DaUgJUGjg&refresh_token=eyJhbGciOiJIaXkiLCJpdHkiOiJKV1QiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0..Qn8sI32J2xBpxhRgLRP4JA.8e4_Qj4kH3ZZ8HoL7ehq5v2_lz1oiBVOu_n6xZY-2jwJh7MaX2U1CaJImAFxhONAUFBKS3bddvZtTXkCrYlJZajvfbsN0ZfsSAQry-1UYpu69KpboJtIKIeHrbdoou_hboA7hw76wbUAMg.mLJo-QMvNfo_FUjXT5rprg>';

function client(line: string): ClientLine | undefined {
  const out = new ClientLine();
  return parseClientLine(line, 0, line.length, out) ? out : undefined;
}

function header(line: string): ServerHeader | undefined {
  const out = new ServerHeader();
  return parseServerHeader(line, 0, line.length, out) ? out : undefined;
}

function classify(message: string) {
  return classifyClientMessage(message, 0, message.length);
}

test.describe('analyzer: client log lines', () => {
  test('the seed lines give both times, the session and the documented meanings', () => {
    const banner = client(SEED_BANNER)!;
    expect(banner).toMatchObject({ at: Date.parse('2017-03-25T10:18:27.610Z'), browserAt: Date.parse('2017-03-25T10:18:27.618Z'), offsetMin: -300 });
    expect(SEED_BANNER.slice(banner.sessionStart, banner.sessionEnd)).toBe('C5E373');
    expect(classifyClientMessage(SEED_BANNER, banner.messageStart, SEED_BANNER.length)).toEqual({ kind: 'banner' });
    const logout = client(SEED_LOGOUT)!;
    expect(classifyClientMessage(SEED_LOGOUT, logout.messageStart, SEED_LOGOUT.length)).toEqual({ kind: 'forced-logout' });
  });

  test('the mock lab’s timeline lines are recognised, and other messages are parsed but carry no meaning', () => {
    expect(classify('Signed in user Agent2 with extension 1002')).toEqual({ kind: 'sign-in', user: 'Agent2', extension: '1002' });
    expect(classify('Refresh failed (401); retry 1 of 3 in 60 s')).toEqual({ kind: 'refresh-failed', status: 401, retry: 1, retries: 3 });
    expect(classify('Access token refreshed; next refresh in 2700 s')).toEqual({ kind: 'refresh' });
    expect(classify('Signed out user Agent1 (agent request)')).toEqual({ kind: 'sign-out', user: 'Agent1' });
    expect(classify('State changed to READY')).toBeUndefined();
    expect(classify('There are problems keeping your signed-in session active. You will be signed out in 10 minutes.')).toBeUndefined();
  });

  test('a browser time in another format leaves the line usable, without a browser time', () => {
    const line = '2026-03-02T08:00:00.000 +00:00: ABCDEF: finesse.lab.test: Mon Mar 02 2026 08:00:00 GMT+0000 (UTC): Header : Access token refreshed';
    const parsed = client(line)!;
    expect(parsed.browserAt).toBeNaN();
    expect(line.slice(parsed.messageStart)).toBe('Access token refreshed');
  });

  test('lines that are not client lines are refused', () => {
    expect(client('2026-03-02T08:00:00.000 +00:00: ABCDEF')).toBeUndefined();
    expect(client('2026-03-02T08:00:00.000 +00:00 ABCDEF: host: Mar 02 2026 08:00:00.000 +0000: Header : x')).toBeUndefined();
    expect(client(SEED_MISMATCH)).toBeUndefined();
  });
});

test.describe('analyzer: webservices and IdS entries', () => {
  test('a header gives its time, thread, level, logger, source and message', () => {
    const parsed = header(SEED_MISMATCH)!;
    expect(parsed).toMatchObject({ at: Date.parse('2017-03-25T10:15:27.507Z'), offsetMin: -300, level: 'WARN' });
    expect(threadOf(SEED_MISMATCH, parsed)).toBe('IdSEndPoints-198');
    expect(SEED_MISMATCH.slice(parsed.loggerStart, parsed.loggerEnd)).toBe('com.cisco.ccbu.ids');
    expect(SEED_MISMATCH.slice(parsed.sourceStart, parsed.sourceEnd)).toBe('IdSRefreshTokenRequestValidator.java:115');
    expect(SEED_MISMATCH.slice(parsed.messageStart)).toMatch(/^refresh token id mismatch\.\./);
    expect(isIdsEntry(SEED_MISMATCH, parsed)).toBe(true);
    expect(isIdsEntry(SEED_UTILS, header(SEED_UTILS)!)).toBe(false);
  });

  test('truncated and mangled headers are refused', () => {
    expect(header('2017-03-25 05:15:27.507 CDT(-0500) [IdSEndPoints-198] WARN com.cisco.ccbu.ids')).toBeUndefined();
    expect(header('2017-03-25 05:15:27.507 CDT(-0500) [IdSEndPoints-198')).toBeUndefined();
    expect(header('2017-03-25 05:15:27.507 CDT(-0500) [IdSEndPoints-198] NOTICE x y - z')).toBeUndefined();
  });

  test('the entries that matter are told apart by their message', () => {
    const interest = (line: string) => serverInterest(line, line.length, header(line)!);
    expect(interest(SEED_MISMATCH)).toBe('ids-refusal');
    expect(interest(SEED_ACCESS)).toBe('access-token-created');
    expect(interest(SEED_UTILS)).toBe('ids-call');
    expect(interest(STRAY_SPACE_REQUEST)).toBe('refresh-error');
    expect(
      interest(
        '2026-03-02 08:00:00.000 UTC(+0000) [http-apr-8445-exec-1] INFO c.c.c.f.api.UserResource UserResource.java:173 - GET /finesse/api/User/Agent1 status=200',
      ),
    ).toBeUndefined();
    expect(
      interest(
        '2026-03-02 08:00:00.000 UTC(+0000) [PresenceMonitor-1] INFO c.c.c.f.p.PresenceMonitor PresenceMonitor.java:211 - Forcing logout of user Agent4 after presence loss; reasonCode=255',
      ),
    ).toBe('presence-logout');
  });

  test('token ids, users and expiries come out of the Created lines', () => {
    const parsed = header(SEED_ACCESS)!;
    expect(parseCreatedToken(SEED_ACCESS, parsed.messageStart, 'access')).toEqual({
      token: 'b9a9dac1580e55b1eeb2dbbbde2763f0aed67513',
      rt: '2062508557141190e68be196938b1316a8ac0e63',
      user: 'Agent2',
      expiry: 1490439107779,
    });
    expect(parseCreatedToken('Created refresh-token {"ids_id":"x", "token" : "abc", "expiry": 5, "usage":"refresh"}', 0, 'refresh')).toEqual({
      token: 'abc',
      expiry: 5,
    });
  });

  test('refusals say which ids the IdS compared, or why else it refused', () => {
    expect(parseRefusal(SEED_MISMATCH.slice(header(SEED_MISMATCH)!.messageStart))).toEqual({
      reason: 'mismatch',
      refreshId: 'bcb2a7858654157e259ce77dcc787e995b9d775b',
      accessRt: '2062508557141190e68be196938b1316a8ac0e63',
    });
    expect(parseRefusal('refresh token expired.. refresh token id 0123456789abcdef0123456789abcdef01234567 expired at 2026-03-02T10:00:00.000Z')).toEqual({
      reason: 'expired',
      refreshId: '0123456789abcdef0123456789abcdef01234567',
      expiredAt: Date.parse('2026-03-02T10:00:00.000Z'),
    });
    expect(
      parseRefusal('refresh token already used.. refresh token id 0123456789abcdef0123456789abcdef01234567 was rotated at 2026-03-02T10:00:00.000Z'),
    ).toEqual({ reason: 'already-used', refreshId: '0123456789abcdef0123456789abcdef01234567', rotatedAt: Date.parse('2026-03-02T10:00:00.000Z') });
    expect(parseRefusal('refresh token revoked.. refresh token id 0123456789abcdef0123456789abcdef01234567 revoked by an administrator')).toEqual({
      reason: 'other',
      refreshId: '0123456789abcdef0123456789abcdef01234567',
    });
  });

  test('presence sign-outs, refusal statuses and connection failures are read from their text', () => {
    expect(parsePresenceLogout('Forcing logout of user Agent4 after presence loss; reasonCode=255')).toEqual({ user: 'Agent4', reasonCode: 255 });
    expect(refreshStatus('com.cisco.ccbu.common.ids.client.IdsRestClientException: 401 : {"error":"Invalid Token"}')).toBe(401);
    expect(connectionError('IdsRestClientException: java.net.ConnectException: Connection refused (https://ids:8553/ids/v1/oauth/access_token)')).toMatch(
      /^java\.net\.ConnectException: Connection refused/,
    );
    expect(connectionError('java.net.SocketTimeoutException: connect timed out')).toMatch(/SocketTimeoutException/);
    expect(connectionError('IdsRestClientException: connect ECONNREFUSED 127.0.0.1:8553 (https://ids.lab.test/ids/v1/oauth/access_token)')).toBe(
      'ECONNREFUSED 127.0.0.1:8553 ',
    );
    expect(connectionError('IdsRestClientException: 401 : {"error":"Invalid Token"}')).toBeUndefined();
  });
});

test.describe('analyzer: line shapes and file kinds', () => {
  test('the shape of a line is judged from its first characters', () => {
    expect(lineShape(SEED_BANNER, 0, SEED_BANNER.length)).toBe('client');
    expect(lineShape(SEED_MISMATCH, 0, SEED_MISMATCH.length)).toBe('server');
    expect(lineShape('org.apache.oltu.oauth2.common.exception.OAuthProblemException: Invalid Token', 0, 76)).toBe('other');
  });

  test('continuations are text; broken headers and bytes are not', () => {
    expect(isContinuationText('\tat java.lang.Thread.run(Thread.java:748)')).toBe(true);
    expect(isContinuationText('2017-03-25 05:15:2')).toBe(false);
    expect(isContinuationText('a\u0000b')).toBe(false);
    expect(isContinuationText('bad \ufffd byte')).toBe(false);
  });

  test('a file’s kind is the kind of nearly all its lines', () => {
    const votes = new KindVotes();
    for (let i = 0; i < 99; i += 1) votes.voteServer(true);
    votes.voteServer(false);
    expect(votes.kind(100)).toBe('ids');
    votes.voteClient();
    for (let i = 0; i < 10; i += 1) votes.voteClient();
    expect(votes.kind(111)).toBe('mixed');
    expect(new KindVotes().kind(0)).toBe('empty');
    expect(new KindVotes().kind(5)).toBe('unknown');
  });
});

test.describe('analyzer: line splitting', () => {
  function split(chunks: (string | Uint8Array)[]): string[] {
    const lines: string[] = [];
    const splitter = new LineSplitter((text, start, end) => lines.push(text.slice(start, end)));
    for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    splitter.end();
    return lines;
  }

  test('LF and CRLF lines, across chunk boundaries, with a last line lacking its break', () => {
    expect(split(['one\r\ntw', 'o\n\nthr', 'ee\r\nfour'])).toEqual(['one', 'two', '', 'three', 'four']);
  });

  test('a UTF-8 character split between two chunks is decoded whole', () => {
    const bytes = Buffer.from('Agent é\n');
    expect(split([bytes.subarray(0, 7), bytes.subarray(7)])).toEqual(['Agent é']);
  });

  test('an over-long line is cut, and the rest of it skipped up to the next line', () => {
    const long = 'x'.repeat(MAX_LINE_CHARS + 5000);
    const lines = split([`${long.slice(0, 700_000)}`, `${long.slice(700_000)}\nnext\n`]);
    expect(lines.map((line) => line.length)).toEqual([MAX_LINE_CHARS, 4]);
    expect(split([`${long}\nnext`]).map((line) => line.length)).toEqual([MAX_LINE_CHARS, 4]);
  });
});

test.describe('analyzer: token masking', () => {
  test('tokens in a refresh request are masked whole, even the seed’s token with a space in it', () => {
    const masked = maskTokens(STRAY_SPACE_REQUEST);
    expect(masked).toMatch(/access_token=eyJhbGciOiJI…#[0-9a-f]{4}&refresh_token=eyJhbGciOiJI…#[0-9a-f]{4}>$/);
    expect(masked).not.toContain('jpqgTAN');
    expect(masked).not.toMatch(/eyJ[A-Za-z0-9_-]{13,}/);
  });

  test('bare JWE/JWS tokens and bearer tokens are masked; ordinary text is left alone', () => {
    const jws = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    expect(maskTokens(`token ${jws} seen`)).toMatch(/^token eyJhbGciOiJS…#[0-9a-f]{4} seen$/);
    // An opaque token shows none of its characters, only its fingerprint.
    expect(maskTokens('Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789')).toMatch(/^Authorization: Bearer …#[0-9a-f]{4}$/);
    expect(maskTokens(SEED_MISMATCH)).toBe(SEED_MISMATCH);
  });
});
