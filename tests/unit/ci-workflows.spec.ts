import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import allureConfig from '../../allurerc.ts';
import { NIGHTLY_HISTORY_FILE } from '../../src/nightly/history.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const npmScripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const playwrightVersion = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@playwright', 'test', 'package.json'), 'utf8')) as { version: string })
  .version;

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface GithubJob {
  needs?: string | string[];
  strategy?: { 'fail-fast'?: boolean; matrix: Record<string, unknown[]> };
  steps: Step[];
}
interface GitlabJob {
  stage: string;
  parallel?: number;
  script: string[];
  needs?: { job: string; artifacts: boolean }[];
  cache?: { key: unknown; paths: string[] }[];
  artifacts: { when?: string; paths: string[]; reports?: { junit?: string } };
  rules?: { if: string; when?: string }[];
}

/** Files the history lives in between nights, as the code names them. */
const HISTORY_FILES = [`reports/${NIGHTLY_HISTORY_FILE}`, `reports/${path.basename(allureConfig.historyPath)}`];
/** What a night leaves for people to read. */
const PUBLISHED = ['reports/nightly-summary.md', 'reports/junit.xml', 'reports/html', 'reports/allure-report', 'reports/nightly-evidence'];

/** Every `npm run <script>` in a CI file must name a script of package.json. */
function npmRunsIn(text: string): string[] {
  return [...text.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]!);
}
const lines = (value: unknown) =>
  String(value)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

test.describe('GitHub Actions nightly workflow', () => {
  const text = read('.github/workflows/nightly.yml');
  const workflow = parse(text) as { on: { schedule: { cron: string }[]; workflow_dispatch: unknown }; jobs: Record<string, GithubJob> };
  const runs = (job: GithubJob) => job.steps.flatMap((step) => (step.run ? [step.run] : []));
  const step = (job: GithubJob, action: string) => job.steps.filter((candidate) => candidate.uses?.startsWith(`${action}@`));

  test('runs on a schedule and by hand', () => {
    expect(workflow.on.schedule[0]?.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
  });

  test('shards the suite with Playwright --shard over a matrix of N shards', () => {
    const matrix = workflow.jobs.test!.strategy!.matrix;
    const total = matrix.shardTotal as number[];
    expect(total).toHaveLength(1);
    expect(total[0]).toBeGreaterThanOrEqual(2);
    expect(matrix.shardIndex).toEqual(Array.from({ length: total[0]! }, (_, index) => index + 1));
    expect(workflow.jobs.test!.strategy!['fail-fast']).toBe(false);
    expect(runs(workflow.jobs.test!)).toContain('npm run nightly -- --shard ${{ matrix.shardIndex }}/${{ matrix.shardTotal }}');
  });

  test(
    "uploads each shard's blob report and Allure results; the merge job downloads them all",
    { annotation: { type: 'detail', description: 'downloaded into reports/shards' } },
    () => {
      const upload = step(workflow.jobs.test!, 'actions/upload-artifact')[0]!;
      expect(lines(upload.with!.path)).toEqual(['reports/shards/*/blob-report', 'reports/shards/*/allure-results']);
      expect(upload.with!.name).toContain('${{ matrix.shardIndex }}');
      const report = workflow.jobs.report!;
      expect(report.needs).toBe('test');
      const download = step(report, 'actions/download-artifact')[0]!;
      expect(download.with).toMatchObject({ path: 'reports/shards', 'merge-multiple': true });
      expect(String(upload.with!.name)).toMatch(new RegExp(`^${String(download.with!.pattern).replace('*', '')}`));
      expect(runs(report)).toContain('npm run nightly -- --merge');
    },
  );

  test('keeps the summary and Allure history between nights, publishes the reports and bundles', () => {
    const report = workflow.jobs.report!;
    expect(lines(step(report, 'actions/cache/restore')[0]!.with!.path)).toEqual(HISTORY_FILES);
    expect(lines(step(report, 'actions/cache/save')[0]!.with!.path)).toEqual(HISTORY_FILES);
    expect(lines(step(report, 'actions/upload-artifact')[0]!.with!.path)).toEqual(PUBLISHED);
  });

  test('every npm script it runs exists', () => {
    expect(npmRunsIn(text).length).toBeGreaterThan(0);
    for (const script of npmRunsIn(text)) expect(npmScripts, `npm run ${script}`).toHaveProperty(script);
  });
});

test.describe('GitLab CI nightly pipeline', () => {
  const text = read('.gitlab-ci.yml');
  const pipeline = parse(text) as {
    stages: string[];
    default: { image: string };
    'nightly-shard': GitlabJob;
    'nightly-report': GitlabJob;
    '.nightly-rules': { rules: { if: string }[] };
  };
  const shard = pipeline['nightly-shard'];
  const report = pipeline['nightly-report'];

  test('runs from a pipeline schedule or by hand', () => {
    expect(pipeline['.nightly-rules'].rules.map((rule) => rule.if)).toEqual(['$CI_PIPELINE_SOURCE == "schedule"', '$CI_PIPELINE_SOURCE == "web"']);
    expect(report.rules?.map((rule) => [rule.if, rule.when])).toEqual([
      ['$CI_PIPELINE_SOURCE == "schedule"', 'always'],
      ['$CI_PIPELINE_SOURCE == "web"', 'always'],
    ]);
  });

  test('shards with parallel: N and Playwright --shard, then merges in a later stage', () => {
    expect(pipeline.stages).toEqual(['test', 'report']);
    expect(shard.stage).toBe('test');
    expect(shard.parallel).toBeGreaterThanOrEqual(2);
    expect(shard.script).toContain('npm run nightly -- --shard ${CI_NODE_INDEX}/${CI_NODE_TOTAL}');
    expect(shard.artifacts).toMatchObject({ when: 'always', paths: ['reports/shards/*/blob-report', 'reports/shards/*/allure-results'] });
    expect(report.stage).toBe('report');
    expect(report.needs).toEqual([{ job: 'nightly-shard', artifacts: true }]);
    expect(report.script).toContain('npm run nightly -- --merge');
  });

  test('keeps the history in the cache, publishes the reports and the JUnit report', () => {
    expect(report.cache?.find((cache) => cache.key === 'nightly-history')?.paths).toEqual(HISTORY_FILES);
    expect(report.artifacts.paths).toEqual(PUBLISHED);
    expect(report.artifacts.reports?.junit).toBe('reports/junit.xml');
  });

  test("the image's Playwright is the one the harness is installed with", () => {
    expect(pipeline.default.image).toBe(`mcr.microsoft.com/playwright:v${playwrightVersion}-noble`);
  });

  test('every npm script it runs exists', () => {
    expect(npmRunsIn(text).length).toBeGreaterThan(0);
    for (const script of npmRunsIn(text)) expect(npmScripts, `npm run ${script}`).toHaveProperty(script);
  });
});
