/**
 * `npm run diagnose` as functions: the command line read against the configuration, then the
 * diagnosis run in its own test runner and turned into a verdict and an evidence bundle. Usage
 * errors are thrown as UsageError. What the embedded mock lab contributes (its hosts and versions)
 * is passed in: src/ reaches the mock only through its seam.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnGroup } from '../cli/child-group.ts';
import { UsageError } from '../cli/cli-errors.ts';
import { privateTempDir } from '../cli/private-temp.ts';
import { readLabProfileFile } from '../cli/read-lab-profile.ts';
import { isShuttingDown, shutdownWithAncestors } from '../cli/shutdown.ts';
import type { HarnessConfig } from '../config/load.ts';
import { buildEvidenceBundle } from '../evidence/bundle.ts';
import { tokensSeenIn } from '../evidence/seen-tokens.ts';
import type { RecordedEvent, TimelineMark } from '../evidence/timeline.ts';
import { labProfilePath, type LabProfile } from '../lab/lab-profile.ts';
import { plantCanaries, runKeyForChildProcess, type NamedSecret } from '../redaction/index.ts';
import { playwrightCommand } from '../reports/playwright-cli.ts';
import { InputFileError } from '../text/bounded-file.ts';
import { verdictOf, type Check } from './checks.ts';
import { DIAGNOSE_ENV } from './environment.ts';
import { verdictTable } from './verdict-table.ts';

const EXIT_BROKEN = 1;
const EXIT_DEFECT = 3;
/** A real lab has no defect profile of its own: the verdict names it so. */
const LAB_PROFILE = 'lab';
/** Against a real lab the bundle holds what the browser saw; the servers' logs are the lab's to collect. */
const LAB_SERVER_LOGS =
  "Server logs are not in this bundle: the diagnosis of a real lab sees only the browser. Collect from the lab the client log (Send Error Report on the desktop, then on the Finesse CLI: file get activelog desktop/logs/clientlogs/*), the Finesse webservices logs (file get activelog /desktop recurs compress: a .tgz npm run analyze reads as it is) and the IdS log (from the IdS server's CLI), then run npm run analyze on them for the known failure signatures.";

/** What the embedded mock lab is, for a run against it. */
export interface MockLabFacts {
  hosts: string[];
  versions: { Finesse: string; IdS: string };
}

/** One run of `npm run diagnose`, judged against the configuration. */
export type DiagnoseCommand =
  | { kind: 'dry-run'; profile: string }
  | { kind: 'scenarios'; list: string; json: boolean }
  | { kind: 'diagnose'; profile: string; json: boolean; failOnDefect: boolean; surveyed: LabProfile | undefined };

export type DiagnoseArgs = ReturnType<typeof readDiagnoseArgs>;

/** The options as given; judged against the configuration by `diagnoseCommand`. */
export function readDiagnoseArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        profile: { type: 'string' },
        json: { type: 'boolean', default: false },
        'fail-on-defect': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        scenarios: { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function diagnoseCommand(args: DiagnoseArgs, config: HarnessConfig): DiagnoseCommand {
  const onLab = config.target === 'lab';
  if (onLab && args.profile !== undefined)
    throw new UsageError(
      '--profile: the defect profile is an option of the embedded mock lab; a real lab (TARGET=lab) behaves as it is set up, leave --profile out',
    );
  const profile = onLab ? LAB_PROFILE : (args.profile ?? config.mock.profile);
  if (!onLab && profile !== 'affected' && profile !== 'fixed') throw new UsageError(`--profile: "${profile}" is not allowed; expected affected or fixed`);
  if (args['dry-run']) return { kind: 'dry-run', profile };
  if (onLab && args.scenarios !== undefined)
    throw new UsageError('--scenarios: the failure modes run on the embedded mock lab over HTTP; leave TARGET=lab out');
  // The waits against a lab derive from its own expires_in, which the survey records.
  const surveyed = onLab ? readSurveyedProfile(labProfilePath(config.outputDir)) : undefined;
  if (onLab && surveyed?.tokenResponse?.expiresInS === undefined)
    throw new UsageError(
      `TARGET=lab: ${labProfilePath(config.outputDir)} holds no token lifetime (expires_in); run npm run survey first, the diagnosis's waits derive from it`,
    );
  if (args.scenarios !== undefined) return { kind: 'scenarios', list: args.scenarios, json: args.json };
  return { kind: 'diagnose', profile, json: args.json, failOnDefect: args['fail-on-defect'], surveyed };
}

/** The survey's record, size-checked before parsing; a missing or broken one is a usage error saying what to do. */
function readSurveyedProfile(file: string): LabProfile | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return readLabProfileFile(file);
  } catch (error) {
    if (error instanceof InputFileError) throw new UsageError(`TARGET=lab: ${error.message}; run npm run survey again or fix the file`);
    throw error;
  }
}

/**
 * The diagnosis: the `diagnose` project run in its own process group with the raw evidence in a
 * private folder, then the verdict printed and the redacted bundle written. Returns the exit code.
 */
export async function runDiagnosis(command: Extract<DiagnoseCommand, { kind: 'diagnose' }>, config: HarnessConfig, mock: MockLabFacts): Promise<number> {
  const { profile, surveyed } = command;
  const onLab = config.target === 'lab';
  let exitCode: number;
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const runId = `diag-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')}-${profile}`;
  const canaries = plantCanaries();
  // Raw evidence holds live secrets until redacted: a folder only this user reads, removed however the run ends.
  const work = privateTempDir('finesse-diagnose-');
  const workDir = work.path;
  shutdownWithAncestors();
  const rawDir = path.join(workDir, 'raw');
  const resultFile = path.join(workDir, 'result.json');
  const reportsDir = path.join(config.outputDir, 'diagnose');

  say(`[diagnose] run ${runId}: target ${config.target}, profile ${profile}`);
  const playwright = playwrightCommand(['test', '--project', 'diagnose']);
  // Its own process group: stopped with this process (the runner, its workers and their browsers).
  const { child, exited } = spawnGroup(playwright.command, playwright.args, {
    env: {
      ...process.env,
      HARNESS_DIAGNOSE: '1',
      // Browser profiles (their disk cache holds live token answers) and every other temporary file of the
      // run go inside the private folder, so an interrupted run leaves none of them behind.
      TMPDIR: workDir,
      // Playwright's compile cache of the project's own TypeScript (no secrets) stays where it was, so a diagnosis does not
      // compile every fixture and src file again (about 5 s a run).
      PLAYWRIGHT_TRANSFORM_CACHE_DIR: process.env.PLAYWRIGHT_TRANSFORM_CACHE_DIR ?? transformCacheDir(),
      // One fingerprint key for the run: the verdict's token fingerprints match the bundle's labels.
      ...runKeyForChildProcess(),
      // The mock lab signs the planted password in; a real lab's agent signs in with AGENT_PASSWORD.
      ...(onLab ? {} : { MOCK_PROFILE: profile, MOCK_AGENT_PASSWORD: canaries.password }),
      [DIAGNOSE_ENV.rawDir]: rawDir,
      [DIAGNOSE_ENV.resultFile]: resultFile,
      [DIAGNOSE_ENV.canaryCookie]: canaries.cookie,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(process.stderr);
  child.stderr!.pipe(process.stderr);
  const testExit = await exited;

  try {
    if (!existsSync(resultFile)) {
      if (!isShuttingDown()) say(`[diagnose] the diagnosis did not finish (test runner exit ${testExit}); see the output above and ${reportsDir}/html`);
      exitCode = EXIT_BROKEN;
    } else {
      const result = JSON.parse(readFileSync(resultFile, 'utf8')) as {
        checks: Check[];
        marks: TimelineMark[];
        events: RecordedEvent[];
        issuedTokens: string[];
        browser: string;
        target: { versions?: Record<string, string>; accessLifetimeS?: number };
      };
      const verdict = verdictOf(result.checks);
      // The mock knows every token it issued; against a lab, the real password and every token the browser saw.
      const targetSecrets: NamedSecret[] = onLab
        ? [{ label: 'password', value: config.agent!.password }, ...(await tokensSeenIn(rawDir))]
        : result.issuedTokens.map((value) => ({ label: 'issued-token', value }));
      const secrets = [...canaries.secrets, ...targetSecrets];
      const versions = onLab ? (result.target.versions ?? { Finesse: 'unknown (the diagnosis broke before SystemInfo)', IdS: 'unknown' }) : mock.versions;
      const bundle = await buildEvidenceBundle({
        rawDir,
        outputRoot: path.join(config.outputDir, 'evidence'),
        context: {
          runId,
          target: config.target,
          profile,
          versions,
          hosts: onLab ? config.lab!.allowedHosts : mock.hosts,
          browser: result.browser,
          lifetimes: onLab ? { accessS: surveyed!.tokenResponse!.expiresInS! } : { accessS: config.mock.accessTtlS, refreshS: config.mock.refreshTtlS },
          ...(onLab ? { serverLogs: LAB_SERVER_LOGS } : {}),
        },
        checks: result.checks,
        verdict,
        events: result.events,
        marks: result.marks,
        secrets,
        runReports: reportsDir,
      });

      const document = {
        target: config.target,
        profile,
        versions: { finesse: versions.Finesse, ids: versions.IdS, browser: result.browser },
        checks: result.checks,
        reproduced: verdict.reproduced,
        recovered: verdict.recovered,
        meaning: verdict.meaning,
        findings: bundle.findings.map((finding) => ({
          signature: finding.signature,
          subCause: finding.subCause,
          severity: finding.severity,
          user: finding.user,
        })),
        evidence: bundle.zip,
      };
      if (command.json) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      else
        process.stdout.write(
          `${verdictTable(result.checks, verdict)}\nEvidence bundle: ${bundle.zip} (${(bundle.zipBytes / 1024 / 1024).toFixed(1)} MB)\nReports: ${reportsDir}\n`,
        );
      exitCode = testExit !== 0 ? EXIT_BROKEN : command.failOnDefect && verdict.reproduced ? EXIT_DEFECT : 0;
    }
  } catch (error) {
    say(`[diagnose] ${(error as Error).message}`);
    exitCode = EXIT_BROKEN;
  } finally {
    work.remove();
  }
  return exitCode;
}

/** Where Playwright keeps its compile cache by default (under the system temporary folder, per user). */
function transformCacheDir(): string {
  return path.join(os.tmpdir(), process.platform === 'win32' ? 'playwright-transform-cache' : `playwright-transform-cache-${process.geteuid!()}`);
}
