/**
 * The one door from `src/` into the embedded mock lab (`mock/`): `npm run diagnose -- --scenarios`
 * and the failure-mode catalogue drive the mock through what is exported here, and nothing else in
 * `src/` imports `mock/` (tests/unit/layering.spec.ts enforces it).
 */
export { startLab, type Lab } from '../mock/lab.ts';
export type { LabSettings } from '../mock/settings.ts';
export { BrowserlessAgent } from '../mock/browserless-agent.ts';
export { SimulatedDesktop } from '../mock/faults/simulated-desktop.ts';
export { PRESENCE_WAIT_MS } from '../mock/finesse/desktop-presence.ts';
