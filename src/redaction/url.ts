import type { RedactionContext } from './redaction-context.ts';
import { redactFormEncoded } from './form-encoded.ts';

function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `scheme://user:password@host`: the password replaced, the user kept. */
function redactUserInfo(base: string, context: RedactionContext): string {
  return base.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:)([^/?#@]*)@/i, (_whole, head: string, password: string) => {
    return `${head}${encodeURIComponent(context.replace('password', decodePercent(password)))}@`;
  });
}

/**
 * A URL, by its parts, written back byte for byte except for replaced values: the query and a
 * fragment of `name=value` pairs (the implicit grant's `#access_token=…`) as form text, the
 * rest searched as text (`;jsessionid=` path parameters, tokens in a path).
 */
export function redactUrl(url: string, context: RedactionContext): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  let redacted = context.redactFreeText(redactUserInfo(base, context));
  if (queryAt >= 0) redacted += `?${redactFormEncoded(beforeHash.slice(queryAt + 1), context, 'url')}`;
  if (hashAt >= 0) {
    const fragment = url.slice(hashAt + 1);
    redacted += `#${fragment.includes('=') ? redactFormEncoded(fragment, context, 'url') : context.redactText(fragment)}`;
  }
  return redacted;
}
