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
import { guardEntryPoint, UsageError } from '../src/cli/cli-errors.ts';
import { EXIT_USAGE, loadConfigOrExit } from '../src/cli/load-config-or-exit.ts';
import { diagnoseCommand, readDiagnoseArgs, runDiagnosis } from '../src/diagnose/diagnose-command.ts';
import { diagnosePlan } from '../src/diagnose/plan.ts';
import { LAB_HOSTS } from '../mock/lab.ts';
import { DEFAULT_SETTINGS } from '../mock/settings.ts';

guardEntryPoint('diagnose');

function usage(message: string): never {
  process.stderr.write(
    `${message}\nUsage: npm run diagnose -- [--profile affected|fixed] [--json] [--fail-on-defect] [--dry-run] | --scenarios <all|mode,mode,...> [--json]\n`,
  );
  process.exit(EXIT_USAGE);
}

/** Runs `step`; a UsageError it throws is printed with the usage line and ends with exit 2. */
function orUsage<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof UsageError) usage(error.message);
    throw error;
  }
}

// Options that do not parse are refused before the configuration is read.
const args = orUsage(() => readDiagnoseArgs(process.argv.slice(2)));
const config = loadConfigOrExit();
const command = orUsage(() => diagnoseCommand(args, config));
if (command.kind === 'dry-run') {
  process.stdout.write(diagnosePlan(config, { hosts: Object.values(LAB_HOSTS), profile: command.profile }));
  process.exit(0);
}
if (command.kind === 'scenarios') {
  // Loaded only here: it brings the mock's fault machinery, which the diagnosis itself does not need.
  const { diagnoseFailureModes, selectFailureModes } = await import('../src/diagnose/scenario-verdicts.ts');
  let modes;
  try {
    modes = selectFailureModes(command.list);
  } catch (error) {
    usage((error as Error).message);
  }
  process.exit(
    await diagnoseFailureModes(modes, { json: command.json, password: config.mock.agentPassword, say: (line) => process.stderr.write(`${line}\n`) }),
  );
}
process.exitCode = await runDiagnosis(command, config, {
  hosts: Object.values(LAB_HOSTS),
  versions: { Finesse: DEFAULT_SETTINGS.finesseVersion, IdS: DEFAULT_SETTINGS.idsVersion },
});
