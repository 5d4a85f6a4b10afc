import { gunzipSync, gzipSync, unzipSync, zipSync } from 'fflate';
import type { WithheldPart } from './redaction-context.ts';
import { RedactionContext } from './redaction-context.ts';
import { KnownSecrets } from './known-secrets.ts';
import { decodeText, encodeText, isGzip, isZip } from './file-kind.ts';
import { looksLikeImage, stripImage } from './image-strip.ts';
import { isHarDocument, redactHarDocument } from './har-document.ts';
import { redactHtml } from './html-document.ts';
import { parseJsonDocument, redactJsonValue, stringifyLike } from './json-value.ts';
import { redactLogText } from './log-text.ts';
import { isPlaywrightArchive, redactPlaywrightArchive } from './playwright-archive.ts';
import { UnparseableArtifactError } from './unparseable-artifact-error.ts';

/** A value the caller knows is secret, e.g. the agent's configured password. */
export interface NamedSecret {
  label: string;
  value: string;
}

export type ArtifactRedaction =
  | {
      kind: 'redacted';
      bytes: Uint8Array;
      /** How many values were replaced, per label (never the values). */
      replacements: Record<string, number>;
      /** Parts left out of the copy (zip entries, binary bodies), with the reason. */
      withheldParts: WithheldPart[];
    }
  | { kind: 'withheld'; reason: string };

const IMAGE_NAME = /\.(png|jpe?g|gif|webp)$/i;

function parseJson(path: string, text: string): unknown {
  const document = parseJsonDocument(text.trim());
  if (!document) throw new UnparseableArtifactError(`${path} is not a JSON document`);
  return document.value;
}

function redactZip(path: string, bytes: Uint8Array, context: RedactionContext): Uint8Array {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new UnparseableArtifactError(`${path} is not a readable zip archive (${String(error)})`);
  }
  if (isPlaywrightArchive(entries)) return zipSync(redactPlaywrightArchive(entries, context));
  const output: Record<string, Uint8Array> = {};
  for (const [name, entry] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    const before = context.withheldParts.length;
    try {
      output[name] = redactBytes(name, entry, context);
      // Parts withheld inside a nested artifact are named from the archive: `inner.zip!entry`.
      for (const part of context.withheldParts.slice(before)) part.part = `${name}!${part.part}`;
    } catch (error) {
      context.withhold(name, reasonOf(error));
    }
  }
  return zipSync(output);
}

/** Redacts one file's bytes by what they are; throws for anything it cannot redact safely. */
function redactBytes(path: string, bytes: Uint8Array, context: RedactionContext): Uint8Array {
  const name = path.toLowerCase();
  if (isGzip(bytes)) {
    let inner: Uint8Array;
    try {
      inner = gunzipSync(bytes);
    } catch (error) {
      throw new UnparseableArtifactError(`${path} is not readable gzip (${String(error)})`);
    }
    return gzipSync(redactBytes(path.replace(/\.gz$/i, ''), inner, context));
  }
  if (isZip(bytes)) return redactZip(path, bytes, context);
  if (name.endsWith('.zip') || name.endsWith('.gz')) throw new UnparseableArtifactError(`${path} is not a ${name.endsWith('.zip') ? 'zip' : 'gzip'} archive`);
  if (looksLikeImage(bytes) || IMAGE_NAME.test(name)) {
    const image = stripImage(bytes);
    if (!image) throw new UnparseableArtifactError(`${path} is not a well-formed PNG or JPEG (the only images the harness writes)`);
    return image;
  }
  const text = decodeText(bytes);
  if (text === undefined) throw new UnparseableArtifactError(`${path} is binary of an unknown type`);
  if (name.endsWith('.har')) return encodeText(stringifyLike(redactHarDocument(parseJson(path, text), context), text));
  if (name.endsWith('.json')) {
    const document = parseJson(path, text);
    const redacted = isHarDocument(document) ? redactHarDocument(document, context) : redactJsonValue(document, context);
    return encodeText(stringifyLike(redacted, text));
  }
  if (/\.(html?|xhtml)$/.test(name)) return encodeText(redactHtml(text, context));
  return encodeText(redactLogText(text, context));
}

function reasonOf(error: unknown): string {
  if (error instanceof UnparseableArtifactError) return error.message;
  return `redaction failed: ${error instanceof Error ? error.message : String(error)}`;
}

export function knownSecretsFrom(secrets: readonly NamedSecret[] = []): KnownSecrets {
  const known = new KnownSecrets();
  for (const secret of secrets) known.insist(secret.value, secret.label);
  return known;
}

/** First pass over an artifact: only collects the secrets its structure reveals. */
export function learnSecrets(fileName: string, bytes: Uint8Array, known: KnownSecrets): void {
  try {
    redactBytes(fileName, bytes, new RedactionContext(known));
  } catch {
    // An artifact that cannot be parsed is withheld in the second pass; nothing to learn from it.
  }
}

/** Second pass: the redacted copy, with every secret learned so far replaced wherever it occurs. */
export function redactWithKnownSecrets(fileName: string, bytes: Uint8Array, known: KnownSecrets): ArtifactRedaction {
  const context = new RedactionContext(known);
  try {
    const redacted = redactBytes(fileName, bytes, context);
    return { kind: 'redacted', bytes: redacted, replacements: Object.fromEntries(context.replacements), withheldParts: context.withheldParts };
  } catch (error) {
    return { kind: 'withheld', reason: reasonOf(error) };
  }
}

/**
 * Redacts one artifact, chosen by its bytes and name: HAR, Playwright trace or HAR zip, other
 * zips entry by entry, gzip, JSON (storage state, analyzer output), HTML, logs and other text,
 * raster images as they are. Fails closed: what cannot be parsed is withheld, with the reason.
 * Two passes, so a secret found by structure anywhere in the artifact is also replaced where no
 * rule would find it.
 */
export function redactArtifact(fileName: string, bytes: Uint8Array, options: { secrets?: readonly NamedSecret[] } = {}): ArtifactRedaction {
  const known = knownSecretsFrom(options.secrets);
  learnSecrets(fileName, bytes, known);
  return redactWithKnownSecrets(fileName, bytes, known);
}
