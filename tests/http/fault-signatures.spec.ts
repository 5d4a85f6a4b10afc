import { analyzeInputs } from '../../src/analyzer/analyze.ts';
import type { SignatureId } from '../../src/analyzer/signatures.ts';
import { FAILURE_MODES, produceHealthySession, runFailureMode } from '../../src/faults/failure-modes.ts';
import { expect, test } from './lab-fixture.ts';

/** Signatures that only ever follow a cause (the sign-out after the grace period): every refusing mode shows it. */
const CONSEQUENCES: readonly SignatureId[] = ['forced-logout-after-refresh-failure'];

test.describe('failure-mode logs and the analyzer: each signature in its own mode’s logs and in no other’s', { tag: '@fault' }, () => {
  for (const mode of FAILURE_MODES) {
    test(
      `${mode.id}: the logs show only ${mode.signature}, nothing unexplained`,
      { annotation: { type: 'detail', description: "no other failure mode's signature appears in the logs" } },
      async ({ lab, agentPassword }) => {
        await runFailureMode(mode, { lab, password: agentPassword, userId: 'agent001' });
        const report = await analyzeInputs([lab.logs.root]);
        const found = new Set(report.findings.map((finding) => finding.signature));
        expect(found, report.findings.map((finding) => `${finding.signature}: ${finding.summary}`).join('\n')).toContain(mode.signature);
        const others = FAILURE_MODES.filter((other) => other.signature !== mode.signature).map((other) => other.signature);
        expect([...found].filter((signature) => others.includes(signature))).toEqual([]);
        expect([...found].filter((signature) => signature !== mode.signature && !CONSEQUENCES.includes(signature))).toEqual([]);
      },
    );
  }

  test('negative control: a healthy session through the same steps leaves no finding', async ({ lab, agentPassword }) => {
    await produceHealthySession({ lab, password: agentPassword, userId: 'agent001' });
    const report = await analyzeInputs([lab.logs.root]);
    expect(report.findings).toEqual([]);
    expect(report.users.map((user) => user.counts.refresh)).toEqual([1]);
  });
});
