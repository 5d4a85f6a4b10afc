/**
 * Reads server log lines of the seed's format, the IdS's and Finesse webservices' alike:
 * `2017-03-25 05:15:27.507 CDT(-0500) [IdSEndPoints-198] WARN com.cisco.ccbu.ids File.java:115 - message`,
 * where a line that does not start that way is the exception of the entry before it.
 */
export interface ServerLogEntry {
  /** Epoch ms of the timestamp. */
  at: number;
  thread: string;
  level: string;
  logger: string;
  source: string;
  message: string;
  exception?: string;
}

const ENTRY = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3}) [A-Z]+\(([+-]\d{2})(\d{2})\) \[([^\]]+)\] ([A-Z]+) (\S+) (\S+) - (.*)$/;

export function parseServerLog(lines: readonly string[]): ServerLogEntry[] {
  const entries: ServerLogEntry[] = [];
  for (const line of lines) {
    const match = ENTRY.exec(line);
    if (match) {
      const [, date, time, offsetHours, offsetMinutes, thread, level, logger, source, message] = match as unknown as string[];
      entries.push({
        at: Date.parse(`${date}T${time}${offsetHours}:${offsetMinutes}`),
        thread: thread!,
        level: level!,
        logger: logger!,
        source: source!,
        message: message!,
      });
      continue;
    }
    const previous = entries.at(-1);
    if (!previous || previous.exception !== undefined) throw new Error(`not a server log line of the seed's format: ${line}`);
    previous.exception = line;
  }
  return entries;
}
