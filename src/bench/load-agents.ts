/** How many agents the load scenario signs in (tests/load), set by `npm run bench -- load` or by hand. */
export const LOAD_AGENTS_ENV = 'HARNESS_LOAD_AGENTS';
/** The load project is part of a run only when asked: `HARNESS_LOAD=1 npx playwright test --project=load`. */
export const LOAD_PROJECT_ENV = 'HARNESS_LOAD';
export const DEFAULT_LOAD_AGENTS = 20;
/** The mock lab has 50 agents. */
const MAX_LOAD_AGENTS = 50;
/** Each load test's annotation: its sign-in latency in milliseconds. */
export const SIGN_IN_ANNOTATION = 'sign-in-ms';

export function loadAgentCount(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_LOAD_AGENTS;
  const count = Number(text);
  if (!/^\d+$/.test(text.trim()) || count < 1 || count > MAX_LOAD_AGENTS) {
    throw new Error(`${LOAD_AGENTS_ENV}: ${JSON.stringify(text)} is not allowed; expected a whole number of agents from 1 to ${MAX_LOAD_AGENTS}`);
  }
  return count;
}
