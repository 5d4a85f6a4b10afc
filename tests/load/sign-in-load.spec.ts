import { MOCK_AGENTS, displayName } from '../../mock/agents.ts';
import { harnessConfig } from '../../fixtures/harness-config.ts';
import { test } from '../../fixtures/index.ts';
import { LOAD_AGENTS_ENV, SIGN_IN_ANNOTATION, loadAgentCount } from '../../src/bench/load-agents.ts';

/**
 * The load scenario: N agents (HARNESS_LOAD_AGENTS, default 20) each sign in through SSO in a browser
 * of their own, spread over Playwright's workers (one mock lab per worker). Each test records its
 * sign-in latency as an annotation; `npm run bench -- load` runs it on 1 and on 2 workers and reports
 * the percentiles and the speed-up.
 */
const count = loadAgentCount(process.env[LOAD_AGENTS_ENV]);
const agents = MOCK_AGENTS.filter((agent) => agent.role === 'Agent').slice(0, count);

test.describe('load: agents sign in at once across workers', { tag: '@load' }, () => {
  test.skip(harnessConfig.target !== 'mock', 'the load scenario signs in many agents: the embedded mock lab only');

  for (const mockAgent of agents) {
    test.describe(() => {
      test.use({
        agent: { username: mockAgent.id, password: harnessConfig.mock.agentPassword, extension: mockAgent.extension, displayName: displayName(mockAgent) },
      });

      test(`${mockAgent.id} signs in through SSO`, async ({ browserProfile, sso, desktop }, testInfo) => {
        // The browser start is not the sign-in: open it first, then time IdP → extension → desktop header.
        await browserProfile.open();
        const start = performance.now();
        await sso.signIn();
        await desktop.expectIdentity();
        testInfo.annotations.push({ type: SIGN_IN_ANNOTATION, description: String(Math.round(performance.now() - start)) });
      });
    });
  }
});
