import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';

/** A title is a claim a reader takes in at a glance; the details go in steps, annotations or comments. */
const MAX_TITLE = 100;

interface ListedSuite {
  specs?: { title: string; file: string; line: number }[];
  suites?: ListedSuite[];
}

function specsOf(suite: ListedSuite): { title: string; file: string; line: number }[] {
  return [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(specsOf)];
}

test('every test title is a short claim of at most 100 characters', () => {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  // The list goes to stdout: an outer run's PLAYWRIGHT_JSON_OUTPUT_NAME (a bench, a JSON-reporting CI) would send it to that file.
  const { PLAYWRIGHT_JSON_OUTPUT_NAME: _outerReport, ...env } = process.env;
  const listed = spawnSync(process.execPath, [cli, 'test', '--list', '--reporter=json'], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(listed.status, listed.stderr).toBe(0);
  const report = JSON.parse(listed.stdout.slice(listed.stdout.indexOf('{'))) as { suites: ListedSuite[] };
  const long = [
    ...new Set(
      report.suites
        .flatMap(specsOf)
        .filter((spec) => spec.title.length > MAX_TITLE)
        .map((spec) => `${spec.file}:${spec.line} (${spec.title.length}) ${spec.title}`),
    ),
  ];
  expect(long, 'shorten these titles; move the details into test.step titles or annotations').toEqual([]);
});
