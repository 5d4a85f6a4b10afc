import { test as base } from '@playwright/test';
import { BrowserlessAgent } from '../../mock/browserless-agent.ts';
import { startLab, type Lab } from '../../mock/lab.ts';
import { loadConfig } from '../../src/config/load.ts';
import { DesktopSession } from './desktop-session.ts';

export interface HttpLabFixtures {
  /** This worker's lab, reset for the test: no sessions, tokens, events, counters or log lines, start settings. */
  lab: Lab;
  /** A new cookie jar, as a fresh browser profile would be. */
  newAgent: () => BrowserlessAgent;
  /** Signs an agent in through the whole SSO flow, in a new jar unless one is given. */
  signIn: (userId?: string, agent?: BrowserlessAgent) => Promise<DesktopSession>;
}

export interface HttpLabWorkerFixtures {
  /** The mock agents' password (MOCK_AGENT_PASSWORD). */
  agentPassword: string;
  workerLab: Lab;
}

/**
 * One mock lab per worker, started once and reset before each test: Playwright's own pattern for
 * worker-scoped test servers. Tests talk HTTP to it with the cookie-jar client, no browser.
 */
export const test = base.extend<HttpLabFixtures, HttpLabWorkerFixtures>({
  agentPassword: [loadConfig().mock.agentPassword, { scope: 'worker', option: true }],
  workerLab: [
    async ({ agentPassword }, use) => {
      const lab = await startLab({ agentPassword });
      await use(lab);
      await lab.stop();
    },
    { scope: 'worker', title: 'mock lab' },
  ],
  lab: async ({ workerLab }, use) => {
    workerLab.reset();
    await use(workerLab);
  },
  newAgent: async ({ lab }, use) => {
    await use(() => new BrowserlessAgent({ hostMap: lab.hostMap, ca: lab.certPem }));
  },
  signIn: async ({ lab, newAgent, agentPassword }, use) => {
    await use((userId = 'agent001', agent = newAgent()) => DesktopSession.signIn(lab, agent, userId, agentPassword));
  },
});

export { expect } from '@playwright/test';
