/**
 * npm run survey: signs in to TARGET (a lab, or the embedded mock) and records what the public
 * documents leave open (where the token lives, the token response's fields and caching headers,
 * the refresh request's shape, the Finesse version; with ALLOW_DISRUPTIVE the banner and sign-out
 * after a refresh made to fail) in lab-profile.json. No secret values.
 *   --out <file>        where to write the profile (default: OUTPUT_DIR/lab-profile.json)
 *   --diff <old.json>   afterwards, show what changed since that survey (after an upgrade)
 * Exit codes: 0 surveyed, 1 the survey broke, 2 configuration or usage error.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { guardEntryPoint } from '../src/cli/cli-errors.ts';
import { EXIT_USAGE, loadConfigOrExit } from '../src/cli/load-config-or-exit.ts';
import { readLabProfileFile } from '../src/cli/read-lab-profile.ts';
import { onShutdown } from '../src/cli/shutdown.ts';
import { diffProfiles, labProfilePath, readLabProfile, type LabProfile } from '../src/lab/lab-profile.ts';
import { playwrightCommand } from '../src/reports/playwright-cli.ts';
import { InputFileError } from '../src/text/bounded-file.ts';
import { findTokenShapedStrings } from '../src/redaction/token-shape.ts';
import { sessionFailureWarnings } from '../src/lab/session-failure-check.ts';
import { bannerPatternFor, describeExpectations, expectationsFor } from '../src/lab/version-expectations.ts';

guardEntryPoint('survey');

/** The earlier survey to compare with, size-checked before parsing; a broken one is a usage error. */
function readDiffProfile(file: string): LabProfile {
  try {
    return readLabProfileFile(file);
  } catch (error) {
    if (error instanceof InputFileError) usage(`--diff: ${error.message}`);
    throw error;
  }
}

function usage(message: string): never {
  process.stderr.write(`${message}\nUsage: npm run survey -- [--out <file>] [--diff <old lab-profile.json>]\n`);
  process.exit(EXIT_USAGE);
}

let args;
try {
  args = parseArgs({ options: { out: { type: 'string' }, diff: { type: 'string' } } }).values;
} catch (error) {
  usage((error as Error).message);
}
const config = loadConfigOrExit();
if (args.diff !== undefined && !existsSync(args.diff)) usage(`--diff: no file at ${JSON.stringify(args.diff)}`);
const before = args.diff === undefined ? undefined : readDiffProfile(args.diff);
const out = path.resolve(args.out ?? labProfilePath(config.outputDir));
mkdirSync(path.dirname(out), { recursive: true });
// The survey writes beside the profile and replaces it only on success: a failed survey keeps the one lab-mode diagnose needs.
const written = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.partial`);
onShutdown(() => rmSync(written, { force: true }));

const say = (line: string) => process.stderr.write(`${line}\n`);
say(`[survey] target ${config.target}${config.lab ? ` (${config.lab.finesseUrl})` : ''}; writing ${out}`);
const exitCode = await new Promise<number>((resolve) => {
  const playwright = playwrightCommand(['test', '--project', 'survey']);
  const child = spawn(playwright.command, playwright.args, {
    env: { ...process.env, HARNESS_SURVEY: '1', HARNESS_SURVEY_OUT: written },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(process.stderr);
  child.stderr.pipe(process.stderr);
  child.on('close', (code) => resolve(code ?? 1));
});
if (exitCode !== 0 || !existsSync(written)) {
  say(`[survey] the survey did not finish (test runner exit ${exitCode}); see the output above${existsSync(out) ? `; ${out} is kept as it was` : ''}`);
  process.exit(1);
}
const text = readFileSync(written, 'utf8');
const secrets = [config.agent?.password, config.mock.agentPassword].filter((value): value is string => !!value);
if (findTokenShapedStrings(text).length > 0 || secrets.some((secret) => text.includes(secret))) {
  rmSync(written);
  say('[survey] the profile held a token or password value; it was deleted. This is a harness bug: please report it.');
  process.exit(1);
}
renameSync(written, out);
process.stdout.write(text);
const surveyed = readLabProfile(out)!;
// What later runs will expect of this lab where the survey has no answer (banner, retries, grace): keyed by its version.
const resolved = expectationsFor(surveyed.finesseVersion);
say(`[survey] expectations for ${describeExpectations(resolved)}${resolved.warning ? ` (${resolved.warning})` : ''}`);
if (surveyed.sessionFailure) {
  const facts = resolved.expectations;
  for (const warning of sessionFailureWarnings(surveyed.sessionFailure, facts, bannerPatternFor(config.bannerPattern, facts)))
    say(`[survey] warning: ${warning}`);
}
if (before) {
  const changes = diffProfiles(before, surveyed);
  process.stdout.write(
    changes.length === 0 ? `No changes since ${args.diff}\n` : `Changes since ${args.diff}:\n${changes.map((line) => `  ${line}`).join('\n')}\n`,
  );
}
