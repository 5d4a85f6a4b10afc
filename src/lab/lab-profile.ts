import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What `npm run survey` learns about a lab that the public documents leave open
 * (finesse-sso.md, Appendix A). Names, shapes and headers only: never a token, cookie or password value.
 */
export interface LabProfile {
  surveyedAt: string;
  desktopUrl: string;
  finesseVersion?: string;
  idsVersion?: string;
  /** Where the desktop keeps its access token, and under which name; `memory` when in no browser store. */
  tokenLocation: { kind: 'cookie' | 'localStorage' | 'sessionStorage' | 'memory'; name?: string };
  tokenResponse?: { method: string; path: string; fields: string[]; expiresInS?: number; headers: Record<string, string> };
  refreshRequest?: { method: string; path: string; parameters: string[] };
}

/** Where `npm run survey` writes the profile and later lab runs read it: OUTPUT_DIR/lab-profile.json. */
export function labProfilePath(outputDir: string): string {
  return path.join(outputDir, 'lab-profile.json');
}

/** The last survey's profile, when there is one. */
export function readLabProfile(file: string): LabProfile | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LabProfile) : undefined;
}

/** The response headers that decide whether the browser may keep a token response. */
export const CACHING_HEADERS = ['cache-control', 'expires', 'pragma', 'vary', 'etag', 'last-modified'];

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) for (const [path, text] of flatten(inner, prefix ? `${prefix}.${key}` : key)) out.set(path, text);
  } else if (prefix) {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}

/** `--diff`: what changed between two surveys (an upgrade), one line per field; the survey time is left out. */
export function diffProfiles(before: LabProfile, after: LabProfile): string[] {
  const old = flatten({ ...before, surveyedAt: undefined });
  const now = flatten({ ...after, surveyedAt: undefined });
  const lines: string[] = [];
  for (const path of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(path);
    const b = now.get(path);
    if (a === b) continue;
    if (a === undefined) lines.push(`+ ${path}: ${b}`);
    else if (b === undefined) lines.push(`- ${path}: ${a}`);
    else lines.push(`~ ${path}: ${a} → ${b}`);
  }
  return lines;
}
