import { fingerprint } from './fingerprint.ts';

/**
 * Labels whose values are guessable: even a keyed fingerprint would tell a reader that two
 * accounts share a password. These are labelled, never fingerprinted.
 */
const UNFINGERPRINTED_LABELS: ReadonlySet<string> = new Set(['password', 'basic-credentials']);

/** The text that replaces `secret`, e.g. `[access-token #3f2a]`, or `[password]`. */
export function replacementFor(label: string, secret: string): string {
  return UNFINGERPRINTED_LABELS.has(label) ? `[${label}]` : `[${label} #${fingerprint(secret)}]`;
}

/** The same pattern for use inside larger regexes (no anchors, no groups). */
export const REPLACEMENT_SOURCE = String.raw`\[[a-z0-9-]+(?: #[0-9a-f]{4})?\]`;

const LABEL = new RegExp(`^${REPLACEMENT_SOURCE}$`);

/** A value that is already a replacement, so redacting twice changes nothing. */
export function isReplacement(value: string): boolean {
  return LABEL.test(value);
}
