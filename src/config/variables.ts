import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Every environment variable the harness reads, with its rule, default and meaning.
 * `.env.example` is checked against this list by a unit test, so the two cannot drift.
 */
export interface VariableSpec {
  readonly schema: z.ZodType;
  /** Default as written in `.env.example`; `undefined` means "no default". */
  readonly defaultText?: string;
  readonly description: string;
  /** Secret values are never echoed in error messages. */
  readonly secret?: boolean;
}

type Issue = { input?: unknown };

function shown(input: unknown, secret: boolean): string {
  if (secret) return 'the value given';
  if (input === undefined) return 'nothing';
  return JSON.stringify(input);
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, secret = false) {
  return z.enum(values, {
    error: (iss: Issue) => `${shown(iss.input, secret)} is not allowed; expected one of: ${values.join(', ')}`,
  });
}

function wholeNumber(min: number, max: number, unit: string) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, { error: (iss: Issue) => `${shown(iss.input, false)} is not a whole number; expected ${unit} from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: (iss: Issue) => `${shown(iss.input, false)} is too small; expected ${unit} from ${min} to ${max}` })
        .max(max, { error: (iss: Issue) => `${shown(iss.input, false)} is too large; expected ${unit} from ${min} to ${max}` }),
    );
}

/** `user:password@` in a URL: refused, and the URL never echoed (the password would reach the terminal and logs). */
function hasUserinfo(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username !== '' || url.password !== '';
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(value.trim());
  }
}

function httpsUrl() {
  return z
    .string()
    .trim()
    .refine((value) => !hasUserinfo(value), {
      error: () =>
        'holds a user name or password (user:password@host); remove it, the agent signs in through the sign-in form with AGENT_USERNAME and AGENT_PASSWORD',
      abort: true,
    })
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return url.protocol === 'https:' && url.hostname.length > 0;
        } catch {
          return false;
        }
      },
      { error: (iss: Issue) => `${shown(iss.input, false)} is not an https:// URL; expected for example https://finesse.example.com:8445/desktop` },
    );
}

function flag() {
  return z
    .string()
    .trim()
    .toLowerCase()
    .pipe(oneOf(['true', 'false', '1', '0', 'yes', 'no']))
    .transform((value) => ['true', '1', 'yes'].includes(value));
}

function text(secret = false) {
  return z.string().min(1, { error: () => `is empty; expected ${secret ? 'a non-empty secret' : 'a value'}` });
}

function extension() {
  return z
    .string()
    .trim()
    .regex(/^\d{2,15}$/, {
      error: (iss: Issue) => `${shown(iss.input, false)} is not an extension; expected 2 to 15 digits, for example 1001`,
    });
}

/** Splits a comma-separated list; blank entries are dropped. */
function items(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A comma-separated list checked entry by entry; the message shows the raw input, not the parsed list. */
function list<T>(valid: (entries: string[]) => boolean, message: string, parse: (entries: string[]) => T) {
  return z
    .string()
    .trim()
    .refine((value) => items(value).length > 0 && valid(items(value)), { error: (iss: Issue) => `${shown(iss.input, false)} ${message}` })
    .transform((value) => parse(items(value)));
}

const HOST_NAME = /^(\*\.)?[a-z0-9.-]+$/;

function hostList() {
  return list(
    (hosts) => hosts.every((host) => HOST_NAME.test(host.toLowerCase())),
    'is not a list of host names; expected comma-separated names such as finesse.example.com,ids.example.com',
    (hosts) => hosts.map((host) => host.toLowerCase()),
  );
}

/** `host=ip,host=ip`: lab host names mapped to addresses for labs without DNS. */
function hostMap() {
  const pair = (entry: string) => entry.split('=').map((part) => part.trim().toLowerCase());
  return list(
    (entries) => entries.map(pair).every((parts) => parts.length === 2 && /^[a-z0-9.-]+$/.test(parts[0]!) && isIP(parts[1]!) !== 0),
    'is not a host map; expected comma-separated host=ip pairs such as finesse.example.com=10.0.0.5',
    (entries) => Object.fromEntries(entries.map(pair)) as Record<string, string>,
  );
}

/** Base64 SHA-256 hashes of certificates' SubjectPublicKeyInfo (44 characters each). */
function spkiList() {
  return list(
    (hashes) => hashes.every((hash) => /^[A-Za-z0-9+/]{43}=$/.test(hash)),
    'is not a list of SPKI hashes; expected comma-separated base64 SHA-256 values (44 characters, ending in =) as the harness prints them',
    (hashes) => hashes,
  );
}

function pattern() {
  return z
    .string()
    .trim()
    .min(1, { error: () => 'is empty; expected a regular expression' })
    .transform((value, context) => {
      try {
        return new RegExp(value, 'i');
      } catch (error) {
        context.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a regular expression (${(error as Error).message})` });
        return z.NEVER;
      }
    });
}

/** A field of a generic IdP form: `label:Text`, `role:button:Text` or any Playwright selector. */
function fieldSelector() {
  return z
    .string()
    .trim()
    .min(1, { error: () => 'is empty; expected label:<text>, role:<role>:<name> or a Playwright selector' });
}

export const TARGETS = ['mock', 'lab'] as const;
export const IDP_KINDS = ['adfs', 'okta', 'entra', 'ping', 'generic'] as const;
export const MOCK_PROFILES = ['affected', 'fixed'] as const;
export const TOKEN_STORAGES = ['sessionCookie', 'memory', 'sessionStorage', 'localStorage', 'cookie'] as const;
export const CERT_TRUSTS = ['system', 'pin'] as const;

export const VARIABLES = {
  TARGET: { schema: oneOf(TARGETS), defaultText: 'mock', description: 'What to run against: the embedded mock lab (mock) or a real Finesse lab (lab).' },
  FINESSE_URL: { schema: httpsUrl(), description: 'Lab only, required: the agent desktop URL, e.g. https://finesse.example.com:8445/desktop.' },
  IDS_URL: { schema: httpsUrl(), description: 'Lab only, optional: the Cisco Identity Service base URL, e.g. https://ids.example.com:8553.' },
  IDP_KIND: {
    schema: oneOf(IDP_KINDS),
    defaultText: 'adfs',
    description: 'Which identity-provider sign-in form to drive: adfs, okta, entra, ping or generic.',
  },
  AGENT_USERNAME: { schema: text(), description: 'Lab only, required: the SSO user name of the test agent.' },
  AGENT_PASSWORD: { schema: text(true), secret: true, description: 'Lab only, required: the SSO password of the test agent. Never written to reports.' },
  AGENT_EXTENSION: { schema: extension(), description: 'Lab only, required: the extension the test agent signs in with.' },
  AGENT_DISPLAY_NAME: {
    schema: text(),
    description: 'Lab only, optional: the name the desktop shows for the test agent; the survey looks for it, besides the user name and the extension.',
  },
  FINESSE_VERSION: {
    schema: text(),
    description:
      'Lab only, optional: the Finesse version, e.g. 12.6(2) (SystemInfo does not give it); unset: unknown, with the newest known expectations and a warning.',
  },
  LAB_ALLOWED_HOSTS: {
    schema: hostList(),
    description: 'Lab only, required: comma-separated host names the browser may reach (*.example.com for a domain); anything else stops the run.',
  },
  LAB_CERT_TRUST: {
    schema: oneOf(CERT_TRUSTS),
    defaultText: 'system',
    description: 'Lab only: trust the lab certificates through the system store (system) or pin what each allowed host presents at start (pin).',
  },
  LAB_CERT_SPKI: {
    schema: spkiList(),
    description: 'Lab only, optional with LAB_CERT_TRUST=pin: the known SPKI hashes; a lab presenting any other certificate is refused.',
  },
  HOST_MAP: { schema: hostMap(), description: "Lab only, optional: host=ip pairs for labs without DNS, applied through Chromium's host mapping." },
  BANNER_PATTERN: {
    schema: pattern(),
    description:
      'Optional: regular expression (case-insensitive) the session warning banner must match (mock and lab); unset: the Finesse version\'s expectation, a loose pattern that accepts "signed out" or "logged out" wording and requires "10 minutes".',
  },
  ALLOW_DISRUPTIVE: {
    schema: flag(),
    defaultText: 'false',
    description: 'Lab only: run the scenarios that force the test agent to be signed out; otherwise they are skipped.',
  },
  IDP_USERNAME_FIELD: {
    schema: fieldSelector(),
    defaultText: 'label:Username',
    description: 'IDP_KIND=generic: the user-name field, as label:<text>, role:<role>:<name> or a Playwright selector.',
  },
  IDP_PASSWORD_FIELD: { schema: fieldSelector(), defaultText: 'label:Password', description: 'IDP_KIND=generic: the password field, same forms.' },
  IDP_SUBMIT_BUTTON: {
    schema: fieldSelector(),
    defaultText: 'role:button:Sign in',
    description: 'IDP_KIND=generic: the button that submits the form, same forms.',
  },
  MOCK_AGENT_PASSWORD: {
    schema: text(true),
    secret: true,
    defaultText: 'Mock-Agent-Pass-1',
    description: 'Mock only: the password of every mock agent (agent001..agent050, supervisor01).',
  },
  MOCK_PROFILE: {
    schema: oneOf(MOCK_PROFILES),
    defaultText: 'affected',
    description: 'Mock only: affected (the token response may be cached: the field defect) or fixed (no-store).',
  },
  MOCK_TOKEN_STORAGE: {
    schema: oneOf(TOKEN_STORAGES),
    defaultText: 'sessionCookie',
    description:
      'Mock only: where the mock desktop keeps its access token (sessionCookie: set by Finesse, as the native desktop; the others INFERRED lab settings).',
  },
  ACCESS_TOKEN_TTL_S: {
    schema: wholeNumber(60, 86_400, 'seconds'),
    defaultText: '3600',
    description: 'Mock only: access-token lifetime in seconds (the seed lab: 3600).',
  },
  REFRESH_TOKEN_TTL_S: {
    schema: wholeNumber(120, 604_800, 'seconds'),
    defaultText: '36000',
    description: 'Mock only: refresh-token lifetime in seconds (the seed lab: 36000).',
  },
  MOCK_MISMATCH_CHECK: {
    schema: flag(),
    defaultText: 'true',
    description: 'Mock only: the IdS check that refuses a mismatched pair. false only to prove the tests can fail (npm run mutation).',
  },
  NAVIGATION_TIMEOUT_MS: { schema: wholeNumber(1_000, 600_000, 'milliseconds'), defaultText: '15000', description: 'Time-out for one page navigation.' },
  ACTION_TIMEOUT_MS: { schema: wholeNumber(500, 600_000, 'milliseconds'), defaultText: '10000', description: 'Time-out for one click, fill or expectation.' },
  TEST_TIMEOUT_MS: {
    schema: wholeNumber(5_000, 7_200_000, 'milliseconds'),
    defaultText: '60000',
    description: 'Time-out for one scenario (raise it for real-lab runs, which wait in real time).',
  },
  OUTPUT_DIR: { schema: text(), defaultText: 'reports', description: 'Folder for every output: reports, evidence bundles, benchmark results.' },
  HEADLESS: { schema: flag(), defaultText: 'true', description: 'Run the browser without a window (true) or with one (false).' },
  BROWSER_EXECUTABLE: { schema: text(), description: 'Optional: path of the Chromium, Chrome or Edge binary to use; skips the browser search.' },
  BROWSER_CHANNEL: {
    schema: oneOf(['chromium', 'chrome', 'chrome-beta', 'msedge', 'msedge-beta']),
    description: 'Optional: a Playwright browser channel (chrome, msedge, ...); skips the browser search.',
  },
} as const satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof VARIABLES;

/** Variables that must be set when TARGET=lab. */
export const REQUIRED_IN_LAB: readonly VariableName[] = ['FINESSE_URL', 'AGENT_USERNAME', 'AGENT_PASSWORD', 'AGENT_EXTENSION', 'LAB_ALLOWED_HOSTS'];
