/**
 * The forms a secret takes in files: raw, percent-encoded (URLs, forms; once or twice, in either
 * hex case), JSON- and HTML-escaped, and base64/base64url at each of the three byte alignments
 * (a secret inside a larger base64 blob, such as a SAML message, is encoded from wherever it falls).
 */
export interface SecretEncoding {
  encoding: string;
  bytes: Buffer;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The base64 characters that encode only `secret`'s bits when it starts `offset` bytes into a blob. */
function base64Core(secret: Buffer, offset: number, alphabet: 'base64' | 'base64url'): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), secret]).toString(alphabet).replace(/=+$/, '');
  const first = Math.ceil((offset * 8) / 6);
  const end = Math.floor(((offset + secret.length) * 8) / 6);
  return encoded.slice(first, end);
}

/** Encodings of `secret` worth searching for, without duplicates (shortest base64 cores skipped). */
export function encodingsOf(secret: string): SecretEncoding[] {
  const raw = Buffer.from(secret, 'utf8');
  const url = encodeURIComponent(secret);
  const candidates: [string, string][] = [
    ['raw', secret],
    ['url-encoded', url],
    ['url-encoded (lower-case hex)', url.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())],
    ['form-encoded', new URLSearchParams({ v: secret }).toString().slice(2)],
    ['url-encoded twice', encodeURIComponent(url)],
    ['json-escaped', JSON.stringify(secret).slice(1, -1)],
    ['json-escaped (ascii)', JSON.stringify(secret).slice(1, -1).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)],
    ['html-escaped', escapeHtml(secret)],
  ];
  for (const alphabet of ['base64', 'base64url'] as const) {
    for (const offset of [0, 1, 2]) candidates.push([`${alphabet} (offset ${offset})`, base64Core(raw, offset, alphabet)]);
  }
  const seen = new Set<string>();
  const encodings: SecretEncoding[] = [];
  for (const [encoding, text] of candidates) {
    if (seen.has(text) || (encoding.startsWith('base64') && text.length < 8)) continue;
    seen.add(text);
    encodings.push({ encoding, bytes: Buffer.from(text, 'utf8') });
  }
  return encodings;
}
