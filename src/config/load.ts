import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { isAllowedHost } from '../browser/host-allow-list.ts';
import { readEnvFile } from './env-file.ts';
import { unknownVariableWarnings } from './unknown-variables.ts';
import { REQUIRED_IN_LAB, VARIABLES, type VariableName } from './variables.ts';

type Parsed<N extends VariableName> = z.output<(typeof VARIABLES)[N]['schema']>;

export interface HarnessConfig {
  target: Parsed<'TARGET'>;
  idpKind: Parsed<'IDP_KIND'>;
  /** BANNER_PATTERN; when unset the Finesse version's expectation applies (src/lab/version-expectations.ts). */
  bannerPattern?: RegExp;
  lab?: {
    finesseUrl: string;
    idsUrl?: string;
    allowedHosts: string[];
    certTrust: Parsed<'LAB_CERT_TRUST'>;
    /** Known SPKI hashes (LAB_CERT_SPKI); empty when none are pinned in advance. */
    certSpki: string[];
    hostMap: Record<string, string>;
    allowDisruptive: boolean;
    /** FINESSE_VERSION: no Finesse API gives the product version (finesse-sso.md §8.1). */
    finesseVersion?: string;
  };
  /** The form fields IDP_KIND=generic drives. */
  genericIdp: { usernameField: string; passwordField: string; submitButton: string };
  agent?: { username: string; password: string; extension: string; displayName?: string };
  mock: {
    agentPassword: string;
    profile: Parsed<'MOCK_PROFILE'>;
    tokenStorage: Parsed<'MOCK_TOKEN_STORAGE'>;
    accessTtlS: number;
    refreshTtlS: number;
    mismatchCheck: boolean;
  };
  timeouts: { navigationMs: number; actionMs: number; testMs: number };
  outputDir: string;
  headless: boolean;
  browser: { executable?: string; channel?: string };
  /** What was read but probably not meant (unknown names, a value cut at an unquoted #); printed by the entry point. */
  warnings: string[];
}

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[], source: string) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      `Configuration error: ${count} in ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nSee .env.example for every variable, its default and its meaning.`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadOptions {
  /** The process environment (wins over the file). */
  env?: NodeJS.ProcessEnv;
  /** Path of the dotenv file; missing file is fine. */
  envFile?: string;
}

/** Reads `.env` (the environment wins), validates every variable and reports every problem at once. */
export function loadConfig(options: LoadOptions = {}): HarnessConfig {
  const envFile = options.envFile ?? path.resolve(process.cwd(), '.env');
  const read = readEnvFile(envFile);
  if (read !== undefined && 'problem' in read) throw new ConfigError([read.problem], path.basename(envFile));
  const fromFile = read?.values ?? {};
  const environment = pickDefined(options.env ?? process.env);
  const raw: Record<string, string | undefined> = { ...fromFile, ...environment };
  const warnings = [...(read?.warnings ?? []), ...unknownVariableWarnings(Object.keys(fromFile), Object.keys(environment), path.basename(envFile))];

  const problems: string[] = [];
  const values = new Map<VariableName, unknown>();
  for (const [name, spec] of Object.entries(VARIABLES) as [VariableName, (typeof VARIABLES)[VariableName]][]) {
    const input = raw[name] === '' ? undefined : raw[name];
    const value = input ?? ('defaultText' in spec ? spec.defaultText : undefined);
    if (value === undefined) continue;
    const result = spec.schema.safeParse(value);
    if (result.success) values.set(name, result.data);
    else problems.push(`${name}: ${result.error.issues[0]?.message ?? 'is invalid'}`);
  }

  const target = values.get('TARGET');
  if (target === 'lab') {
    for (const name of REQUIRED_IN_LAB) {
      if (raw[name] === undefined || raw[name] === '')
        problems.push(`${name}: is missing; required when TARGET=lab (${VARIABLES[name].description.replace(/^Lab only, required: /, '')})`);
    }
  }
  const executable = values.get('BROWSER_EXECUTABLE') as string | undefined;
  if (executable !== undefined && !existsSync(executable))
    problems.push(`BROWSER_EXECUTABLE: no file at ${JSON.stringify(executable)}; expected the path of a Chromium, Chrome or Edge binary`);
  if (executable !== undefined && values.has('BROWSER_CHANNEL'))
    problems.push('BROWSER_CHANNEL: set together with BROWSER_EXECUTABLE; expected at most one of the two');

  if (target === 'lab') problems.push(...labProblems(values));
  problems.push(...crossFieldProblems(values));

  if (problems.length > 0) throw new ConfigError(problems, read !== undefined ? `${path.basename(envFile)} and the environment` : 'the environment');
  return { ...build(values), warnings };
}

/** Settings that are each valid alone but cannot hold together, on any target. */
function crossFieldProblems(values: Map<VariableName, unknown>): string[] {
  const problems: string[] = [];
  const access = values.get('ACCESS_TOKEN_TTL_S') as number | undefined;
  const refresh = values.get('REFRESH_TOKEN_TTL_S') as number | undefined;
  if (access !== undefined && refresh !== undefined && refresh < access)
    problems.push(
      `REFRESH_TOKEN_TTL_S: ${refresh} is shorter than ACCESS_TOKEN_TTL_S (${access}); a refresh token outlives the access tokens it renews, raise it or lower ACCESS_TOKEN_TTL_S`,
    );
  const output = values.get('OUTPUT_DIR') as string | undefined;
  if (output !== undefined) {
    const info = statSync(path.resolve(output), { throwIfNoEntry: false });
    if (info !== undefined && !info.isDirectory())
      problems.push(`OUTPUT_DIR: ${JSON.stringify(output)} is a file, not a folder; give a folder (it is created when missing)`);
  }
  return problems;
}

/** Lab settings that are each valid alone but contradict one another. */
function labProblems(values: Map<VariableName, unknown>): string[] {
  const problems: string[] = [];
  const allowed = values.get('LAB_ALLOWED_HOSTS') as string[] | undefined;
  if (allowed) {
    for (const name of ['FINESSE_URL', 'IDS_URL'] as const) {
      const url = values.get(name) as string | undefined;
      if (url && !isAllowedHost(new URL(url).hostname, allowed))
        problems.push(`${name}: host ${new URL(url).hostname} is not in LAB_ALLOWED_HOSTS; add it there or fix the URL`);
    }
    const mapped = Object.keys((values.get('HOST_MAP') as Record<string, string> | undefined) ?? {});
    const outside = mapped.filter((host) => !isAllowedHost(host, allowed));
    if (outside.length > 0) problems.push(`HOST_MAP: ${outside.join(', ')} not in LAB_ALLOWED_HOSTS; a mapped host must also be allowed`);
  }
  if (values.has('LAB_CERT_SPKI') && values.get('LAB_CERT_TRUST') !== 'pin')
    problems.push('LAB_CERT_SPKI: set while LAB_CERT_TRUST is not pin; set LAB_CERT_TRUST=pin to pin these hashes, or remove them');
  return problems;
}

function pickDefined(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function build(values: Map<VariableName, unknown>): Omit<HarnessConfig, 'warnings'> {
  const get = <N extends VariableName>(name: N) => values.get(name) as Parsed<N>;
  const optional = <N extends VariableName>(name: N) => values.get(name) as Parsed<N> | undefined;
  const target = get('TARGET');
  const config: Omit<HarnessConfig, 'warnings'> = {
    target,
    idpKind: get('IDP_KIND'),
    bannerPattern: optional('BANNER_PATTERN'),
    mock: {
      agentPassword: get('MOCK_AGENT_PASSWORD'),
      profile: get('MOCK_PROFILE'),
      tokenStorage: get('MOCK_TOKEN_STORAGE'),
      accessTtlS: get('ACCESS_TOKEN_TTL_S'),
      refreshTtlS: get('REFRESH_TOKEN_TTL_S'),
      mismatchCheck: get('MOCK_MISMATCH_CHECK'),
    },
    timeouts: { navigationMs: get('NAVIGATION_TIMEOUT_MS'), actionMs: get('ACTION_TIMEOUT_MS'), testMs: get('TEST_TIMEOUT_MS') },
    outputDir: path.resolve(get('OUTPUT_DIR')),
    headless: get('HEADLESS'),
    browser: { executable: optional('BROWSER_EXECUTABLE'), channel: optional('BROWSER_CHANNEL') },
    genericIdp: { usernameField: get('IDP_USERNAME_FIELD'), passwordField: get('IDP_PASSWORD_FIELD'), submitButton: get('IDP_SUBMIT_BUTTON') },
  };
  if (target === 'lab') {
    config.lab = {
      finesseUrl: get('FINESSE_URL'),
      idsUrl: optional('IDS_URL'),
      allowedHosts: get('LAB_ALLOWED_HOSTS'),
      certTrust: get('LAB_CERT_TRUST'),
      certSpki: optional('LAB_CERT_SPKI') ?? [],
      hostMap: optional('HOST_MAP') ?? {},
      allowDisruptive: get('ALLOW_DISRUPTIVE'),
      finesseVersion: optional('FINESSE_VERSION'),
    };
    const displayName = optional('AGENT_DISPLAY_NAME');
    config.agent = {
      username: get('AGENT_USERNAME'),
      password: get('AGENT_PASSWORD'),
      extension: get('AGENT_EXTENSION'),
      ...(displayName ? { displayName } : {}),
    };
  }
  return config;
}
