import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { analyzeInputs } from '../analyzer/analyze.ts';
import type { AnalysisReport } from '../analyzer/types.ts';
import type { Check, Verdict } from '../diagnose/checks.ts';
import { redactFolder, ReportRedactor, scanForSecrets, scanForTokenShapes, type NamedSecret } from '../redaction/index.ts';
import { writeDiagnosisSummary, type RunContext } from './summary.ts';
import { marksFromEvents, type RecordedEvent, type TimelineMark } from './timeline.ts';

export interface BundleInput {
  /** Unredacted evidence: har/, trace/, screenshots/, logs/ (live secrets; never shipped as is). */
  rawDir: string;
  /** `reports/evidence`: the bundle folder and zip land here, only after the scan found nothing. */
  outputRoot: string;
  context: RunContext;
  checks: readonly Check[];
  verdict: Verdict;
  events: readonly RecordedEvent[];
  marks: readonly TimelineMark[];
  /** Every secret the run knows of (the agent's password, planted canaries, the tokens issued). */
  secrets: readonly NamedSecret[];
  /** The run's other reports (e.g. `reports/diagnose`): scanned with the bundle; a file with a hit is removed. */
  runReports?: string;
}

export interface Bundle {
  folder: string;
  zip: string;
  findings: AnalysisReport['findings'];
  zipBytes: number;
}

/** The scan found a secret in what was about to ship: no bundle was written, and the run's reports with a hit were removed. */
export class EvidenceLeakError extends Error {
  constructor(readonly hits: string[]) {
    super(`the evidence bundle was NOT written: ${hits.length} secret(s) survived redaction:\n${hits.map((hit) => `  - ${hit}`).join('\n')}`);
  }
}

export function listFiles(root: string, relative = ''): string[] {
  return readdirSync(path.join(root, relative), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? listFiles(root, path.join(relative, entry.name)) : [path.join(relative, entry.name)]));
}

/** `file!entry: label (encoding)` for a hit, with the private assembly folder's path hidden. */
function describeHit(hit: { file: string; entry?: string; kind: string; label?: string; encoding?: string; reason?: string }, work: string): string {
  const what = hit.kind === 'secret' ? `${hit.label} (${hit.encoding})` : hit.kind === 'unreadable-archive' ? `unreadable: ${hit.reason}` : hit.kind;
  return `${hit.file.replace(work, '<bundle>')}${hit.entry ? `!${hit.entry}` : ''}: ${what}`;
}

/**
 * Builds the TAC evidence bundle: redacts every raw artifact by structure (failing closed), adds the
 * analyzer's findings (redacted too), the summary with its timeline and a manifest of sha256 sums,
 * zips it, then searches every byte (zips, gzip and base64-embedded archives unpacked) of the
 * bundle and of the run's other reports for every known secret in every encoding and for
 * token-shaped strings. It is assembled in a private (0700) folder next to its destination and
 * moved to reports/evidence/<run-id>/ and <run-id>.zip only when all of that found nothing; on a
 * hit nothing of it remains and the run's reports that hold a hit are removed.
 */
export async function buildEvidenceBundle(input: BundleInput): Promise<Bundle> {
  // mkdtemp makes the folder 0700; beside reports/evidence (same file system) so the final move is a rename.
  mkdirSync(path.dirname(input.outputRoot), { recursive: true });
  const work = mkdtempSync(path.join(path.dirname(input.outputRoot), '.evidence-assembling-'));
  try {
    const staging = path.join(work, input.context.runId);
    const redaction = await redactFolder(input.rawDir, staging, { secrets: input.secrets });
    const analysis = new ReportRedactor(input.secrets).value(await analyzeInputs([path.join(input.rawDir, 'logs')]));
    writeFileSync(path.join(staging, 'findings.json'), `${JSON.stringify(analysis, null, 2)}\n`);
    writeFileSync(path.join(staging, 'redaction-report.json'), `${JSON.stringify(redaction, null, 2)}\n`);
    writeFileSync(path.join(staging, 'verdict.json'), `${JSON.stringify({ ...input.context, checks: input.checks, ...input.verdict }, null, 2)}\n`);
    writeDiagnosisSummary(staging, {
      context: input.context,
      checks: input.checks,
      verdict: input.verdict,
      analysis,
      marks: [...marksFromEvents(input.events), ...input.marks],
      files: listFiles(staging),
      withheld: redaction.withheld,
    });
    const manifest = Object.fromEntries(
      listFiles(staging).map((file) => [
        file.split(path.sep).join('/'),
        createHash('sha256')
          .update(readFileSync(path.join(staging, file)))
          .digest('hex'),
      ]),
    );
    writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify({ runId: input.context.runId, algorithm: 'sha256', files: manifest }, null, 2)}\n`);

    const zipPath = `${staging}.zip`;
    const entries = Object.fromEntries(
      listFiles(staging).map((file) => [`${input.context.runId}/${file.split(path.sep).join('/')}`, new Uint8Array(readFileSync(path.join(staging, file)))]),
    );
    writeFileSync(zipPath, zipSync(entries, { level: 6 }));

    const scanned = [staging, zipPath, ...(input.runReports && existsSync(input.runReports) ? [input.runReports] : [])];
    const hits = [...(await scanForSecrets(scanned, input.secrets)), ...(await scanForTokenShapes(scanned))];
    if (hits.length > 0) {
      const inRunReports = new Set(hits.map((hit) => hit.file).filter((file) => !file.startsWith(work)));
      for (const file of inRunReports) rmSync(file, { force: true });
      throw new EvidenceLeakError(hits.map((hit) => describeHit(hit, work)));
    }

    mkdirSync(input.outputRoot, { recursive: true });
    const folder = path.join(input.outputRoot, input.context.runId);
    const zip = `${folder}.zip`;
    rmSync(folder, { recursive: true, force: true });
    renameSync(staging, folder);
    renameSync(zipPath, zip);
    return { folder, zip, findings: analysis.findings, zipBytes: statSync(zip).size };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
