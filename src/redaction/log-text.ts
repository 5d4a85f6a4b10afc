import type { RedactionContext } from './redaction-context.ts';
import { redactFormEncoded } from './form-encoded.ts';
import { redactText } from './free-text.ts';

/**
 * A request printed in angle brackets, as the Finesse webservices log does
 * (`Error refreshing access token with request: <grant_type=…&access_token=…&refresh_token=…>`,
 * finesse-sso §7.2). Parsed as a form whose values run to the next `&` or the closing `>`, so a
 * token with a stray space inside (as in the seed) is replaced whole.
 */
const BRACKETED_FORM = /<([A-Za-z_][\w.-]*=[^<>\n]*)(>|$)/g;

/**
 * Log files (Finesse client and webservices, IdS, anything line-oriented), line by line:
 * bracketed requests as forms, the rest as text. Replacements are written unencoded for
 * people to read. 40-hex IdS token ids stay in the IdS claim lines only (see {@link RedactionContext.tokenIdsAreIdentifiers}).
 */
export function redactLogText(text: string, context: RedactionContext): string {
  return text
    .split('\n')
    .map((line) =>
      redactText(
        line.replace(BRACKETED_FORM, (_whole, form: string, close: string) => `<${redactFormEncoded(form, context, 'raw')}${close}`),
        context,
      ),
    )
    .join('\n');
}
