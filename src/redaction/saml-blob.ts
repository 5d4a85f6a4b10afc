import { inflateSync } from 'fflate';
import type { RedactionContext } from './redaction-context.ts';

/**
 * Base64 SAML messages outside a named field (an auto-post page's inline script, a log line,
 * a JSON property of any name). A run of base64 long enough to hold a SAML message is decoded
 * and replaced when it is SAML XML, directly (POST binding) or deflated (Redirect binding).
 */
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/]{80,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const SAML_MARKER = /urn:oasis:names:tc:SAML|<saml2?p?:/i;
/** Inflating is skipped for runs this long: a Redirect-binding message is far shorter. */
const MAX_INFLATE_BYTES = 1 << 20;

function decodesToSaml(run: string): boolean {
  const bytes = Buffer.from(run, 'base64');
  if (SAML_MARKER.test(bytes.toString('latin1'))) return true;
  if (bytes.length > MAX_INFLATE_BYTES) return false;
  try {
    return SAML_MARKER.test(Buffer.from(inflateSync(bytes)).toString('latin1'));
  } catch {
    return false;
  }
}

export function redactSamlBlobs(text: string, context: RedactionContext): string {
  return text.replace(BASE64_RUN, (run) => (decodesToSaml(run) ? context.replace('saml', run) : run));
}
