import type { LaunchOptions } from '@playwright/test';
import { hostResolverRules } from './host-allow-list.ts';
import type { BrowserChoice } from './resolve.ts';

/** How the browser reaches and trusts a lab: the hosts it may reach, names mapped to addresses, certificates trusted by SPKI hash. */
export interface LabNetwork {
  /** The only hosts the browser may resolve (`*.domain` for a domain); every other name resolves to nothing. */
  allowedHosts: string[];
  /** host → IP address, applied with Chromium's host-resolver rules. */
  hostMap: Record<string, string>;
  /** base64 SHA-256 of each trusted certificate's SubjectPublicKeyInfo. */
  spkiHashes: string[];
}

/**
 * Chromium flags for a lab. Certificates are trusted by SPKI pin, never by ignoring errors:
 * Chromium does not reuse disk-cached responses fetched over a connection with certificate
 * errors, which would hide the very defect under test.
 */
export function labNetworkArgs(network: LabNetwork): string[] {
  const args = [`--host-resolver-rules=${hostResolverRules(network.hostMap, network.allowedHosts)}`];
  if (network.spkiHashes.length > 0) args.push(`--ignore-certificate-errors-spki-list=${network.spkiHashes.join(',')}`);
  return args;
}

export function launchOptions(choice: BrowserChoice, headless: boolean, network?: LabNetwork): LaunchOptions {
  return {
    headless,
    ...(choice.executablePath ? { executablePath: choice.executablePath } : {}),
    ...(choice.channel ? { channel: choice.channel } : {}),
    args: [...choice.args, ...(network ? labNetworkArgs(network) : [])],
  };
}

/** Where the chosen browser comes from: its binary, its channel or Playwright's own. */
export function browserLocation(choice: BrowserChoice): string {
  return choice.executablePath ?? (choice.channel ? `channel ${choice.channel}` : "Playwright's bundled Chromium");
}

export function describeBrowser(choice: BrowserChoice, version: string): string {
  return `Browser: ${version} (${browserLocation(choice)}; chosen by ${choice.source})`;
}
