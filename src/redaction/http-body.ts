import type { RedactionContext } from './redaction-context.ts';
import { redactFormEncoded } from './form-encoded.ts';
import { redactText } from './free-text.ts';
import { redactHtml } from './html-document.ts';
import { parseJsonDocument, redactJsonValue, stringifyLike } from './json-value.ts';
import { redactMultipart } from './multipart-body.ts';

/**
 * A request or response body by its MIME type: JSON parsed (a token response's
 * `access_token`/`refresh_token` sit in an escaped string in a HAR, where text regexes miss them),
 * forms parsed, HTML by its tags, anything else searched as text. A body that does not parse as
 * its type is still searched as text.
 */
export function redactBody(text: string, mimeType: string | undefined, context: RedactionContext): string {
  const mime = (mimeType ?? '').toLowerCase();
  if (mime.includes('json')) {
    const document = parseJsonDocument(text.trim());
    if (document) return stringifyLike(redactJsonValue(document.value, context), text);
  }
  if (mime.includes('x-www-form-urlencoded')) return redactFormEncoded(text, context, 'url');
  if (mime.includes('multipart/form-data')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(mimeType ?? '')?.[1];
    if (boundary) return redactMultipart(text, boundary, context);
  }
  if (mime.includes('html') || /^\s*(<!doctype html|<html)/i.test(text)) return redactHtml(text, context);
  return redactText(text, context);
}
