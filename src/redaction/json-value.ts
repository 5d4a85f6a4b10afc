import type { RedactionContext } from './redaction-context.ts';
import { normalizeFieldName, sensitiveLabelFor } from './sensitive-names.ts';
import { redactCookieHeader, redactNamedValue } from './http-headers.ts';
import type { JsonObject } from './json-object.ts';
import { isJsonObject, mapFields } from './json-object.ts';

/** Cookie objects (HAR, storage state, `addCookies`) carry one of these next to `name`/`value`. */
const COOKIE_ATTRIBUTES: ReadonlySet<string> = new Set(['domain', 'path', 'expires', 'httponly', 'secure', 'samesite', 'url']);
/** Arrays whose elements are cookies whatever their names (HAR `cookies`, storage state). */
const COOKIE_LISTS: ReadonlySet<string> = new Set(['cookies']);
/** Web storage in storage-state files and traces: the token may sit under any key. */
const STORAGE_KEYS: ReadonlySet<string> = new Set(['localstorage', 'sessionstorage', 'indexeddb']);
/** Numbers under these names are HTTP/error codes and enum states, not OAuth values. */
const NUMBERS_KEPT_FOR: ReadonlySet<string> = new Set(['code', 'state']);

/**
 * Every leaf under a sensitive name gets that name's label, or its own key's when that is more
 * specific: `{"credentials":{"passcode":…}}` is a password (labelled, never fingerprinted).
 */
function replaceLeaves(value: unknown, label: string, context: RedactionContext): unknown {
  if (typeof value === 'string') return context.replace(label, value);
  if (typeof value === 'number') return NUMBERS_KEPT_FOR.has(label) ? value : context.replace(label, String(value));
  if (Array.isArray(value)) return value.map((item) => replaceLeaves(item, label, context));
  if (isJsonObject(value)) return mapFields(value, (item, key) => replaceLeaves(item, sensitiveLabelFor(key) === 'password' ? 'password' : label, context));
  return value;
}

/**
 * References between the parts of a HAR or trace (a body's `_sha1` names its entry in the
 * archive): content hashes and page ids, kept so the viewer still finds them.
 */
const REFERENCE_KEYS: ReadonlySet<string> = new Set(['_sha1', 'sha1', '_file', 'pageref']);
const REFERENCE = /^[\w.@/-]{1,200}$/;

function isCookieObject(object: JsonObject): boolean {
  return Object.keys(object).some((key) => COOKIE_ATTRIBUTES.has(normalizeFieldName(key)));
}

function redactCookie(cookie: unknown, context: RedactionContext): unknown {
  if (!isJsonObject(cookie)) return redactJsonValue(cookie, context);
  return mapFields(cookie, (value, key) => (key === 'value' && typeof value === 'string' ? context.replace('cookie', value) : redactJsonValue(value, context)));
}

/** Storage entries keep their names; every other string is replaced. */
function redactStorage(value: unknown, context: RedactionContext, name?: string): unknown {
  if (typeof value === 'string') return context.replace((name && sensitiveLabelFor(name)) ?? 'storage', value);
  if (Array.isArray(value)) return value.map((item) => redactStorage(item, context));
  if (!isJsonObject(value)) return value;
  const itemName = typeof value.name === 'string' ? value.name : undefined;
  return mapFields(value, (item, key) => (key === 'name' ? item : redactStorage(item, context, itemName)));
}

/**
 * A parsed JSON value, redacted by structure at any depth: values under sensitive keys (compared
 * without case or separators, so `refreshToken` is `refresh_token`), `{name, value}` pairs by
 * their name (HAR headers, params), cookie objects and lists, web storage; every other string is
 * searched as text (it may itself be a URL, a form or an embedded JSON document).
 */
export function redactJsonValue(value: unknown, context: RedactionContext): unknown {
  if (typeof value === 'string') return context.redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactJsonValue(item, context));
  if (!isJsonObject(value)) return value;
  if (typeof value.name === 'string' && 'value' in value && isCookieObject(value)) return redactCookie(value, context);
  const pairName = typeof value.name === 'string' && typeof value.value === 'string' ? value.name : undefined;
  return mapFields(value, (item, key) =>
    pairName !== undefined && key === 'value' ? redactNamedValue(pairName, item as string, context) : redactJsonMember(key, item, context),
  );
}

/** One member of an object, by its key (for callers that walk an object themselves). */
export function redactJsonMember(key: string, item: unknown, context: RedactionContext): unknown {
  if (REFERENCE_KEYS.has(key) && typeof item === 'string' && REFERENCE.test(item)) return item;
  const normalized = normalizeFieldName(key);
  if (COOKIE_LISTS.has(normalized) && Array.isArray(item)) return item.map((cookie) => redactCookie(cookie, context));
  if (COOKIE_LISTS.has(normalized) && typeof item === 'string') return redactCookieHeader(item, context);
  if (STORAGE_KEYS.has(normalized)) return redactStorage(item, context);
  const label = sensitiveLabelFor(key);
  if (label && typeof item === 'string') return redactNamedValue(key, item, context);
  return label ? replaceLeaves(item, label, context) : redactJsonValue(item, context);
}

/** A string that is a JSON object or array, parsed; `undefined` for anything else. */
export function parseJsonDocument(text: string): { value: unknown } | undefined {
  const first = text[0];
  const last = text[text.length - 1];
  if (!((first === '{' && last === '}') || (first === '[' && last === ']'))) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Serializes like the original: indented if it spanned lines, compact otherwise. */
export function stringifyLike(value: unknown, original: string): string {
  return original.includes('\n') ? JSON.stringify(value, null, 2) : JSON.stringify(value);
}
