import type { RedactionContext } from './redaction-context.ts';
import type { JsonObject } from './json-object.ts';
import { isJsonObject, mapFields } from './json-object.ts';
import { decodeText, encodeText } from './file-kind.ts';
import { stripImage } from './image-strip.ts';
import { findActionTargets, redactDomNode } from './dom-snapshot.ts';
import { fieldValueLabel } from './html-document.ts';
import { redactHarDocument, redactHarEntry } from './har-document.ts';
import { redactBody } from './http-body.ts';
import { parseJsonDocument, redactJsonMember, redactJsonValue, stringifyLike } from './json-value.ts';
import { UnparseableArtifactError } from './unparseable-artifact-error.ts';

/**
 * A Playwright trace.zip (or a HAR zip written with `content: 'attach'`), entry by entry:
 * `*.trace`/`*.network` are JSON lines of events, `resources/*` are bodies and stylesheets named
 * by their sha1 (kept: the name hashes the original, it reveals nothing), `*.har` a HAR,
 * screencast frames images. An event or entry that does not parse fails the whole archive.
 */
export type ArchiveEntries = Record<string, Uint8Array>;

const EVENT_LOG = /\.(trace|network)$/;

export function isPlaywrightArchive(entries: ArchiveEntries): boolean {
  return Object.keys(entries).some((name) => EVENT_LOG.test(name) || name.endsWith('.har'));
}

/** Actions that type text into a field, and the parameter that holds it. */
const TYPING_PARAMS: ReadonlyMap<string, string> = new Map([
  ['fill', 'value'],
  ['type', 'text'],
  ['pressSequentially', 'text'],
  ['keyboardType', 'text'],
  ['keyboardInsertText', 'text'],
]);

const MIME_BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  ['json', 'application/json'],
  ['html', 'text/html'],
  ['htm', 'text/html'],
]);

function parseEventLog(name: string, bytes: Uint8Array): unknown[] {
  const text = decodeText(bytes);
  if (text === undefined) throw new UnparseableArtifactError(`${name} is not text`);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new UnparseableArtifactError(`${name} line ${index + 1} is not JSON`);
      }
    });
}

function stringAt(object: unknown, ...path: string[]): string | undefined {
  let value: unknown = object;
  for (const key of path) value = isJsonObject(value) ? value[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The MIME type of each body entry, from the network records that point at it: `_file` names the
 * entry (`resources/<sha1>.json` in a trace, `<sha1>.json` at the root of a HAR zip), `_sha1`
 * (older traces) a file under `resources/`.
 */
function bodyTypes(events: unknown[], harDocuments: unknown[]): Map<string, string> {
  const types = new Map<string, string>();
  const noteEntry = (entry: unknown): void => {
    for (const part of [
      ['response', 'content'],
      ['request', 'postData'],
    ]) {
      const mime = stringAt(entry, ...part, 'mimeType');
      const file = stringAt(entry, ...part, '_file');
      const sha1 = stringAt(entry, ...part, '_sha1');
      if (mime && file) types.set(file, mime);
      if (mime && sha1) types.set(`resources/${sha1}`, mime);
    }
  };
  for (const event of events) if (isJsonObject(event) && event.type === 'resource-snapshot') noteEntry(event.snapshot);
  for (const document of harDocuments) {
    const entries = isJsonObject(document) && isJsonObject(document.log) ? document.log.entries : undefined;
    if (Array.isArray(entries)) entries.forEach(noteEntry);
  }
  return types;
}

/**
 * What each typing action typed and the label it gets. The action's own snapshot marks its target
 * element: a password field (or a field with a sensitive name) makes the text secret, any other
 * field leaves it readable (the agent's user name). Without a marked target the text is treated
 * as secret (`password` when the selector names one, else `typed-text`): failing closed costs
 * only readability.
 */
function typedSecrets(events: unknown[]): Map<string, { label: string; text: string }> {
  const targets = new Map<string, Map<string, string>[]>();
  for (const event of events) {
    if (!isJsonObject(event) || event.type !== 'frame-snapshot' || !isJsonObject(event.snapshot)) continue;
    const callId = stringAt(event.snapshot, 'callId');
    const found = findActionTargets(event.snapshot.html);
    if (callId && found.length > 0) targets.set(callId, [...(targets.get(callId) ?? []), ...found]);
  }
  const secrets = new Map<string, { label: string; text: string }>();
  for (const event of events) {
    if (!isJsonObject(event) || event.type !== 'before' || typeof event.method !== 'string') continue;
    const param = TYPING_PARAMS.get(event.method);
    const text = param ? stringAt(event, 'params', param) : undefined;
    const callId = stringAt(event, 'callId');
    if (!text || !callId) continue;
    const marked = targets.get(callId);
    const label = marked
      ? marked.map(fieldValueLabel).find((found) => found !== undefined)
      : /pass|pwd/i.test(stringAt(event, 'params', 'selector') ?? '')
        ? 'password'
        : 'typed-text';
    if (label) secrets.set(callId, { label, text });
  }
  return secrets;
}

/**
 * Arguments passed to `evaluate()` (serialized as `{s: "…"}`, `{n: 1}`, `{o: [{k, v}]}`, …).
 * Tests hand tokens to the page this way (to put them in storage), and nothing says which
 * argument is one, so every string argument is replaced; property names (`k`) stay readable.
 */
function redactScriptArgument(value: unknown, context: RedactionContext): unknown {
  if (Array.isArray(value)) return value.map((item) => redactScriptArgument(item, context));
  if (!isJsonObject(value)) return value;
  return mapFields(value, (item, key) =>
    key === 's' && typeof item === 'string' ? context.replace('script-argument', item) : redactScriptArgument(item, context),
  );
}

function redactEvent(event: unknown, typed: Map<string, { label: string; text: string }>, context: RedactionContext, where: string): unknown {
  if (!isJsonObject(event)) return redactJsonValue(event, context);
  const secret = typeof event.callId === 'string' ? typed.get(event.callId) : undefined;
  if (event.type === 'resource-snapshot') {
    return mapFields(event, (value, key) => (key === 'snapshot' ? redactHarEntry(value, context, where) : redactJsonMember(key, value, context)));
  }
  if (event.type === 'frame-snapshot' && isJsonObject(event.snapshot)) {
    const snapshot = mapFields(event.snapshot, (value, key) => (key === 'html' ? redactDomNode(value, context) : redactJsonMember(key, value, context)));
    return { ...(redactJsonValue({ ...event, snapshot: {} }, context) as JsonObject), snapshot };
  }
  if (secret && event.type === 'before' && isJsonObject(event.params)) {
    const param = TYPING_PARAMS.get(String(event.method)) ?? '';
    const replacement = context.replace(secret.label, secret.text);
    const params = mapFields(event.params, (value, key) => (key === param ? replacement : redactJsonMember(key, value, context)));
    return { ...(redactJsonValue({ ...event, params: {} }, context) as JsonObject), params };
  }
  if (event.type === 'before' && isJsonObject(event.params) && 'arg' in event.params) {
    const params = mapFields(event.params, (value, key) => (key === 'arg' ? redactScriptArgument(value, context) : redactJsonMember(key, value, context)));
    return { ...(redactJsonValue({ ...event, params: {} }, context) as JsonObject), params };
  }
  if (secret && event.type === 'log' && typeof event.message === 'string') {
    // The action log repeats the typed text: `fill("…")`.
    const replacement = context.replace(secret.label, secret.text);
    const message = [secret.text, JSON.stringify(secret.text).slice(1, -1)].reduce((text, form) => text.split(form).join(replacement), event.message);
    return redactJsonValue({ ...event, message }, context);
  }
  return redactJsonValue(event, context);
}

function redactResource(name: string, bytes: Uint8Array, mimeType: string | undefined, context: RedactionContext): Uint8Array | undefined {
  const image = stripImage(bytes);
  if (image) return image;
  const text = decodeText(bytes);
  if (text === undefined) {
    context.withhold(name, `binary resource of type ${mimeType ?? 'unknown'}`);
    return undefined;
  }
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return encodeText(redactBody(text, mimeType ?? MIME_BY_EXTENSION.get(extension), context));
}

function redactJsonEntry(name: string, bytes: Uint8Array, context: RedactionContext, redact: (value: unknown) => unknown): Uint8Array {
  const text = decodeText(bytes);
  const document = text === undefined ? undefined : parseJsonDocument(text.trim());
  if (text === undefined || document === undefined) throw new UnparseableArtifactError(`${name} is not JSON`);
  return encodeText(stringifyLike(redact(document.value), text));
}

/** The redacted entries; entries that cannot be kept safely are left out and noted as withheld. */
export function redactPlaywrightArchive(entries: ArchiveEntries, context: RedactionContext): ArchiveEntries {
  const names = Object.keys(entries);
  const eventLogs = new Map(names.filter((name) => EVENT_LOG.test(name)).map((name) => [name, parseEventLog(name, entries[name] ?? new Uint8Array())]));
  const harDocuments = names
    .filter((name) => name.endsWith('.har'))
    .map((name) => parseJsonDocument(decodeText(entries[name] ?? new Uint8Array())?.trim() ?? '')?.value);
  const allEvents = [...eventLogs.values()].flat();
  const types = bodyTypes(allEvents, harDocuments);
  const typed = typedSecrets(allEvents);

  const output: ArchiveEntries = {};
  for (const name of names) {
    const bytes = entries[name] ?? new Uint8Array();
    const events = eventLogs.get(name);
    if (events) {
      const lines = events.map((event, index) => JSON.stringify(redactEvent(event, typed, context, `${name}:${index + 1}`)));
      output[name] = encodeText(lines.join('\n') + '\n');
    } else if (name.endsWith('.har')) {
      output[name] = redactJsonEntry(name, bytes, context, (document) => redactHarDocument(document, context));
    } else if (!types.has(name) && !name.startsWith('resources/') && (name.endsWith('.json') || name.endsWith('.stacks'))) {
      output[name] = redactJsonEntry(name, bytes, context, (document) => redactJsonValue(document, context));
    } else {
      const redacted = redactResource(name, bytes, types.get(name), context);
      if (redacted) output[name] = redacted;
    }
  }
  return output;
}
