/**
 * The log line formats of the seed (TAC 212067), reproduced exactly so the analyzer reads the
 * mock's logs and a real lab's alike. Server logs are written in UTC: `UTC(+0000)`.
 */
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function utcParts(at: Date) {
  return {
    date: `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`,
    time: `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}.${pad(at.getUTCMilliseconds(), 3)}`,
  };
}

/** `2017-03-25 05:15:27.509 CDT(-0500) [thread] LEVEL logger File.java:N - message`, then any exception line. */
export function serverLogEntry(at: Date, thread: string, level: LogLevel, logger: string, source: string, message: string, exception?: string): string[] {
  const { date, time } = utcParts(at);
  const line = `${date} ${time} UTC(+0000) [${thread}] ${level} ${logger} ${source} - ${singleLine(message)}`;
  return exception ? [line, singleLine(exception)] : [line];
}

/** `2017-03-25T05:18:27.610 -05:00: C5E373: host: Mar 25 2017 05:18:27.618 -0500: Header : message` */
export function clientLogLine(receivedAt: Date, clientId: string, host: string, browserTime: string, text: string): string {
  const { date, time } = utcParts(receivedAt);
  return `${date}T${time} +00:00: ${clientId}: ${host}: ${singleLine(browserTime)}: ${singleLine(text)}`;
}

/** `Mar 25 2017 05:18:27.618 -0500`: the browser-time field of a client log line (also formatted in the desktop page). */
export const BROWSER_TIME_PATTERN = /^[A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{4}$/;

/** `2026-11-26T16-20-00`, for file names. */
export function fileStamp(at: Date): string {
  const { date, time } = utcParts(at);
  return `${date}T${time.slice(0, 8).replace(/:/g, '-')}`;
}

function singleLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
