import { expect, test } from '@playwright/test';
import { ParsedTime, parseBrowserTime, parseClientReceiptTime, parseServerTime, parseZoneOffset, toLocal } from '../../src/analyzer/timestamps.ts';
import { parseAnalyzeCommand } from '../../src/analyzer/analyze-command.ts';

function server(text: string): ParsedTime | undefined {
  const out = new ParsedTime();
  return parseServerTime(text, 0, out) ? out : undefined;
}

function receipt(text: string): ParsedTime | undefined {
  const out = new ParsedTime();
  return parseClientReceiptTime(text, 0, out) ? out : undefined;
}

function browser(text: string): ParsedTime | undefined {
  const out = new ParsedTime();
  return parseBrowserTime(text, 0, out) ? out : undefined;
}

test.describe('analyzer timestamps', () => {
  test('server times are normalised to UTC by their numeric offset, whatever the zone name', () => {
    expect(server('2017-03-25 05:15:27.509 CDT(-0500) [http-apr-8445-exec-2] WARN')).toMatchObject({
      at: Date.parse('2017-03-25T10:15:27.509Z'),
      offsetMin: -300,
      end: 34,
    });
    expect(server('2026-03-02 17:00:00.000 JST(+0900) [x]')?.at).toBe(Date.parse('2026-03-02T08:00:00.000Z'));
    expect(server('2026-03-02 09:00:00.000 CET(+0100) [x]')?.at).toBe(Date.parse('2026-03-02T08:00:00.000Z'));
    expect(server('2026-03-02 13:30:00.000 IST(+0530) [x]')?.at).toBe(Date.parse('2026-03-02T08:00:00.000Z'));
    expect(server('2026-03-02 08:00:00.000 UTC(+0000) [x]')?.at).toBe(Date.parse('2026-03-02T08:00:00.000Z'));
    expect(server('2026-03-02 03:00:00.000 EST(-0500) [x]')?.at).toBe(Date.parse('2026-03-02T08:00:00.000Z'));
  });

  test(
    'server times also parse without an offset, with comma milliseconds, or with no zone name',
    { annotation: { type: 'detail', description: 'UTC or GMT without an offset; a comma before the milliseconds; no zone name' } },
    () => {
      expect(server('2026-03-02 08:00:00,250 UTC [x]')?.at).toBe(Date.parse('2026-03-02T08:00:00.250Z'));
      expect(server('2026-03-02 08:00:00.000 GMT [x]')?.at).toBe(Date.parse('2026-03-02T08:00:00.000Z'));
      expect(server('2026-03-02 10:00:00.000 (+0200) [x]')?.at).toBe(Date.parse('2026-03-02T08:00:00.000Z'));
    },
  );

  test('a zone name alone is ambiguous (CST, IST) and is refused, as are truncated and impossible times', () => {
    expect(server('2026-03-02 08:00:00.000 CST [x]')).toBeUndefined();
    expect(server('2026-03-02 08:00:0')).toBeUndefined();
    expect(server('2026-13-02 08:00:00.000 UTC(+0000) [x]')).toBeUndefined();
    expect(server('2026-03-02 24:00:00.000 UTC(+0000) [x]')).toBeUndefined();
    expect(server('2026-03-02 08:00:00.000 UTC(+00')).toBeUndefined();
    expect(server('2026-03-02T08:00:00.000 UTC(+0000) [x]')).toBeUndefined();
  });

  test('dates across leap years, month ends and centuries match Date.parse', () => {
    for (const instant of [
      '2000-02-29T23:59:59.999Z',
      '1999-12-31T00:00:00.000Z',
      '2024-12-31T12:00:00.000Z',
      '2100-03-01T00:00:00.000Z',
      '1970-01-01T00:00:00.000Z',
      '2038-01-19T03:14:08.000Z',
    ]) {
      const text = `${instant.slice(0, 10)} ${instant.slice(11, 23)} UTC(+0000) [x]`;
      expect(server(text)?.at, instant).toBe(Date.parse(instant));
    }
  });

  test('the client log receipt time takes its offset with or without a colon, or Z', () => {
    expect(receipt('2017-03-25T05:18:27.610 -05:00: C5E373')).toMatchObject({ at: Date.parse('2017-03-25T10:18:27.610Z'), offsetMin: -300, end: 30 });
    expect(receipt('2026-03-02T08:00:00.000 +00:00: ABCDEF')?.at).toBe(Date.parse('2026-03-02T08:00:00.000Z'));
    expect(receipt('2026-03-02T08:00:00.5Z: ABCDEF')?.at).toBe(Date.parse('2026-03-02T08:00:00.500Z'));
    expect(receipt('2026-03-02T10:00:00.000+0200: ABCDEF')?.at).toBe(Date.parse('2026-03-02T08:00:00.000Z'));
    expect(receipt('2026-03-02 08:00:00.000 +00:00: ABCDEF')).toBeUndefined();
  });

  test('the client log browser time is read with its month name and offset', () => {
    expect(browser('Mar 25 2017 05:18:27.618 -0500: Header')).toMatchObject({ at: Date.parse('2017-03-25T10:18:27.618Z'), offsetMin: -300 });
    expect(browser('Dec 5 2026 23:59:59.000 +0100')?.at).toBe(Date.parse('2026-12-05T22:59:59.000Z'));
    expect(browser('Sat Mar 25 2017 05:18:27 GMT-0500')).toBeUndefined();
    expect(browser('Foo 25 2017 05:18:27.618 -0500')).toBeUndefined();
  });

  test('a time without a zone is read in the assumed zone and marked zoneless', () => {
    const at = Date.parse('2017-03-25T10:15:27.509Z');
    const read = (parse: typeof parseServerTime, text: string) => {
      const out = new ParsedTime();
      return parse(text, 0, out, -300) ? out : undefined;
    };
    expect(read(parseServerTime, '2017-03-25 05:15:27.509 [http-apr-8445-exec-2] WARN')).toMatchObject({ at, offsetMin: -300, end: 23, zoneless: true });
    expect(read(parseClientReceiptTime, '2017-03-25T05:15:27.509: C5E373')).toMatchObject({ at, offsetMin: -300, end: 23, zoneless: true });
    expect(read(parseBrowserTime, 'Mar 25 2017 05:15:27.509: Header')).toMatchObject({ at, offsetMin: -300, zoneless: true });
    expect(read(parseServerTime, '2017-03-25 05:15:27.509 CDT(-0500) [x]')).toMatchObject({ at, zoneless: false });
    expect(read(parseServerTime, '2017-03-25 05:15:27.509 UTC [x]')).toMatchObject({ at: at - 5 * 3_600_000, zoneless: false });
  });

  test('--zone takes UTC, Z and fixed offsets, nothing else', () => {
    expect([parseZoneOffset('UTC'), parseZoneOffset('z'), parseZoneOffset('-05:00'), parseZoneOffset('+0530')]).toEqual([0, 0, -300, 330]);
    expect([parseZoneOffset('America/Chicago'), parseZoneOffset('-5'), parseZoneOffset('+15:00'), parseZoneOffset('')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test('--zone takes its offset as typed, after a space or an equals sign; after -- it is a path', () => {
    const zoneOf = (...argv: string[]) => parseAnalyzeCommand(['logs', ...argv]).assumedOffsetMin;
    expect([zoneOf('--zone', '-05:00'), zoneOf('--zone=-05:00'), zoneOf('--zone', '+0530'), zoneOf('--zone', 'UTC')]).toEqual([-300, -300, 330, 0]);
    expect(parseAnalyzeCommand(['logs', '--', '--zone', '-05:00'])).toMatchObject({ paths: ['logs', '--zone', '-05:00'], assumedOffsetMin: 0 });
    expect(() => parseAnalyzeCommand(['logs', '--zone', '-5'])).toThrow('--zone: expected UTC, Z or an offset such as -05:00 or +0530, got "-5"');
  });

  test('an instant is shown as the log wrote it', () => {
    expect(toLocal(Date.parse('2017-03-25T10:15:27.507Z'), -300)).toBe('2017-03-25 05:15:27.507 -05:00');
    expect(toLocal(Date.parse('2026-03-02T08:00:00.000Z'), 330)).toBe('2026-03-02 13:30:00.000 +05:30');
  });
});
