import { fingerprint } from '../redaction/fingerprint.ts';

/** Shown characters of a masked token: enough to recognise its kind, far too few to use it. */
const SHOWN = 12;

/**
 * `eyJhbGciOiJk…#3f2a`: the head of a secret and a fingerprint that tells equal tokens apart
 * (every IdS token starts with the same header, so the head alone names none).
 */
function maskToken(token: string): string {
  // Only a JWT/JWE head is generic (its header); the head of an opaque value is part of the secret.
  return token.startsWith('eyJ') ? `${token.slice(0, SHOWN)}…#${fingerprint(token)}` : `…#${fingerprint(token)}`;
}

/** `20625085…`: a 40-hex IdS token id, short enough for a timeline and still unambiguous in one case. */
export function shortId(id: string): string {
  return id.length <= 9 ? id : `${id.slice(0, 8)}…`;
}

// Form parameters carrying tokens or assertions: the value runs to `&`, `>` or the end (the seed's
// copy even has a space inside a token), so it is masked whole, whatever characters it holds.
const FORM_SECRET = /\b((?:access|refresh|id)_token|code|assertion|SAMLResponse|client_secret|password)=([^&>]+)/g;
// JWE (five segments) and JWS (three) compact serializations wherever else they appear.
const COMPACT_TOKEN = /\beyJ[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*){2,4}/g;
const BEARER = /\b(Bearer\s+)([A-Za-z0-9._~+/-]{16,}=*)/g;

/** The line with every token it carries masked, so evidence can be printed and shared. */
export function maskTokens(text: string): string {
  if (!text.includes('=') && !text.includes('eyJ') && !text.includes('Bearer')) return text;
  return text
    .replace(FORM_SECRET, (_match, name: string, value: string) => `${name}=${name === 'password' ? '[password]' : maskToken(value)}`)
    .replace(COMPACT_TOKEN, (token) => maskToken(token))
    .replace(BEARER, (_match, prefix: string, token: string) => `${prefix}${maskToken(token)}`);
}
