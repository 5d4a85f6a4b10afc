import { readFileSync } from 'node:fs';

/** One run of one test, as Playwright's JSON reporter writes it. */
export interface TestRun {
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  duration: number;
  attachments: { name: string; contentType: string; path?: string; body?: string }[];
  errors?: { message?: string }[];
  /** Annotations added while the test ran (`testInfo.annotations.push`). */
  annotations?: { type: string; description?: string }[];
  /** The test's own steps (`test.step`), nested as they ran. */
  steps?: TestStep[];
}

/** One `test.step` of a run, as Playwright's JSON reporter writes it. */
export interface TestStep {
  title: string;
  duration: number;
  steps?: TestStep[];
}

/** One test (per project) with all its runs: repeats and retries. */
export interface TestOutcome {
  /** `project › file › describe › title`: stable from night to night. */
  id: string;
  title: string;
  file: string;
  project: string;
  tags: string[];
  /** Playwright's verdict over the runs: expected, unexpected (failed), flaky (passed on a retry), skipped. */
  status: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  runs: TestRun[];
}

interface JsonSpec {
  title: string;
  file: string;
  tags?: string[];
  tests: { projectName: string; status: TestOutcome['status']; results: TestRun[] }[];
}
interface JsonSuite {
  title: string;
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}
export interface JsonReport {
  suites: JsonSuite[];
  stats: { startTime: string; duration: number };
}

/** Every test of a Playwright JSON report, flattened; titles of nested describes are kept in the id. */
export function testOutcomes(report: JsonReport): TestOutcome[] {
  const walk = (suite: JsonSuite, path: string[]): TestOutcome[] => [
    ...(suite.specs ?? []).flatMap((spec) =>
      spec.tests.map((test) => ({
        id: [test.projectName, ...path, spec.title].filter(Boolean).join(' › '),
        title: spec.title,
        file: spec.file,
        project: test.projectName,
        tags: spec.tags?.map((tag) => (tag.startsWith('@') ? tag : `@${tag}`)) ?? [],
        status: test.status,
        runs: test.results,
      })),
    ),
    ...(suite.suites ?? []).flatMap((child) => walk(child, [...path, child.title])),
  ];
  return report.suites.flatMap((suite) => walk(suite, [suite.title]));
}

export function readJsonReport(file: string): JsonReport {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
}
