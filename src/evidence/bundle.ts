import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { analyzeInputs } from '../analyzer/analyze.ts';
import type { AnalysisReport } from '../analyzer/types.ts';
import type { Check, Verdict } from '../diagnose/checks.ts';
import { redactFolder, scanForSecrets, scanForTokenShapes, type NamedSecret } from '../redaction/index.ts';
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
}

export interface Bundle {
  folder: string;
  zip: string;
  findings: AnalysisReport['findings'];
  zipBytes: number;
}

/** The scan found a secret in what was about to ship: nothing was written to reports/. */
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

/**
 * Builds the TAC evidence bundle: redacts every raw artifact by structure (failing closed), adds the
 * analyzer's findings, the summary with its timeline and a manifest of sha256 sums, zips it, then
 * searches every byte (zips unpacked) for every known secret and for token-shaped strings. Only a
 * clean bundle is copied to reports/evidence/<run-id>/ and <run-id>.zip.
 */
export async function buildEvidenceBundle(input: BundleInput): Promise<Bundle> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'finesse-bundle-'));
  try {
    const staging = path.join(work, input.context.runId);
    const redaction = await redactFolder(input.rawDir, staging, { secrets: input.secrets });
    const analysis = await analyzeInputs([path.join(input.rawDir, 'logs')]);
    writeFileSync(path.join(staging, 'findings.json'), `${JSON.stringify(analysis, null, 2)}\n`);
    writeFileSync(path.join(staging, 'redaction-report.json'), `${JSON.stringify(redaction, null, 2)}\n`);
    writeFileSync(path.join(staging, 'verdict.json'), `${JSON.stringify({ ...input.context, checks: input.checks, ...input.verdict }, null, 2)}\n`);
    writeDiagnosisSummary(staging, { context: input.context, checks: input.checks, verdict: input.verdict, analysis, marks: [...marksFromEvents(input.events), ...input.marks], files: listFiles(staging), withheld: redaction.withheld });
    const manifest = Object.fromEntries(listFiles(staging).map((file) => [file.split(path.sep).join('/'), createHash('sha256').update(readFileSync(path.join(staging, file))).digest('hex')]));
    writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify({ runId: input.context.runId, algorithm: 'sha256', files: manifest }, null, 2)}\n`);

    const zipPath = `${staging}.zip`;
    const entries = Object.fromEntries(listFiles(staging).map((file) => [`${input.context.runId}/${file.split(path.sep).join('/')}`, new Uint8Array(readFileSync(path.join(staging, file)))]));
    writeFileSync(zipPath, zipSync(entries, { level: 6 }));

    const secretHits = await scanForSecrets([staging, zipPath], input.secrets);
    const shapeHits = await scanForTokenShapes([staging, zipPath]);
    const hits = [
      ...secretHits.map((hit) => `${hit.file}${hit.entry ? `!${hit.entry}` : ''}: ${hit.kind === 'secret' ? `${hit.label} (${hit.encoding})` : `unreadable: ${hit.reason}`}`),
      ...shapeHits.map((hit) => `${hit.file}${hit.entry ? `!${hit.entry}` : ''}: ${hit.kind}`),
    ];
    if (hits.length > 0) throw new EvidenceLeakError(hits.map((hit) => hit.replace(work, '<bundle>')));

    mkdirSync(input.outputRoot, { recursive: true });
    const folder = path.join(input.outputRoot, input.context.runId);
    const zip = `${folder}.zip`;
    cpSync(staging, folder, { recursive: true });
    cpSync(zipPath, zip);
    return { folder, zip, findings: analysis.findings, zipBytes: statSync(zip).size };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
