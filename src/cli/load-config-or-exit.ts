import { ConfigError, loadConfig, type HarnessConfig, type LoadOptions } from '../config/load.ts';

/** Exit code for configuration and usage errors, shared by every entry point. */
export const EXIT_USAGE = 2;

/** Set once the warnings are printed, so the processes an entry point starts (the test runner) do not repeat them. */
const WARNED_ENV = 'HARNESS_CONFIG_WARNED';

/** Loads the configuration for an entry point; on any problem prints them all and exits 2 before anything starts. */
export function loadConfigOrExit(options?: LoadOptions): HarnessConfig {
  try {
    const config = loadConfig(options);
    if (process.env[WARNED_ENV] !== '1') for (const warning of config.warnings) process.stderr.write(`Configuration warning: ${warning}\n`);
    process.env[WARNED_ENV] = '1';
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_USAGE);
    }
    throw error;
  }
}
