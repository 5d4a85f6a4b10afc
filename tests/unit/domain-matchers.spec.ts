import { test } from '@playwright/test';
import { expect } from '../../fixtures/index.ts';
import type { LabRecords } from '../../fixtures/lab-records.ts';
import { desktopLogLine, desktopLogStart } from '../../src/kernel/desktop-log.ts';

/** Lab records whose client log holds just these lines. */
function recordsWith(lines: string[]): LabRecords {
  return { clientLogLines: (text: string) => lines.filter((line) => line.includes(text)) } as unknown as LabRecords;
}

test.describe('domain matchers', () => {
  const banner = `Mar 25 2017 05:18:27.618 -0500: ${desktopLogLine('retriesExhausted', { maxRetries: 3 })}`;
  const failed = (status: number) => `Mar 25 2017 05:15:27.618 -0500: ${desktopLogLine('refreshFailed', { status, attempt: 1, maxRetries: 3, retryInS: 60 })}`;

  test('toHaveLogged counts the catalog sentence, and says how often it was seen when it fails', () => {
    const records = recordsWith([failed(401), failed(401), banner]);
    expect(records).toHaveLogged(desktopLogStart('refreshFailed'), { times: 2 });
    expect(records).toHaveLogged(desktopLogLine('retriesExhausted', { maxRetries: 3 }));
    expect(records).not.toHaveLogged(desktopLogLine('signingOut'));
    expect(() => expect(records).toHaveLogged(desktopLogStart('refreshFailed'), { times: 3 })).toThrow(/expected to hold "Header : Refresh failed \(" 3 times; it holds it 2 times/);
    expect(() => expect(records).not.toHaveLogged(desktopLogStart('retriesExhausted'))).toThrow(/expected not to hold/);
  });
});
