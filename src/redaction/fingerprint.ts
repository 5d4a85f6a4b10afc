import { createHmac, randomBytes } from 'node:crypto';

/**
 * The key of this run's fingerprints: random, held in memory only, never written. A parent that
 * starts the run's test process hands it on in {@link RUN_KEY_VARIABLE} (the environment, not a
 * file), so a token has the same fingerprint in the verdict, the logs and the HAR of one run and
 * a different one in the next run: a fingerprint says "same value" and nothing about the value.
 */
export const RUN_KEY_VARIABLE = 'HARNESS_RUN_KEY';

let processRunKey: Buffer | undefined;

export function runKey(): Buffer {
  if (processRunKey) return processRunKey;
  const handedOn = process.env[RUN_KEY_VARIABLE];
  processRunKey = handedOn && /^[0-9a-f]{64}$/.test(handedOn) ? Buffer.from(handedOn, 'hex') : randomBytes(32);
  return processRunKey;
}

/** The run key as the child processes of this run receive it (environment only). */
export function runKeyForChildProcess(): Record<string, string> {
  return { [RUN_KEY_VARIABLE]: runKey().toString('hex') };
}

/**
 * A short display name for a secret (4 hex characters of HMAC-SHA256 under the run key): equal
 * values get equal names within one run; without the key it says nothing, not even to someone
 * who guesses the value. Use it wherever a token must be shown: `#3f2a`.
 */
export function fingerprintSecret(value: string, key: Uint8Array = runKey()): string {
  return createHmac('sha256', key).update(value).digest('hex').slice(0, 4);
}

/** {@link fingerprintSecret} under this run's key. */
export function fingerprint(secret: string): string {
  return fingerprintSecret(secret);
}
