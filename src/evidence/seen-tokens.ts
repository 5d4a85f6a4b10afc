import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { NamedSecret } from '../redaction/index.ts';
import { walkArtifacts } from '../redaction/artifact-walk.ts';
import { sensitiveLabelFor } from '../redaction/sensitive-names.ts';
import { findTokenShapedStrings } from '../redaction/token-shape.ts';

/** Labels of the names that carry a token (`token`, `access_token`, `refresh-token`, `id_token`, …). */
const TOKEN_LABELS = new Set(['access-token', 'refresh-token', 'id-token']);
/** Shorter values under a token name are not tokens (a placeholder, a type): searching for them would flag ordinary text. */
const MIN_OPAQUE_TOKEN_LENGTH = 16;

interface HarEntry {
  request?: { queryString?: { name: string; value: string }[]; postData?: { params?: { name: string; value: string }[] } };
  response?: { content?: { text?: string; encoding?: string } };
}

/** Values under token names in one JSON value, at any depth. */
function tokensInJson(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) tokensInJson(item, found);
  else if (value && typeof value === 'object') {
    for (const [name, inner] of Object.entries(value)) {
      if (typeof inner === 'string' && TOKEN_LABELS.has(sensitiveLabelFor(name) ?? '') && inner.length >= MIN_OPAQUE_TOKEN_LENGTH) found.add(inner);
      else tokensInJson(inner, found);
    }
  }
}

/** A HAR may keep form parameters as sent (percent-encoded) or decoded: both are searched for. */
function formDecoded(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** Opaque (not JWT/JWE-shaped) tokens a HAR shows by name: in query strings, form posts and JSON bodies. */
function tokensInHar(text: string, found: Set<string>): void {
  const entries = (JSON.parse(text) as { log?: { entries?: HarEntry[] } }).log?.entries ?? [];
  for (const entry of entries) {
    for (const { name, value } of [...(entry.request?.queryString ?? []), ...(entry.request?.postData?.params ?? [])]) {
      if (!TOKEN_LABELS.has(sensitiveLabelFor(name) ?? '') || value.length < MIN_OPAQUE_TOKEN_LENGTH) continue;
      found.add(value);
      found.add(formDecoded(value));
    }
    const content = entry.response?.content;
    if (!content?.text) continue;
    const body = content.encoding === 'base64' ? Buffer.from(content.text, 'base64').toString('utf8') : content.text;
    try {
      tokensInJson(JSON.parse(body), found);
    } catch {
      // Not a JSON body: its tokens, if any, are found by shape.
    }
  }
}

async function harFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.har')).map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Every token in the raw evidence of a run: JWT/JWE-shaped strings anywhere (HAR bodies and headers,
 * trace entries, archives unpacked) and opaque values under token names in the HARs. Against a real
 * lab the harness issues no token itself, so what the browser saw is the list the leak scan searches
 * the bundle for.
 */
export async function tokensSeenIn(rawDir: string): Promise<NamedSecret[]> {
  const seen = new Set<string>();
  await walkArtifacts([rawDir], {
    bytes(_location, bytes) {
      for (const token of findTokenShapedStrings(Buffer.from(bytes).toString('latin1'))) seen.add(token.replace(/\.+$/, ''));
    },
    // A raw archive that cannot be opened is withheld from the bundle by the redaction (it fails closed).
    unreadable() {},
  });
  for (const file of await harFiles(rawDir)) {
    try {
      tokensInHar(await readFile(file, 'utf8'), seen);
    } catch {
      // A HAR that does not parse is withheld from the bundle by the redaction (it fails closed).
    }
  }
  return [...seen].map((value) => ({ label: 'seen-token', value }));
}
