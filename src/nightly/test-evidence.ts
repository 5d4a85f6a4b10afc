import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { listFiles } from '../evidence/bundle.ts';
import { redactFolder, scanForSecrets, scanForTokenShapes, type NamedSecret } from '../redaction/index.ts';
import type { TestOutcome, TestRun } from '../reports/playwright-results.ts';

export interface TestEvidence {
  /** Zips written, one per test. */
  written: string[];
  /** Tests whose bundle was not written because the scan still found a secret in it. */
  withheld: { test: string; reason: string }[];
}

/** allure-playwright's own bookkeeping travels as attachments; it is not evidence. */
const ALLURE_INTERNAL = /^application\/vnd\.allure\./;

/** Which tests get a bundle: every failed or flaky one, and every disruptive scenario (they sign agents out). */
export function needsEvidence(outcome: TestOutcome): boolean {
  return outcome.status === 'unexpected' || outcome.status === 'flaky' || outcome.tags.includes('@disruptive');
}

export function evidenceSlug(id: string): string {
  const readable = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return `${readable}-${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
}

/** The run that tells the story: the last failed one, else the last one. */
function runOfInterest(outcome: TestOutcome): TestRun | undefined {
  return [...outcome.runs].reverse().find((run) => run.status !== 'passed' && run.status !== 'skipped') ?? outcome.runs.at(-1);
}

function writeRaw(outcome: TestOutcome, rawDir: string): void {
  mkdirSync(path.join(rawDir, 'attachments'), { recursive: true });
  const run = runOfInterest(outcome);
  const attachments = (run?.attachments ?? []).filter((attachment) => !ALLURE_INTERNAL.test(attachment.contentType));
  attachments.forEach((attachment, index) => {
    const file = path.join(rawDir, 'attachments', `${String(index + 1).padStart(2, '0')}-${attachment.name.replace(/[^\w.-]+/g, '_')}`);
    if (attachment.body !== undefined) writeFileSync(file, Buffer.from(attachment.body, 'base64'));
    else if (attachment.path && existsSync(attachment.path)) copyFileSync(attachment.path, file);
  });
  const runs = outcome.runs.map((each) => ({
    status: each.status,
    durationMs: Math.round(each.duration),
    errors: (each.errors ?? []).map((error) => error.message ?? ''),
  }));
  writeFileSync(
    path.join(rawDir, 'test.json'),
    `${JSON.stringify({ test: outcome.id, file: outcome.file, project: outcome.project, tags: outcome.tags, status: outcome.status, runs }, null, 2)}\n`,
  );
}

/**
 * One redacted zip per failed, flaky or disruptive test under `outputRoot`: the test's own
 * attachments (masked screenshots, credential-free logs, lab events, token timeline) and its
 * errors, through the same structural redaction and leak scans as the diagnose bundle, with its
 * redaction report (what was replaced, what was withheld).
 */
export async function writeTestEvidence(outcomes: readonly TestOutcome[], outputRoot: string, secrets: readonly NamedSecret[]): Promise<TestEvidence> {
  const result: TestEvidence = { written: [], withheld: [] };
  const work = mkdtempSync(path.join(os.tmpdir(), 'finesse-nightly-evidence-'));
  try {
    for (const outcome of outcomes.filter(needsEvidence)) {
      const slug = evidenceSlug(outcome.id);
      const rawDir = path.join(work, 'raw', slug);
      const staging = path.join(work, 'redacted', slug);
      writeRaw(outcome, rawDir);
      const redaction = await redactFolder(rawDir, staging, { secrets });
      writeFileSync(path.join(staging, 'redaction-report.json'), `${JSON.stringify(redaction, null, 2)}\n`);
      const zipPath = path.join(work, `${slug}.zip`);
      writeFileSync(
        zipPath,
        zipSync(
          Object.fromEntries(
            listFiles(staging).map((file) => [`${slug}/${file.split(path.sep).join('/')}`, new Uint8Array(readFileSync(path.join(staging, file)))]),
          ),
          { level: 6 },
        ),
      );
      const hits = [...(await scanForSecrets([zipPath], secrets)), ...(await scanForTokenShapes([zipPath]))];
      if (hits.length > 0) {
        result.withheld.push({ test: outcome.id, reason: `${hits.length} secret(s) survived redaction` });
        continue;
      }
      mkdirSync(outputRoot, { recursive: true });
      const out = path.join(outputRoot, `${slug}.zip`);
      copyFileSync(zipPath, out);
      result.written.push(out);
    }
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
