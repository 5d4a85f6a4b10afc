import type { RedactionContext } from './redaction-context.ts';
import { decodeText } from './file-kind.ts';
import { stripImage } from './image-strip.ts';
import { redactBody } from './http-body.ts';
import type { JsonObject } from './json-object.ts';
import { isJsonObject, mapFields } from './json-object.ts';
import { redactJsonMember, redactJsonValue } from './json-value.ts';
import { UnparseableArtifactError } from './unparseable-artifact-error.ts';

function redactPostData(postData: unknown, context: RedactionContext): unknown {
  if (!isJsonObject(postData)) return redactJsonValue(postData, context);
  const mimeType = typeof postData.mimeType === 'string' ? postData.mimeType : undefined;
  return mapFields(postData, (value, key) =>
    key === 'text' && typeof value === 'string' ? redactBody(value, mimeType, context) : redactJsonMember(key, value, context),
  );
}

/**
 * Response content by MIME type. Base64 content is decoded first: text is redacted and encoded
 * again, a PNG or JPEG is kept without its metadata, any other binary body is withheld (its `text` removed).
 */
function redactContent(content: unknown, context: RedactionContext, where: string): unknown {
  if (!isJsonObject(content) || typeof content.text !== 'string') return redactJsonValue(content, context);
  const mimeType = typeof content.mimeType === 'string' ? content.mimeType : undefined;
  const { text, ...rest } = content;
  const redactedRest = redactJsonValue(rest, context) as JsonObject;
  if (content.encoding !== 'base64') return { ...redactedRest, text: redactBody(text, mimeType, context) };
  const bytes = Buffer.from(text, 'base64');
  const image = stripImage(bytes);
  if (image) return { ...redactedRest, text: Buffer.from(image).toString('base64') };
  const decoded = decodeText(bytes);
  if (decoded !== undefined) return { ...redactedRest, text: Buffer.from(redactBody(decoded, mimeType, context)).toString('base64') };
  context.withhold(`${where}.response.content`, `binary body of type ${mimeType ?? 'unknown'}`);
  return { ...redactedRest, comment: 'body withheld by redaction: binary content of unknown type' };
}

/**
 * One HAR entry (also the `resource-snapshot` records of a Playwright trace): bodies by MIME type,
 * and everything else (URLs, `redirectURL`, headers, cookies, query and form params) by the
 * generic JSON rules, which know `{name, value}` pairs and cookie lists.
 */
export function redactHarEntry(entry: unknown, context: RedactionContext, where: string): unknown {
  if (!isJsonObject(entry)) return redactJsonValue(entry, context);
  return mapFields(entry, (value, key) => {
    if (key === 'request' && isJsonObject(value)) {
      return mapFields(value, (field, name) => (name === 'postData' ? redactPostData(field, context) : redactJsonMember(name, field, context)));
    }
    if (key === 'response' && isJsonObject(value)) {
      return mapFields(value, (field, name) => (name === 'content' ? redactContent(field, context, where) : redactJsonMember(name, field, context)));
    }
    if (key === 'pageref' && typeof value === 'string') return value;
    return redactJsonMember(key, value, context);
  });
}

/** A page of a HAR: its `id` is the recorder's own reference (`page_1`, `page@<hex>`), named again by each entry's `pageref`. */
function redactHarPage(page: unknown, context: RedactionContext): unknown {
  if (!isJsonObject(page)) return redactJsonValue(page, context);
  return mapFields(page, (value, key) => (key === 'id' && typeof value === 'string' ? value : redactJsonMember(key, value, context)));
}

/** A whole HAR document; anything without `log.entries` is not a HAR and is refused. */
export function redactHarDocument(document: unknown, context: RedactionContext): unknown {
  if (!isJsonObject(document) || !isJsonObject(document.log) || !Array.isArray(document.log.entries)) {
    throw new UnparseableArtifactError('not a HAR document (no log.entries)');
  }
  return mapFields(document, (value, key) => {
    if (key !== 'log' || !isJsonObject(value)) return redactJsonMember(key, value, context);
    return mapFields(value, (field, name) =>
      name === 'entries' && Array.isArray(field)
        ? field.map((entry, index) => redactHarEntry(entry, context, `entries[${index}]`))
        : name === 'pages' && Array.isArray(field)
          ? field.map((page) => redactHarPage(page, context))
          : redactJsonMember(name, field, context),
    );
  });
}

export function isHarDocument(document: unknown): boolean {
  return isJsonObject(document) && isJsonObject(document.log) && Array.isArray(document.log.entries);
}
