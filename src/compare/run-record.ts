import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { MAX_JSON_BYTES, readTextFile } from '../text/bounded-file.ts';
import type { Check } from '../diagnose/checks.ts';

/** What `npm run compare` needs of one diagnosis, whichever form it was saved in. */
export interface RunRecord {
  /** The file or folder it was read from. */
  source: string;
  runId?: string;
  target: string;
  profile: string;
  /** Lower-case product names (`finesse`, `ids`, `browser`, …) to versions. */
  versions: Record<string, string>;
  checks: Check[];
  reproduced: boolean;
  recovered: boolean;
  meaning: string;
  /** Distinct finding signatures (with sub-cause), e.g. `refresh-token-mismatch (stale-access-token)`. */
  findings: string[];
  /** Facts of the lab survey, flattened to dotted keys; empty when the run has none. */
  survey: Record<string, string>;
}

export class RunRecordError extends Error {}

interface Finding {
  signature: string;
  subCause?: string;
}

/** `diagnose --json` and the bundle's verdict.json differ only in where versions, browser and findings live. */
interface SavedVerdict {
  runId?: string;
  target?: string;
  profile?: string;
  versions?: Record<string, string>;
  browser?: string;
  checks?: unknown;
  reproduced?: unknown;
  recovered?: unknown;
  meaning?: string;
  findings?: Finding[];
  survey?: unknown;
}

function flatten(value: unknown, prefix = ''): Record<string, string> {
  if (value === null || typeof value !== 'object') return prefix ? { [prefix]: String(value) } : {};
  return Object.fromEntries(Object.entries(value).flatMap(([key, child]) => Object.entries(flatten(child, prefix ? `${prefix}.${key}` : key))));
}

function signatures(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((finding) => (finding.subCause ? `${finding.signature} (${finding.subCause})` : finding.signature)))].sort();
}

/** Builds a record from a verdict document; `findings` from the bundle's findings.json when the document has none. */
export function recordOf(source: string, document: SavedVerdict, bundleFindings?: Finding[]): RunRecord {
  if (!isDiagnosis(document)) {
    throw new RunRecordError(`${source}: not a diagnosis (expected the JSON of \`npm run -s diagnose -- --json\`, an evidence bundle .zip or its folder)`);
  }
  const wrong = wronglyTyped(document, bundleFindings);
  if (wrong !== undefined) throw new RunRecordError(`${source}: not a diagnosis: ${wrong}`);
  const versions = Object.fromEntries(Object.entries(document.versions ?? {}).map(([name, version]) => [name.toLowerCase(), String(version)]));
  if (document.browser && !versions.browser) versions.browser = document.browser;
  return {
    source,
    ...(document.runId ? { runId: document.runId } : {}),
    target: document.target ?? 'unknown',
    profile: document.profile ?? 'unknown',
    versions,
    checks: document.checks as Check[],
    reproduced: document.reproduced as boolean,
    recovered: document.recovered as boolean,
    meaning: document.meaning ?? '',
    findings: signatures(document.findings ?? bundleFindings ?? []),
    survey: flatten(document.survey),
  };
}

function isDiagnosis(document: unknown): document is SavedVerdict {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return false;
  const { checks, reproduced, recovered } = document as SavedVerdict;
  return Array.isArray(checks) && typeof reproduced === 'boolean' && typeof recovered === 'boolean';
}

/** The first field a hand-edited or foreign document gets wrong, named (a JSON that parses is not yet a diagnosis). */
function wronglyTyped(document: SavedVerdict, bundleFindings: unknown): string | undefined {
  const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  const checks = document.checks as unknown[];
  const badCheck = checks.findIndex((check) => !isRecord(check) || typeof check.id !== 'string' || typeof check.status !== 'string');
  if (badCheck >= 0) return `checks[${badCheck}] is not a check (expected an object with text id and status)`;
  for (const name of ['target', 'profile', 'meaning', 'runId', 'browser'] as const) {
    if (document[name] !== undefined && typeof document[name] !== 'string') return `${name} is not text`;
  }
  if (document.versions !== undefined && !isRecord(document.versions)) return 'versions is not an object of names to versions';
  for (const [name, findings] of [
    ['findings', document.findings],
    ['findings.json', bundleFindings],
  ] as const) {
    if (findings === undefined) continue;
    if (!Array.isArray(findings)) return `${name} is not a list`;
    const bad = findings.findIndex((finding) => !isRecord(finding) || typeof finding.signature !== 'string');
    if (bad >= 0) return `${name}[${bad}] is not a finding (expected an object with a text signature)`;
  }
  return undefined;
}

function parse(source: string, text: string): SavedVerdict {
  try {
    return JSON.parse(text) as SavedVerdict;
  } catch (error) {
    throw new RunRecordError(`${source}: not JSON (${(error as Error).message})`);
  }
}

function fromBundleFiles(source: string, read: (name: string) => string | undefined): RunRecord {
  const verdict = read('verdict.json');
  if (verdict === undefined) throw new RunRecordError(`${source}: no verdict.json inside; is it an evidence bundle?`);
  const findings = read('findings.json');
  const findingsDocument = findings === undefined ? undefined : (parse(source, findings) as { findings?: Finding[] } | null);
  return recordOf(source, parse(source, verdict), findingsDocument?.findings ?? []);
}

/** Reads a diagnosis from the `--json` output, an evidence bundle zip, or an unpacked bundle folder. */
export function readRunRecord(source: string): RunRecord {
  if (!existsSync(source)) throw new RunRecordError(`${source}: no such file or folder`);
  if (statSync(source).isDirectory()) {
    return fromBundleFiles(source, (name) => (existsSync(path.join(source, name)) ? boundedText(path.join(source, name), MAX_JSON_BYTES) : undefined));
  }
  const bytes = boundedBytes(source, MAX_BUNDLE_BYTES);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    let entries: Record<string, Uint8Array>;
    try {
      // The declared size decides before anything is inflated (fflate inflates into a buffer of that size, no more).
      entries = unzipSync(new Uint8Array(bytes), {
        filter: (file) => {
          if (!/(^|\/)(verdict|findings)\.json$/.test(file.name)) return false;
          if (file.originalSize > MAX_JSON_BYTES)
            throw new RunRecordError(
              `${source}: ${file.name} expands to ${file.originalSize} bytes, more than the ${MAX_JSON_BYTES} a verdict can be; not read`,
            );
          return true;
        },
      });
    } catch (error) {
      if (error instanceof RunRecordError) throw error;
      throw new RunRecordError(`${source}: not a readable zip (${(error as Error).message})`);
    }
    // The bundle zip holds one top folder, <run-id>/.
    return fromBundleFiles(source, (name) => {
      const entry = Object.entries(entries).find(([file]) => file === name || file.endsWith(`/${name}`));
      return entry ? strFromU8(entry[1]) : undefined;
    });
  }
  if (bytes.length > MAX_JSON_BYTES) throw new RunRecordError(`${source}: ${bytes.length} bytes, more than the ${MAX_JSON_BYTES} a verdict can be; not read`);
  return recordOf(source, parse(source, bytes.toString('utf8')));
}

/** An evidence bundle is megabytes (traces and HARs included); far larger is not one. */
const MAX_BUNDLE_BYTES = 1024 * 1024 * 1024;

/** A regular file's bytes, checked for kind and size before reading (`/dev/zero` would grow without end). */
function boundedBytes(file: string, maxBytes: number): Buffer {
  try {
    return Buffer.from(readTextFile(file, 'a diagnosis', maxBytes, 'binary'), 'binary');
  } catch (error) {
    throw new RunRecordError((error as Error).message);
  }
}

function boundedText(file: string, maxBytes: number): string {
  try {
    return readTextFile(file, 'a diagnosis', maxBytes);
  } catch (error) {
    throw new RunRecordError((error as Error).message);
  }
}
