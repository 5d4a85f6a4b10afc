import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
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
  if (!Array.isArray(document.checks) || typeof document.reproduced !== 'boolean' || typeof document.recovered !== 'boolean') {
    throw new RunRecordError(`${source}: not a diagnosis (expected the JSON of \`npm run -s diagnose -- --json\`, an evidence bundle .zip or its folder)`);
  }
  const versions = Object.fromEntries(Object.entries(document.versions ?? {}).map(([name, version]) => [name.toLowerCase(), String(version)]));
  if (document.browser && !versions.browser) versions.browser = document.browser;
  return {
    source,
    ...(document.runId ? { runId: document.runId } : {}),
    target: document.target ?? 'unknown',
    profile: document.profile ?? 'unknown',
    versions,
    checks: document.checks as Check[],
    reproduced: document.reproduced,
    recovered: document.recovered,
    meaning: document.meaning ?? '',
    findings: signatures(document.findings ?? bundleFindings ?? []),
    survey: flatten(document.survey),
  };
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
  return recordOf(source, parse(source, verdict), findings === undefined ? [] : (parse(source, findings) as { findings?: Finding[] }).findings ?? []);
}

/** Reads a diagnosis from the `--json` output, an evidence bundle zip, or an unpacked bundle folder. */
export function readRunRecord(source: string): RunRecord {
  if (!existsSync(source)) throw new RunRecordError(`${source}: no such file or folder`);
  if (statSync(source).isDirectory()) {
    return fromBundleFiles(source, (name) => (existsSync(path.join(source, name)) ? readFileSync(path.join(source, name), 'utf8') : undefined));
  }
  const bytes = readFileSync(source);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(new Uint8Array(bytes), { filter: (file) => /(^|\/)(verdict|findings)\.json$/.test(file.name) });
    } catch (error) {
      throw new RunRecordError(`${source}: not a readable zip (${(error as Error).message})`);
    }
    // The bundle zip holds one top folder, <run-id>/.
    return fromBundleFiles(source, (name) => {
      const entry = Object.entries(entries).find(([file]) => file === name || file.endsWith(`/${name}`));
      return entry ? strFromU8(entry[1]) : undefined;
    });
  }
  return recordOf(source, parse(source, bytes.toString('utf8')));
}
