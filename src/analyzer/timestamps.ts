/**
 * The three timestamp forms of Finesse logs, normalized to UTC epoch milliseconds with the
 * numeric offset they carry (zone names such as CDT or JST are ambiguous and are not used).
 * A timestamp without any zone (a log reformatted by a customer's tooling) is read in the zone
 * the caller assumes (`--zone`, default UTC) and marked `zoneless`, so the caller can warn.
 * Parsed by hand, digit by digit: this runs on every line of multi-gigabyte logs.
 */

/**
 * Where a parse leaves its result. Parsers fill one the caller owns and reuses, so reading a line
 * allocates nothing here (millions of lines make that matter).
 */
export class ParsedTime {
  /** UTC epoch milliseconds. */
  at = 0;
  /** The offset the log was written in, in minutes east of UTC. */
  offsetMin = 0;
  /** Index just after the timestamp. */
  end = 0;
  /** Whether the timestamp named no zone, so `offsetMin` is the assumed one. */
  zoneless = false;

  set(at: number, offsetMin: number, end: number, zoneless = false): true {
    this.at = at;
    this.offsetMin = offsetMin;
    this.end = end;
    this.zoneless = zoneless;
    return true;
  }
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MONTHS: Readonly<Record<string, number>> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };

/**
 * `2017-03-25 05:15:27.509 CDT(-0500)` (webservices and IdS); also `UTC`/`GMT` without parentheses,
 * a `,` before the milliseconds, and no zone before the thread (`… 05:15:27.509 [`), read at `assumedOffsetMin`.
 */
export function parseServerTime(text: string, start: number, out: ParsedTime, assumedOffsetMin = 0): boolean {
  const local = localDateTime(text, start, 32);
  if (local < 0) return false;
  let i = start + 19;
  let ms = 0;
  const separator = text.charCodeAt(i);
  if (separator === 46 || separator === 44) {
    ms = digits(text, i + 1, 3);
    if (ms < 0) return false;
    i += 4;
  }
  if (text.charCodeAt(i) !== 32) return false;
  if (text.charCodeAt(i + 1) === 91) return out.set(local + ms - assumedOffsetMin * MINUTE_MS, assumedOffsetMin, i, true);
  i += 1;
  const zoneStart = i;
  while (i < text.length && i - zoneStart < 8 && isLetter(text.charCodeAt(i))) i += 1;
  let offsetMin: number;
  if (text.charCodeAt(i) === 40) {
    offsetMin = compactOffset(text, i + 1);
    if (Number.isNaN(offsetMin) || text.charCodeAt(i + 6) !== 41) return false;
    i += 7;
  } else {
    const zone = text.slice(zoneStart, i);
    if (zone !== 'UTC' && zone !== 'GMT' && zone !== 'Z') return false;
    offsetMin = 0;
  }
  return out.set(local + ms - offsetMin * MINUTE_MS, offsetMin, i);
}

/** `2017-03-25T05:18:27.610 -05:00` (the client log's server-receipt time); also `Z`, `+0000`, no space, and no zone before the `:` (read at `assumedOffsetMin`). */
export function parseClientReceiptTime(text: string, start: number, out: ParsedTime, assumedOffsetMin = 0): boolean {
  const local = localDateTime(text, start, 84);
  if (local < 0) return false;
  let i = start + 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    let fraction = 0;
    let scale = 100;
    i += 1;
    const fractionStart = i;
    for (let code = text.charCodeAt(i); code >= 48 && code <= 57; code = text.charCodeAt(++i)) {
      fraction += (code - 48) * scale;
      scale /= 10;
    }
    if (i === fractionStart) return false;
    ms = Math.floor(fraction);
  }
  if (text.charCodeAt(i) === 58) return out.set(local + ms - assumedOffsetMin * MINUTE_MS, assumedOffsetMin, i, true);
  if (text.charCodeAt(i) === 32) i += 1;
  if (text.charCodeAt(i) === 90) return out.set(local + ms, 0, i + 1);
  const colon = text.charCodeAt(i + 3) === 58;
  const offsetMin = colon ? colonOffset(text, i) : compactOffset(text, i);
  if (Number.isNaN(offsetMin)) return false;
  return out.set(local + ms - offsetMin * MINUTE_MS, offsetMin, i + (colon ? 6 : 5));
}

/** `Mar 25 2017 05:18:27.618 -0500` (the client log's browser time); without a zone before the `:`, read at `assumedOffsetMin`. */
export function parseBrowserTime(text: string, start: number, out: ParsedTime, assumedOffsetMin = 0): boolean {
  const month = monthAt(text, start);
  if (month === 0 || text.charCodeAt(start + 3) !== 32) return false;
  let i = start + 4;
  let day = digits(text, i, 2);
  if (day >= 0) i += 2;
  else {
    day = digits(text, i, 1);
    i += 1;
  }
  if (day < 1 || text.charCodeAt(i) !== 32) return false;
  const year = digits(text, i + 1, 4);
  if (year < 0 || text.charCodeAt(i + 5) !== 32) return false;
  i += 6;
  const clock = clockMs(text, i);
  if (clock < 0) return false;
  i += 8;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    ms = digits(text, i + 1, 3);
    if (ms < 0) return false;
    i += 4;
  }
  const local = dayNumber(year, month, day) * DAY_MS + clock + ms;
  if (text.charCodeAt(i) === 58) return out.set(local - assumedOffsetMin * MINUTE_MS, assumedOffsetMin, i, true);
  if (text.charCodeAt(i) !== 32) return false;
  const offsetMin = compactOffset(text, i + 1);
  if (Number.isNaN(offsetMin)) return false;
  return out.set(local - offsetMin * MINUTE_MS, offsetMin, i + 6);
}

export function toIso(at: number): string {
  return new Date(at).toISOString();
}

/** The instant as the log showed it: `2017-03-25 05:15:27.507 -05:00`. */
export function toLocal(at: number, offsetMin: number): string {
  const local = new Date(at + offsetMin * MINUTE_MS).toISOString();
  const sign = offsetMin < 0 ? '-' : '+';
  const magnitude = Math.abs(offsetMin);
  const offset = `${sign}${String(Math.floor(magnitude / 60)).padStart(2, '0')}:${String(magnitude % 60).padStart(2, '0')}`;
  return `${local.slice(0, 10)} ${local.slice(11, 23)} ${offset}`;
}

/**
 * `yyyy-MM-dd?HH:mm:ss` at `start` read as UTC ms, or -1; the separator at index 10 is `T` (84)
 * or a space (32). Digits are read inline: this runs for every line.
 */
function localDateTime(text: string, start: number, separator: number): number {
  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45 || text.charCodeAt(start + 10) !== separator) return -1;
  if (text.charCodeAt(start + 13) !== 58 || text.charCodeAt(start + 16) !== 58) return -1;
  const year = digit(text, start) * 1000 + digit(text, start + 1) * 100 + digit(text, start + 2) * 10 + digit(text, start + 3);
  const month = digit(text, start + 5) * 10 + digit(text, start + 6);
  const day = digit(text, start + 8) * 10 + digit(text, start + 9);
  const hours = digit(text, start + 11) * 10 + digit(text, start + 12);
  const minutes = digit(text, start + 14) * 10 + digit(text, start + 15);
  const seconds = digit(text, start + 17) * 10 + digit(text, start + 18);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 60)
    return -1;
  return dayNumber(year, month, day) * DAY_MS + ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/** The digit at `i`, or a large negative number that makes any sum it enters negative. */
function digit(text: string, i: number): number {
  const value = text.charCodeAt(i) - 48;
  return value >= 0 && value <= 9 ? value : -100_000;
}

/** Consecutive lines almost always share their date: the last one's day number is kept. */
let lastDate = -1;
let lastDay = 0;

function dayNumber(year: number, month: number, day: number): number {
  const date = (year * 100 + month) * 100 + day;
  if (date !== lastDate) {
    lastDate = date;
    lastDay = daysFromCivil(year, month, day);
  }
  return lastDay;
}

/** The month number of an English three-letter abbreviation at `i`, or 0. */
function monthAt(text: string, i: number): number {
  const month = MONTHS[text.slice(i, i + 3)];
  return month ?? 0;
}

/** `HH:mm:ss` in milliseconds, or -1. */
function clockMs(text: string, i: number): number {
  const hours = digits(text, i, 2);
  const minutes = digits(text, i + 3, 2);
  const seconds = digits(text, i + 6, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 60) return -1;
  if (text.charCodeAt(i + 2) !== 58 || text.charCodeAt(i + 5) !== 58) return -1;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/** `±hhmm` in minutes, or NaN. */
function compactOffset(text: string, i: number): number {
  const sign = signOf(text.charCodeAt(i));
  const hours = digits(text, i + 1, 2);
  const minutes = digits(text, i + 3, 2);
  if (sign === 0 || hours < 0 || hours > 14 || minutes < 0 || minutes > 59) return Number.NaN;
  return sign * (hours * 60 + minutes);
}

/** `±hh:mm` in minutes, or NaN. */
function colonOffset(text: string, i: number): number {
  const sign = signOf(text.charCodeAt(i));
  const hours = digits(text, i + 1, 2);
  const minutes = digits(text, i + 4, 2);
  if (sign === 0 || hours < 0 || hours > 14 || minutes < 0 || minutes > 59) return Number.NaN;
  return sign * (hours * 60 + minutes);
}

/** A `--zone` value: `UTC`, `Z` or a fixed offset `±hh:mm` / `±hhmm`, in minutes east of UTC; undefined when it is none of these. */
export function parseZoneOffset(zone: string): number | undefined {
  const text = zone.trim();
  if (/^(?:UTC|GMT|Z)$/i.test(text)) return 0;
  const offset = text.length === 6 && text.charCodeAt(3) === 58 ? colonOffset(text, 0) : text.length === 5 ? compactOffset(text, 0) : Number.NaN;
  return Number.isNaN(offset) ? undefined : offset;
}

/** An offset in minutes as `UTC-05:00`. */
export function zoneName(offsetMin: number): string {
  if (offsetMin === 0) return 'UTC';
  const magnitude = Math.abs(offsetMin);
  return `UTC${offsetMin < 0 ? '-' : '+'}${String(Math.floor(magnitude / 60)).padStart(2, '0')}:${String(magnitude % 60).padStart(2, '0')}`;
}

function signOf(code: number): number {
  return code === 43 ? 1 : code === 45 ? -1 : 0;
}

/** The decimal number of `count` digits at `i`, or -1 when any is not a digit. */
function digits(text: string, i: number, count: number): number {
  let value = 0;
  for (let end = i + count; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Days since 1970-01-01 of a Gregorian date (H. Hinnant's days_from_civil), so no Date is made per line. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
