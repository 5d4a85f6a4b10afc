/**
 * npm run diagnose: the main job. Runs the diagnosis against TARGET (the embedded mock lab by
 * default; a real lab after `npm run survey`, in real time, its disruptive checks only with
 * ALLOW_DISRUPTIVE), prints a verdict table (or --json), and writes a redacted, canary-checked
 * evidence bundle for Cisco TAC under reports/evidence/.
 *
 *   --profile affected|fixed   the mock lab's defect profile (default: MOCK_PROFILE, else affected); mock only
 *   --json                     the verdict as one JSON document on stdout; everything else on stderr
 *   --fail-on-defect           exit 3 when the defect reproduced
 *   --scenarios <list|all>     instead: run the other failure modes (src/faults/failure-modes.ts) on the
 *                              mock over HTTP and print one verdict row per mode; exit 1 when a mode's
 *                              logs do not show its own signature alone
 *   --dry-run                  print the plan (scenarios, hosts, which are disruptive) and touch nothing
 * Exit codes: 0 ran to the end (whatever it found), 1 the harness or a check broke,
 * 2 configuration or usage error, 3 defect reproduced with --fail-on-defect; 130/143 stopped by
 * Ctrl+C/SIGTERM (the test run, its browsers and every raw artifact gone; nothing unredacted left).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnGroup } from '../src/cli/child-group.ts';
import { guardEntryPoint } from '../src/cli/cli-errors.ts';
import { EXIT_USAGE, loadConfigOrExit } from '../src/cli/load-config-or-exit.ts';
import { privateTempDir } from '../src/cli/private-temp.ts';
import { shutdownWithAncestors } from '../src/cli/shutdown.ts';
import { readLabProfileFile } from '../src/cli/read-lab-profile.ts';
import { InputFileError } from '../src/text/bounded-file.ts';
import { DIAGNOSE_ENV } from '../src/diagnose/environment.ts';
import { verdictOf, type Check } from '../src/diagnose/checks.ts';
import { verdictTable } from '../src/diagnose/verdict-table.ts';
import { diagnosePlan } from '../src/diagnose/plan.ts';
import { buildEvidenceBundle } from '../src/evidence/bundle.ts';
import type { RecordedEvent, TimelineMark } from '../src/evidence/timeline.ts';
import { tokensSeenIn } from '../src/evidence/seen-tokens.ts';
import { labProfilePath, type LabProfile } from '../src/lab/lab-profile.ts';
import { plantCanaries, runKeyForChildProcess, type NamedSecret } from '../src/redaction/index.ts';
import { LAB_HOSTS } from '../mock/lab.ts';
import { DEFAULT_SETTINGS } from '../mock/settings.ts';
import { playwrightCommand } from '../src/reports/playwright-cli.ts';

const EXIT_BROKEN = 1;
const EXIT_DEFECT = 3;
/** A real lab has no defect profile of its own: the verdict names it so. */
const LAB_PROFILE = 'lab';
/** Against a real lab the bundle holds what the browser saw; the servers' logs are the lab's to collect. */
const LAB_SERVER_LOGS =
  'Server logs are not in this bundle: the diagnosis of a real lab sees only the browser. Collect from the lab the client log (Send Error Report on the desktop, then on the Finesse CLI: file get activelog desktop/logs/clientlogs/*), the Finesse webservices logs (file get activelog /desktop recurs compress: a .tgz npm run analyze reads as it is) and the IdS log (from the IdS server\'s CLI), then run npm run analyze on them for the known failure signatures.';

guardEntryPoint('diagnose');

function usage(message: string): never {
  process.stderr.write(`${message}\nUsage: npm run diagnose -- [--profile affected|fixed] [--json] [--fail-on-defect] [--dry-run] | --scenarios <all|mode,mode,...> [--json]\n`);
  process.exit(EXIT_USAGE);
}

let args;
try {
  args = parseArgs({ options: { profile: { type: 'string' }, json: { type: 'boolean', default: false }, 'fail-on-defect': { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, scenarios: { type: 'string' } } }).values;
} catch (error) {
  usage((error as Error).message);
}
const config = loadConfigOrExit();
const onLab = config.target === 'lab';
if (onLab && args.profile !== undefined) usage('--profile: the defect profile is an option of the embedded mock lab; a real lab (TARGET=lab) behaves as it is set up, leave --profile out');
const profile = onLab ? LAB_PROFILE : (args.profile ?? config.mock.profile);
if (!onLab && profile !== 'affected' && profile !== 'fixed') usage(`--profile: "${profile}" is not allowed; expected affected or fixed`);
if (args['dry-run']) {
  process.stdout.write(diagnosePlan(config, { hosts: Object.values(LAB_HOSTS), profile }));
  process.exit(0);
}
if (onLab && args.scenarios !== undefined) usage('--scenarios: the failure modes run on the embedded mock lab over HTTP; leave TARGET=lab out');
// The waits against a lab derive from its own expires_in, which the survey records.
const surveyed = onLab ? readSurveyedProfile(labProfilePath(config.outputDir)) : undefined;
if (onLab && surveyed?.tokenResponse?.expiresInS === undefined) usage(`TARGET=lab: ${labProfilePath(config.outputDir)} holds no token lifetime (expires_in); run npm run survey first, the diagnosis's waits derive from it`);
if (args.scenarios !== undefined) {
  // Loaded only here: it brings the mock's fault machinery, which the diagnosis itself does not need.
  const { diagnoseFailureModes, selectFailureModes } = await import('../src/diagnose/scenario-verdicts.ts');
  let modes;
  try {
    modes = selectFailureModes(args.scenarios);
  } catch (error) {
    usage((error as Error).message);
  }
  process.exit(await diagnoseFailureModes(modes, { json: args.json, password: config.mock.agentPassword, say: (line) => process.stderr.write(`${line}\n`) }));
}

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
const exitCode = await exited;

try {
  if (!existsSync(resultFile)) {
    say(`[diagnose] the diagnosis did not finish (test runner exit ${exitCode}); see the output above and ${reportsDir}/html`);
    process.exitCode = EXIT_BROKEN;
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
    const versions = onLab ? (result.target.versions ?? { Finesse: 'unknown (the diagnosis broke before SystemInfo)', IdS: 'unknown' }) : { Finesse: DEFAULT_SETTINGS.finesseVersion, IdS: DEFAULT_SETTINGS.idsVersion };
    const bundle = await buildEvidenceBundle({
      rawDir,
      outputRoot: path.join(config.outputDir, 'evidence'),
      context: {
        runId,
        target: config.target,
        profile,
        versions,
        hosts: onLab ? config.lab!.allowedHosts : Object.values(LAB_HOSTS),
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
      findings: bundle.findings.map((finding) => ({ signature: finding.signature, subCause: finding.subCause, severity: finding.severity, user: finding.user })),
      evidence: bundle.zip,
    };
    if (args.json) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    else process.stdout.write(`${verdictTable(result.checks, verdict)}\nEvidence bundle: ${bundle.zip} (${(bundle.zipBytes / 1024 / 1024).toFixed(1)} MB)\nReports: ${reportsDir}\n`);
    process.exitCode = exitCode !== 0 ? EXIT_BROKEN : args['fail-on-defect'] && verdict.reproduced ? EXIT_DEFECT : 0;
  }
} catch (error) {
  say(`[diagnose] ${(error as Error).message}`);
  process.exitCode = EXIT_BROKEN;
} finally {
  work.remove();
}

/** The survey's record, size-checked before parsing; a missing or broken one is a usage error saying what to do. */
function readSurveyedProfile(file: string): LabProfile | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return readLabProfileFile(file);
  } catch (error) {
    if (error instanceof InputFileError) usage(`TARGET=lab: ${error.message}; run npm run survey again or fix the file`);
    throw error;
  }
}
