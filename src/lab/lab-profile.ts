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
  /** Where the desktop shows what the harness looks for, as the survey found it; correct by hand where it guessed wrong. */
  landmarks?: Landmarks;
  /** What the desktop did when the survey made a refresh fail (ALLOW_DISRUPTIVE), or why it did not try. */
  sessionFailure?: SessionFailure;
}

/**
 * How the harness finds something on the desktop, by what a user perceives: an accessible label, a
 * role (with a piece of its text), or a piece of text. In a text, `{username}`, `{extension}` and
 * `{displayName}` stand for the test agent's own.
 */
export type PageLocator = { label: string } | { role: string; text?: string } | { text: string };

/** The agent details the desktop may show. */
export const IDENTITY_FIELDS = ['displayName', 'username', 'extension'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export interface Landmarks {
  /** Where the agent's identity shows once signed in; absent when the survey found none (then "signed in" rests on the network alone). */
  identity?: { locator: PageLocator; shows: IdentityField; foundBy: string };
  /** Why no identity landmark was recorded. */
  identityNotFound?: string;
  /** The session banner: how to find it, and how it shows its countdown. */
  banner?: { locator: PageLocator; countdown: 'timer' | 'text' | 'none'; foundBy: string };
  /** The page a forced sign-out ends on. */
  signedOut?: { path: string; heading?: string; foundBy: string };
}

/**
 * The banner and the forced sign-out as the survey saw them after putting an earlier access token back
 * where the desktop keeps it, so the IdS refused the pair at the next refresh (the field defect).
 * Times in whole seconds of lab time (real time against a lab); texts redacted.
 */
export type SessionFailure =
  | { skipped: string }
  | {
      /** How the refresh was made to fail. */
      cause: string;
      /** Injections tried that did not make the next refresh fail (the desktop refreshes from elsewhere), before the cause that did. */
      withoutEffect?: string[];
      /** Each refresh refused or left unanswered, from the first: seconds after it, and the HTTP status (0: no answer). */
      failedRefreshes: { atS: number[]; statuses: number[] };
      banner?: {
        /** The banner's ARIA role (`none` when the text sits in no element with a role). */
        role: string;
        /** Its text, redacted, with the countdown shown as `m:ss`. */
        text: string;
        afterFirstFailureS: number;
        failedRefreshesBefore: number;
        /** What its countdown showed when it appeared, in seconds; absent when it shows none. */
        countdownS?: number;
      };
      signOut?: { afterBannerS: number; path: string; heading?: string; text: string };
      /** What did not come within its bound, and the bound. */
      notSeen?: string[];
    };

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

/** Measured durations in real time jitter: they differ between two surveys only beyond this. */
const TIMING_TOLERANCE = { seconds: 2, fraction: 0.1 };
const MEASURED_TIMING = /^sessionFailure\.(failedRefreshes\.atS|banner\.afterFirstFailureS|banner\.countdownS|signOut\.afterBannerS)$/;

/** Two measured durations in seconds the same within real-time jitter (2 s or 10 %). */
export function sameSeconds(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(TIMING_TOLERANCE.seconds, TIMING_TOLERANCE.fraction * Math.max(a, b));
}

function sameTiming(a: string, b: string): boolean {
  const [x, y] = [[JSON.parse(a) as number | number[]].flat(), [JSON.parse(b) as number | number[]].flat()];
  return x.length === y.length && x.every((value, index) => sameSeconds(value, y[index]!));
}

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) for (const [path, text] of flatten(inner, prefix ? `${prefix}.${key}` : key)) out.set(path, text);
  } else if (prefix) {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}

/**
 * `--diff`: what changed between two surveys (an upgrade), one line per field; the survey time is left
 * out, and a measured timing is a change only beyond 2 s or 10 %.
 */
export function diffProfiles(before: LabProfile, after: LabProfile): string[] {
  const old = flatten({ ...before, surveyedAt: undefined });
  const now = flatten({ ...after, surveyedAt: undefined });
  const lines: string[] = [];
  for (const path of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(path);
    const b = now.get(path);
    if (a === b || (a !== undefined && b !== undefined && MEASURED_TIMING.test(path) && sameTiming(a, b))) continue;
    if (a === undefined) lines.push(`+ ${path}: ${b}`);
    else if (b === undefined) lines.push(`- ${path}: ${a}`);
    else lines.push(`~ ${path}: ${a} → ${b}`);
  }
  return lines;
}
