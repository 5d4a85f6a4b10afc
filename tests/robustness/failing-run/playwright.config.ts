/**
 * The harness's own configuration, with one project: the spec beside this file that fails on purpose after a
 * password is typed (tests/robustness/failed-run-secrets.spec.ts runs it and searches what the run wrote).
 */
import { defineConfig } from '@playwright/test';
import harness from '../../../playwright.config.ts';

export default defineConfig({
  ...harness,
  // The harness's global setup starts nothing this spec needs (and its path is relative to the harness's config).
  globalSetup: undefined,
  projects: [{ name: 'failing-run', testDir: import.meta.dirname, testMatch: '*.nested.ts' }],
});
