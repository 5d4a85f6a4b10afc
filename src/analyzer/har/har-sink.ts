/** A HAR file read as a stream into a `HarRecord`, and its line in the report's file list. */
import type { FileSink } from '../inputs/file-sink.ts';
import { toIso } from '../timestamps.ts';
import type { FileReport } from '../types.ts';
import { EntryStream } from './entry-stream.ts';
import { readExchange } from './exchange.ts';
import { HarRecord } from './har-record.ts';

/** A sink for one HAR: `done` receives its record (when it was a HAR) and its file report. */
export function harSink(path: string, done: (record: HarRecord | undefined, report: FileReport) => void): FileSink {
  const record = new HarRecord(path);
  let firstProblem: string | undefined;
  const stream = new EntryStream({
    entry: (json, index) => {
      const exchange = readExchange(json, index);
      if (typeof exchange === 'string') {
        record.rejected += 1;
        firstProblem ??= exchange;
      } else record.add(exchange);
    },
    field: (key, json) => {
      if (key !== 'creator') return;
      try {
        const creator = JSON.parse(json) as { name?: unknown; version?: unknown };
        record.creator = [creator.name, creator.version].filter((part) => typeof part === 'string').join(' ');
      } catch {
        // an unreadable creator is no reason to drop the HAR
      }
    },
  });
  let ended = false;
  return {
    push: (chunk) => stream.push(chunk),
    end: (readError) => {
      if (ended) return;
      ended = true;
      const streamError = stream.end();
      const isHar = stream.entries > 0 || streamError === undefined;
      if (isHar) record.finish();
      const error = readError ?? streamError ?? (stream.skipped > 0 ? `${stream.skipped} entries too large to read were skipped` : firstProblem);
      const report: FileReport = {
        path,
        kind: isHar ? 'har' : 'unknown',
        lines: stream.entries,
        unparsed: record.rejected + stream.skipped,
        ...(isHar && record.entries > 0 ? { first: toIso(record.clock.serverTime(record.firstAt)), last: toIso(record.clock.serverTime(record.lastAt)) } : {}),
        ...(error !== undefined ? { error } : {}),
      };
      done(isHar ? record : undefined, report);
    },
  };
}
