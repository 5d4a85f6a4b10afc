import type { RedactionContext } from './redaction-context.ts';
import { sensitiveLabelFor } from './sensitive-names.ts';
import { redactFreeText, redactText } from './free-text.ts';

/**
 * `multipart/form-data`: each part's headers searched as text, its body replaced when the part's
 * field name is sensitive and searched as text otherwise.
 */
export function redactMultipart(body: string, boundary: string, context: RedactionContext): string {
  const delimiter = `--${boundary}`;
  return body
    .split(delimiter)
    .map((part) => {
      const headerEnd = part.indexOf('\r\n\r\n') >= 0 ? part.indexOf('\r\n\r\n') + 4 : part.indexOf('\n\n') >= 0 ? part.indexOf('\n\n') + 2 : -1;
      if (headerEnd < 0) return redactText(part, context);
      const headers = part.slice(0, headerEnd);
      const trailer = /\r?\n$/.exec(part.slice(headerEnd))?.[0] ?? '';
      const content = part.slice(headerEnd, part.length - trailer.length);
      const label = sensitiveLabelFor(/\bname="([^"]*)"/i.exec(headers)?.[1] ?? '');
      return redactFreeText(headers, context) + (label ? context.replace(label, content) : redactText(content, context)) + trailer;
    })
    .join(delimiter);
}
