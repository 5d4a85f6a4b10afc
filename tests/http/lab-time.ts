import { expect } from '@playwright/test';
import type { AgentResponse } from '../../mock/browserless-agent.ts';

/** A response's Date header shows the lab time between `before` and `after` (the header has whole seconds). */
export function expectDatedBetween(response: AgentResponse, before: number, after: number): void {
  const date = Date.parse(response.headers.date as string);
  expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  expect(date).toBeLessThanOrEqual(after);
}
