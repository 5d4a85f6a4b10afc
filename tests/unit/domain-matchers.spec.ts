import { test } from '@playwright/test';
import { expect } from '../../fixtures/index.ts';
import type { LabRecords } from '../../fixtures/lab-records.ts';
import { desktopLogLine, desktopLogStart } from '../../src/kernel/desktop-log.ts';
import { idsLogStart, idsLogText } from '../../src/kernel/ids-log.ts';

/** Lab records whose client log (and IdS log) hold just these lines. */
function recordsWith(lines: string[], idsLines: string[] = []): LabRecords {
  return {
    clientLogLines: (text: string) => lines.filter((line) => line.includes(text)),
    idsLogLines: (text: string) => idsLines.filter((line) => line.includes(text)),
  } as unknown as LabRecords;
}

test.describe('domain matchers', () => {
  const banner = `Mar 25 2017 05:18:27.618 -0500: ${desktopLogLine('retriesExhausted', { maxRetries: 3 })}`;
  const failed = (status: number) => `Mar 25 2017 05:15:27.618 -0500: ${desktopLogLine('refreshFailed', { status, attempt: 1, maxRetries: 3, retryInS: 60 })}`;

  test('toHaveLogged counts the catalog sentence, and says how often it was seen when it fails', () => {
    const records = recordsWith([failed(401), failed(401), banner]);
    expect(records).toHaveLogged(desktopLogStart('refreshFailed'), { times: 2 });
    expect(records).toHaveLogged(desktopLogLine('retriesExhausted', { maxRetries: 3 }));
    expect(records).not.toHaveLogged(desktopLogLine('signingOut'));
    expect(() => expect(records).toHaveLogged(desktopLogStart('refreshFailed'), { times: 3 })).toThrow(
      /expected to hold "Header : Refresh failed \(" 3 times; it holds it 2 times/,
    );
    expect(() => expect(records).not.toHaveLogged(desktopLogStart('retriesExhausted'))).toThrow(/expected not to hold/);
  });

  test('toHaveLoggedAtIds counts the IdS catalog sentence; idsLogStart stops at the first value not given', () => {
    const mismatch = idsLogText('mismatch', { refreshId: 'a1', accessRt: 'b2' });
    const records = recordsWith(
      [],
      [`2017-03-25 05:15:27.509 UTC(+0000) [IdSEndPoints-181] WARN com.cisco.ccbu.ids IdSRefreshTokenRequestValidator.java:115 - ${mismatch}`],
    );
    expect(mismatch).toBe('refresh token id mismatch.. refresh token id in refresh token is a1; in access token is b2');
    expect(records).toHaveLoggedAtIds(mismatch, { times: 1 });
    expect(records).toHaveLoggedAtIds(idsLogStart('mismatch', { refreshId: 'a1' }));
    expect(idsLogStart('mismatch', { refreshId: 'a1' })).toBe('refresh token id mismatch.. refresh token id in refresh token is a1; in access token is ');
    expect(records).not.toHaveLoggedAtIds(idsLogStart('expired'));
    expect(() => expect(records).toHaveLoggedAtIds(mismatch, { times: 4 })).toThrow(/the IdS log was expected to hold ".*" 4 times; it holds it 1 time:/);
  });

  test('toComeAfter holds a lab-time moment to its interval within two seconds, and says how far off it came', () => {
    const bannerAt = Date.parse('2026-11-26T18:13:29Z');
    expect(bannerAt + 600_000 + 1_500).toComeAfter(bannerAt, 600_000);
    expect(bannerAt + 600_000 - 1_999).toComeAfter(bannerAt, 600_000);
    expect(bannerAt + 590_000).toComeAfter(bannerAt, 600_000, { withinMs: 10_000 });
    expect(() => expect(bannerAt + 540_000).toComeAfter(bannerAt, 600_000)).toThrow(
      /expected the moment to come 10 min after the start \(lab time, within 2 s\); it came 9 min after it \(1 min early\)/,
    );
    expect(() => expect(bannerAt - 5_000).toComeAfter(bannerAt, 0)).toThrow(/it came 5 s before it \(5 s early\)/);
  });
});
