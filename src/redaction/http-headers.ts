import type { RedactionContext } from './redaction-context.ts';
import { isReplacement } from './replacement-label.ts';
import { isAuthorizationName, isCookieHeaderName, isSetCookieHeaderName, sensitiveLabelFor } from './sensitive-names.ts';

/** Replaces one cookie value (every cookie value is a secret: a session cookie may have any name). */
function redactCookieValue(raw: string, context: RedactionContext): string {
  const value = raw.trim();
  if (value === '' || isReplacement(value)) return raw;
  const unquoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  const lead = raw.slice(0, raw.indexOf(value));
  return lead + context.replace('cookie', unquoted) + raw.slice(lead.length + value.length);
}

/** `Cookie: a=1; b=2`: each value replaced, names kept. A part without `=` is a nameless value. */
export function redactCookieHeader(header: string, context: RedactionContext): string {
  return header
    .split(';')
    .map((part) => {
      const equals = part.indexOf('=');
      return equals < 0 ? redactCookieValue(part, context) : part.slice(0, equals + 1) + redactCookieValue(part.slice(equals + 1), context);
    })
    .join(';');
}

/**
 * Where one Set-Cookie ends and the next begins: HAR writers join them with newlines, proxies and
 * logs fold them with commas (`a=1; Path=/, b=2`); a comma inside `Expires=Wed, 21 Oct …` is
 * followed by a day number, never by `name=`.
 */
const FOLDED_SET_COOKIE = /(\n|,(?=\s*[^\s;,=]+=))/;

/**
 * `Set-Cookie: name=value; Path=/; HttpOnly`: the value replaced, name and attributes kept.
 * HAR writers join several Set-Cookie headers with newlines.
 */
export function redactSetCookieHeader(header: string, context: RedactionContext): string {
  return header
    .split(FOLDED_SET_COOKIE)
    .map((line, index) => {
      if (index % 2 === 1) return line;
      const end = line.indexOf(';') < 0 ? line.length : line.indexOf(';');
      return redactCookieHeader(line.slice(0, end), context) + line.slice(end);
    })
    .join('');
}

/** `Authorization: Bearer <credential>`: the scheme kept, the credential replaced. */
export function redactAuthorization(header: string, context: RedactionContext): string {
  const match = /^(\s*)(\S+)(\s+)(.*?)(\s*)$/s.exec(header);
  if (!match) return context.replace('authorization', header.trim());
  const [, lead = '', scheme = '', gap = '', credential = '', trail = ''] = match;
  // Basic credentials hold the password: labelled, never fingerprinted.
  const label = scheme.toLowerCase() === 'basic' ? 'basic-credentials' : 'authorization';
  return lead + scheme + gap + context.replace(label, credential) + trail;
}

/**
 * Headers whose values are known to be harmless and kept as they are (content type and length,
 * caching, dates, status): everything else is judged by its shape.
 */
const HARMLESS_HEADERS: ReadonlySet<string> = new Set(
  [
    'accept',
    'accept-encoding',
    'accept-language',
    'accept-ranges',
    'age',
    'cache-control',
    'connection',
    'content-encoding',
    'content-language',
    'content-length',
    'content-type',
    'date',
    'etag',
    'expires',
    'if-modified-since',
    'if-none-match',
    'keep-alive',
    'last-modified',
    'pragma',
    'status',
    ':status',
    ':method',
    'transfer-encoding',
    'vary',
    'x-content-type-options',
  ].map((name) => name.replace(/[^a-z:]/g, '')),
);

export function isHarmlessHeaderName(name: string): boolean {
  return HARMLESS_HEADERS.has(name.toLowerCase().replace(/[^a-z:]/g, ''));
}

/**
 * A header, query or form value by its name: cookie strings parsed, credentials replaced, values
 * under a sensitive name replaced whole, anything else searched as text (a `Location` or
 * `Referer` URL may carry a token in its query or fragment).
 */
export function redactNamedValue(name: string, value: string, context: RedactionContext): string {
  if (isHarmlessHeaderName(name)) return value;
  if (isCookieHeaderName(name)) return redactCookieHeader(value, context);
  if (isSetCookieHeaderName(name)) return redactSetCookieHeader(value, context);
  if (isAuthorizationName(name)) return redactAuthorization(value, context);
  const label = sensitiveLabelFor(name);
  if (label && !context.isTokenIdentifier(name, value)) return context.replace(label, value);
  return context.redactText(value);
}
