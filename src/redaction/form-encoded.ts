import type { RedactionContext } from './redaction-context.ts';
import { isReplacement } from './replacement-label.ts';
import { sensitiveLabelFor } from './sensitive-names.ts';

/**
 * How replacements are written back: `url` percent-encodes them (a URL or a form body must stay
 * parseable), `raw` writes them as they are (a log line printing a form, read by people).
 */
export type ReplacementEncoding = 'url' | 'raw';

function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * `application/x-www-form-urlencoded` text (a form body, a URL query or fragment, the request a
 * Finesse log prints). Each value runs to the next `&`, so a token damaged by a stray space is
 * still replaced whole. Names and values are compared decoded, so a token has the same
 * fingerprint here as in a JSON body.
 */
export function redactFormEncoded(text: string, context: RedactionContext, encoding: ReplacementEncoding): string {
  const write = (value: string): string => (encoding === 'url' ? encodeURIComponent(value) : value);
  return text
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return context.redactText(pair);
      const rawName = pair.slice(0, equals);
      const name = decodeFormComponent(rawName);
      const value = decodeFormComponent(pair.slice(equals + 1));
      if (isReplacement(value)) return pair;
      const label = sensitiveLabelFor(name);
      if (label && !context.isTokenIdentifier(name, value)) return `${rawName}=${write(context.replace(label, value))}`;
      const redacted = context.redactText(value);
      return redacted === value ? pair : `${rawName}=${write(redacted)}`;
    })
    .join('&');
}
