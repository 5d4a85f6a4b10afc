import type { RedactionContext } from './redaction-context.ts';

/**
 * JWT/JWE compact serializations: a base64url JSON header (always `eyJ`, the encoding of `{"`)
 * followed by 2 (JWS) or 4 (JWE) dot-separated base64url segments, any of which may be empty
 * (the JWE key segment is empty for `alg: dir`). Damaged tokens (a segment lost, as in the seed's
 * machine-translated log) still match because the segment count is a range.
 */
const TOKEN_SHAPE_SOURCE = String.raw`eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){2,4}`;

function tokenShape(): RegExp {
  return new RegExp(TOKEN_SHAPE_SOURCE, 'g');
}

/** Every JWT/JWE-shaped string in `text` (for the "no `eyJ…` token anywhere" check). */
export function findTokenShapedStrings(text: string): string[] {
  return text.match(tokenShape()) ?? [];
}

export function isWholeToken(text: string): boolean {
  return new RegExp(`^${TOKEN_SHAPE_SOURCE}$`).test(text);
}

/** `jwe` for five segments (four when one was lost), `jwt` for three. */
export function tokenKind(token: string): 'jwe' | 'jwt' {
  return token.split('.').length >= 4 ? 'jwe' : 'jwt';
}

/**
 * A sentence-ending dot after a token is not part of it, unless dropping it would leave fewer
 * than three segments (an unsigned JWS ends in an empty signature: `h.p.`).
 */
function withoutTrailingDots(match: string): string {
  const trimmed = match.replace(/\.+$/, '');
  return trimmed.split('.').length >= 3 ? trimmed : match;
}

/** Replaces each JWT/JWE-shaped string, whole: header and claims identify the user and session. */
export function redactTokenShapes(text: string, context: RedactionContext): string {
  return text.replace(tokenShape(), (match) => {
    const token = withoutTrailingDots(match);
    return context.replace(tokenKind(token), token) + match.slice(token.length);
  });
}
