import { ConfigError, loadConfig, type HarnessConfig, type LoadOptions } from '../config/load.ts';

/** Exit code for configuration and usage errors, shared by every entry point. */
export const EXIT_USAGE = 2;

/** Loads the configuration for an entry point; on any problem prints them all and exits 2 before anything starts. */
export function loadConfigOrExit(options?: LoadOptions): HarnessConfig {
  try {
    return loadConfig(options);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_USAGE);
    }
    throw error;
  }
}
