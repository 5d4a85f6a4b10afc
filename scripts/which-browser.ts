/**
 * Which browser the project's runs use, as they resolve it (src/browser/resolve.ts), for scripts
 * that must not repeat its search (.ci/run). Does not start the browser.
 *   npx tsx scripts/which-browser.ts                           the browser, or what to install (exit 1)
 *   npx tsx scripts/which-browser.ts --missing-debian-packages   the Debian packages it lacks, space-separated
 */
import { browserLocation } from '../src/browser/launch-options.ts';
import { missingDebianPackages } from '../src/browser/debian-packages.ts';
import { NoBrowserError, resolveBrowser } from '../src/browser/resolve.ts';
import { EXIT_USAGE, loadConfigOrExit } from '../src/cli/load-config-or-exit.ts';

const MISSING = '--missing-debian-packages';
const args = process.argv.slice(2);
if (args.some((arg) => arg !== MISSING)) {
  process.stderr.write(`Usage: npx tsx scripts/which-browser.ts [${MISSING}]\n`);
  process.exit(EXIT_USAGE);
}
const config = loadConfigOrExit();

if (args.includes(MISSING)) {
  process.stdout.write(`${missingDebianPackages(config.browser, config.headless).join(' ')}\n`);
} else {
  try {
    const choice = resolveBrowser(config.browser, config.headless);
    process.stdout.write(`${browserLocation(choice)} (chosen by ${choice.source})\n`);
  } catch (error) {
    if (!(error instanceof NoBrowserError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
