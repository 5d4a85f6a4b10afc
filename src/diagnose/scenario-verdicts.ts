import { startLab, type Lab } from '../embedded-lab.ts';
import { textTable } from '../text/text-table.ts';
import { analyzeInputs } from '../analyzer/analyze.ts';
import type { SignatureId } from '../analyzer/signatures.ts';
import { FAILURE_MODES, runFailureMode, type FailureMode } from '../faults/failure-modes.ts';

/** One failure mode run on the mock lab and what the analyzer named in its logs. */
export interface ScenarioVerdict {
  mode: string;
  title: string;
  expected: SignatureId;
  /** Every signature the analyzer found in the mode's logs. */
  found: SignatureId[];
  /** The expected signature was found, and no other mode's. */
  named: boolean;
  verdict: string;
  labSeconds: number;
  wallMs: number;
}

/** Resolves `all` or a comma-separated list of mode ids; throws one error naming every unknown id. */
export function selectFailureModes(list: string): FailureMode[] {
  if (list.trim() === 'all') return [...FAILURE_MODES];
  const ids = list
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !FAILURE_MODES.some((mode) => mode.id === id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new RangeError(
      `--scenarios: ${ids.length === 0 ? 'no scenario given' : `unknown ${unknown.map((id) => `"${id}"`).join(', ')}`}; expected all or a comma-separated list of ${FAILURE_MODES.map((mode) => mode.id).join(', ')}`,
    );
  }
  return FAILURE_MODES.filter((mode) => ids.includes(mode.id));
}

/** Runs each mode on the lab (reset in between) and analyzes the logs it wrote. */
export async function runScenarioVerdicts(lab: Lab, modes: readonly FailureMode[], password: string, userId = 'agent001'): Promise<ScenarioVerdict[]> {
  const verdicts: ScenarioVerdict[] = [];
  for (const mode of modes) {
    const started = performance.now();
    await runFailureMode(mode, { lab, password, userId });
    const labSeconds = Math.round((lab.clock.now() - Math.min(...lab.events.list().map((event) => event.at))) / 1000);
    const found = [...new Set((await analyzeInputs([lab.logs.root])).findings.map((finding) => finding.signature))];
    const others = FAILURE_MODES.filter((other) => other.id !== mode.id).map((other) => other.signature);
    const named = found.includes(mode.signature) && !found.some((signature) => others.includes(signature));
    verdicts.push({
      mode: mode.id,
      title: mode.title,
      expected: mode.signature,
      found,
      named,
      verdict: named ? mode.verdict : `NOT NAMED: the logs show ${found.join(', ') || 'no known signature'}, expected ${mode.signature} alone.`,
      labSeconds,
      wallMs: Math.round(performance.now() - started),
    });
  }
  return verdicts;
}

/** One row per mode: result, the signature found, lab and wall time, the verdict sentence. */
export function scenarioTable(verdicts: readonly ScenarioVerdict[]): string {
  const rows = verdicts.map((row) => [
    row.mode,
    row.named ? 'PASS' : 'FAIL',
    row.expected,
    `${Math.round(row.labSeconds / 60)} min`,
    `${(row.wallMs / 1000).toFixed(1)} s`,
    row.verdict,
  ]);
  return textTable(['failure mode', 'result', 'signature', 'lab time', 'wall', 'verdict'], rows);
}

/**
 * `npm run diagnose -- --scenarios …`: starts a mock lab in this process, runs the modes, prints
 * the table (or the JSON document) on stdout; returns the exit code: 0 when every mode was named
 * by its own signature, 1 otherwise.
 */
export async function diagnoseFailureModes(
  modes: readonly FailureMode[],
  options: { json: boolean; password: string; say: (line: string) => void },
): Promise<number> {
  const lab = await startLab({ agentPassword: options.password });
  try {
    const started = performance.now();
    options.say(`[diagnose] failure modes on the mock lab: ${modes.map((mode) => mode.id).join(', ')}`);
    const verdicts = await runScenarioVerdicts(lab, modes, options.password);
    const output = options.json ? `${JSON.stringify({ target: 'mock', scenarios: verdicts }, null, 2)}\n` : `${scenarioTable(verdicts)}\n`;
    await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()));
    options.say(
      `[diagnose] ${verdicts.filter((row) => row.named).length} of ${verdicts.length} failure modes named by their own signature in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return verdicts.every((row) => row.named) ? 0 : 1;
  } finally {
    await lab.stop();
  }
}
