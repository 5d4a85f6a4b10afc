import type { RedactionContext } from './redaction-context.ts';
import { REPLACEMENT_SOURCE, isReplacement } from './replacement-label.ts';
import { isAuthorizationName, isCookieHeaderName, isSetCookieHeaderName, sensitiveLabelFor } from './sensitive-names.ts';
import { redactNamedValue } from './http-headers.ts';
import { redactJsonValue, parseJsonDocument, stringifyLike } from './json-value.ts';
import { redactSamlBlobs } from './saml-blob.ts';
import { isWholeToken, redactTokenShapes, tokenKind } from './token-shape.ts';
import { redactUrl } from './url.ts';
import { TOKEN_RUN, isCredentialShapedRun, isCredentialShapedValue } from './credential-shape.ts';

/**
 * The IdS lines where the seed shows token ids: the claim lines (`… - Created access-token
 * {"rt":"…","token":"…"}`) and the mismatch line that names both ids.
 */
const IDS_CLAIM_LINE = /\bCreated (?:access|refresh)-token \{|\brefresh token id mismatch\b/;
const TOKEN_ID = /^[0-9a-f]{40}$/i;

/**
 * Text with no structure of its own: a console message, a log line, a DOM text node, an inline
 * script, a string inside a JSON body. A string that *is* a URL or a JSON document is parsed as
 * one; a single value shaped like a credential is replaced whole (default deny: its name is not
 * asked); anything else is searched for the shapes secrets take in text (`Name: value` header
 * lines, `"name": "value"` pairs, `name=value` pairs, `Bearer`/`Basic` credentials, JWT/JWE,
 * base64 SAML, long runs that are no words) and for copies of secrets already found elsewhere.
 * Inside an IdS claim line, 40-hex token ids stay readable.
 */
export function redactText(text: string, given: RedactionContext): string {
  if (text === '' || isReplacement(text)) return text;
  const context = !given.tokenIdsAreIdentifiers && IDS_CLAIM_LINE.test(text) ? given.withTokenIds(true) : given;
  const trimmed = text.trim();
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/\S+|\/[^\s?#]*[?#]\S*)$/i.test(trimmed)) return text.replace(trimmed, () => redactUrl(trimmed, context));
  const document = parseJsonDocument(trimmed);
  if (document !== undefined) return text.replace(trimmed, () => stringifyLike(redactJsonValue(document.value, context), trimmed));
  if (isCredentialShapedValue(trimmed) && !isKeptTokenId(trimmed, context)) return text.replace(trimmed, () => context.replace(opaqueLabel(trimmed), trimmed));
  return redactFreeText(text, context);
}

function isSensitiveName(name: string): boolean {
  return sensitiveLabelFor(name) !== undefined || isCookieHeaderName(name) || isSetCookieHeaderName(name) || isAuthorizationName(name);
}

/** `Authorization: Bearer …`, `Set-Cookie: …` on a line of their own (logged requests, HTTP dumps). */
const HEADER_LINE = /^([ \t]*)([A-Za-z][A-Za-z0-9-]*)([ \t]*:[ \t]*)([^\r\n]*)$/gm;

/** `"name": "value"`, `'name':'value'`, and the JSON-in-a-string form `\"name\":\"value\"`. */
const QUOTED_PAIR = /(\\*)(["'])([A-Za-z_$][\w$.-]*)\1\2(\s*:\s*)\1\2(.*?)\1\2/g;

/** `name: 'value'` with a bare key (JavaScript object literals). */
const BARE_KEY_PAIR = /(?<![\w$"'\\])([A-Za-z_$][\w$]*)(\s*:\s*)(["'])(.*?)\3/g;

/**
 * `name=value` in query strings, forms, cookies and `key=value` log text (also `name = "value"`,
 * and `Authorization=Bearer <credential>` with its scheme); a replacement is left alone.
 */
const NAME_VALUE = new RegExp(
  String.raw`(?<![A-Za-z0-9_.$-])([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)(?:(${REPLACEMENT_SOURCE})|"([^"\n]*)"|'([^'\n]*)'|((?:Bearer|Basic|Digest|Negotiate|NTLM)[ \t]+[^&\s"'<>;,]+|[^&\s"'<>;,#)\]}\\]*))`,
  'g',
);

/** `refresh_token: value`, `X-Site-Token: value` in the middle of a line (unquoted). */
const NAME_COLON_VALUE =
  /(?<![\w$"'\\-])([A-Za-z_][\w.-]*)([ \t]*:[ \t]*)(?!(?:Bearer|Basic)[ \t]+\[)((?:Bearer|Basic)[ \t]+)?([^\s"'<>;,)\]}[]{4,})(?![^\s"'<>;,)\]}])(?!\[)/g;

/** A quoted literal (a script variable, a quoted log value): judged by its shape. */
const QUOTED_LITERAL = /(["'])([^"'\s\\<>]{8,})\1/g;

/** Bearer credentials; the length/character test keeps prose such as "Bearer authentication". */
const BEARER = /\b(Bearer)(\s+)([A-Za-z0-9._~+/=-]{8,})/gi;
const BASIC = /\b(Basic)(\s+)([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])/gi;

function looksLikeCredential(text: string): boolean {
  return text.length >= 16 || /[^A-Za-z]/.test(text);
}

function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The rules of {@link redactText} without the URL/JSON sniffing (for parts of a parsed URL). */
export function redactFreeText(text: string, context: RedactionContext): string {
  let out = text.replace(HEADER_LINE, (line, lead: string, name: string, colon: string, value: string) =>
    isSensitiveName(name) ? lead + name + colon + redactNamedValue(name, value, context) : line,
  );
  out = out.replace(QUOTED_PAIR, (pair, escapes: string, quote: string, name: string, colon: string, value: string) => {
    if (!isSensitiveName(name)) return pair;
    const q = escapes + quote;
    return `${q}${name}${q}${colon}${q}${redactNamedValue(name, value, context)}${q}`;
  });
  out = out.replace(BARE_KEY_PAIR, (pair, name: string, colon: string, quote: string, value: string) =>
    isSensitiveName(name) ? `${name}${colon}${quote}${redactNamedValue(name, value, context)}${quote}` : pair,
  );
  out = out.replace(NAME_VALUE, (pair, name: string, equals: string, replacement?: string, doubleQuoted?: string, singleQuoted?: string, bare?: string) => {
    if (replacement !== undefined || !isSensitiveName(name)) return pair;
    if (doubleQuoted !== undefined) return `${name}${equals}"${redactNamedValue(name, doubleQuoted, context)}"`;
    if (singleQuoted !== undefined) return `${name}${equals}'${redactNamedValue(name, singleQuoted, context)}'`;
    const value = decodeFormComponent(bare ?? '');
    const replaced = redactNamedValue(name, value, context);
    return replaced === value ? pair : `${name}${equals}${/\s/.test(value) ? replaced : encodeURIComponent(replaced)}`;
  });
  out = out.replace(NAME_COLON_VALUE, (pair, name: string, colon: string, scheme: string | undefined, value: string) => {
    if (!isSensitiveName(name) || value.startsWith('[') || /^\/\//.test(value)) return pair;
    return `${name}${colon}${redactNamedValue(name, `${scheme ?? ''}${value}`, context)}`;
  });
  out = out.replace(BEARER, (whole, scheme: string, gap: string, credential: string) =>
    looksLikeCredential(credential) ? scheme + gap + context.replace('authorization', credential) : whole,
  );
  out = out.replace(BASIC, (whole, scheme: string, gap: string, credential: string) =>
    Buffer.from(credential, 'base64').toString('latin1').includes(':') ? scheme + gap + context.replace('authorization', credential) : whole,
  );
  out = redactTokenShapes(out, context);
  out = redactSamlBlobs(out, context);
  out = context.replaceKnownSecrets(out);
  out = out.replace(QUOTED_LITERAL, (whole, quote: string, value: string) =>
    isCredentialShapedValue(value) && !isKeptTokenId(value, context) ? `${quote}${context.replace('opaque', value)}${quote}` : whole,
  );
  return out.replace(TOKEN_RUN, (run) =>
    isCredentialShapedRun(run) && !isKeptTokenId(run, context) && !run.startsWith('%5B') ? context.replace('opaque', run) : run,
  );
}

/** `jwe`/`jwt` for a whole compact token, `opaque` for any other value replaced by its shape. */
function opaqueLabel(value: string): string {
  return isWholeToken(value) ? tokenKind(value) : 'opaque';
}

/** A 40-hex IdS token id inside an IdS claim line. */
function isKeptTokenId(value: string, context: RedactionContext): boolean {
  return context.tokenIdsAreIdentifiers && TOKEN_ID.test(value);
}
