/**
 * The log analyzer's entry point: reads Finesse client, webservices and IdS logs (files, folders,
 * .gz, .zip), follows each user's token pairs across them and names every known failure.
 */
import { correlate } from './correlate.ts';
import { sinkByContent } from './detect-kind.ts';
import { LogFacts } from './facts.ts';
import { buildFindings, bySeverityThenTime } from './findings.ts';
import { joinHarFindings } from './har/har-correlation.ts';
import { harFindings } from './har/har-findings.ts';
import { harSink } from './har/har-sink.ts';
import { recordHarTimeline } from './har/har-timeline.ts';
import type { FileSink } from './inputs/file-sink.ts';
import { listInputs, type InputSource } from './inputs/list-inputs.ts';
import { ReadBudget, type ReadLimits } from './inputs/read-limits.ts';
import { readSource } from './inputs/read-source.ts';
import { userFromFileName } from './inputs/user-from-file-name.ts';
import { LineSplitter } from './line-splitter.ts';
import { LogScanner } from './log-scanner.ts';
import type { AnalysisReport, FileReport } from './types.ts';
import { userReports } from './users.ts';

export interface AnalyzeOptions {
  /** Browser and server times of a client line further apart than this are clock skew. */
  clockSkewThresholdS?: number;
  /** Bounds on what compressed inputs may expand to (DEFAULT_READ_LIMITS). */
  limits?: ReadLimits;
  /** Minutes east of UTC in which times without a zone are read (default 0, UTC). */
  assumedOffsetMin?: number;
}

export const DEFAULT_CLOCK_SKEW_THRESHOLD_S = 120;

/** Analyzes files and folders; throws `InputError` when a path does not exist. */
export async function analyzeInputs(paths: string[], options: AnalyzeOptions = {}): Promise<AnalysisReport> {
  return analyzeSources(await listInputs(paths), options);
}

/** Analyzes sources already listed (a source that has vanished since is reported, not fatal). */
export async function analyzeSources(sources: readonly InputSource[], options: AnalyzeOptions = {}): Promise<AnalysisReport> {
  const clockSkewThresholdMs = (options.clockSkewThresholdS ?? DEFAULT_CLOCK_SKEW_THRESHOLD_S) * 1000;
  const facts = new LogFacts();
  const files: FileReport[] = [];
  const logSinkFor = (path: string): FileSink => {
    const scanner = new LogScanner(path, userFromFileName(path), facts, { clockSkewThresholdMs, assumedOffsetMin: options.assumedOffsetMin ?? 0 });
    const splitter = new LineSplitter((text, start, end) => scanner.line(text, start, end));
    let ended = false;
    return {
      push: (chunk) => splitter.push(chunk),
      end: (error) => {
        if (ended) return;
        ended = true;
        splitter.end();
        files.push(scanner.finish(error));
      },
    };
  };
  const harSinkFor = (path: string): FileSink =>
    harSink(path, (record, report) => {
      if (record) facts.hars.push(record);
      files.push(report);
    });
  const sinkFor = (path: string): FileSink =>
    sinkByContent(
      () => harSinkFor(path),
      () => logSinkFor(path),
    );
  const budget = new ReadBudget(options.limits);
  for (const source of sources) await readSource(source, sinkFor, budget);
  correlate(facts);
  const { findings: logFindings, omitted } = buildFindings(facts, { clockSkewThresholdMs });
  for (const record of facts.hars) recordHarTimeline(facts, record);
  const findings = joinHarFindings(logFindings, facts.hars.flatMap(harFindings)).sort(bySeverityThenTime);
  return {
    files,
    users: userReports(facts),
    findings,
    ...(Object.keys(omitted).length > 0 ? { omittedFindings: omitted } : {}),
    ...(facts.dropped > 0 ? { eventsNotKept: facts.dropped } : {}),
  };
}
