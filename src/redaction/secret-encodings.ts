/**
 * The forms a secret takes in files: raw, percent-encoded (URLs, forms; once or twice, in either
 * hex case), JSON-, JS- and HTML-escaped (named and numeric entities), hex in either case,
 * UTF-16 in either byte order, and base64/base64url at each of the three byte alignments (a secret
 * inside a larger base64 blob, such as a SAML message or a SASL PLAIN frame, is encoded from
 * wherever it falls).
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
  const encoded = Buffer.concat([Buffer.alloc(offset), secret])
    .toString(alphabet)
    .replace(/=+$/, '');
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
    [
      'json-escaped (ascii)',
      JSON.stringify(secret)
        .slice(1, -1)
        .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    ],
    ['html-escaped', escapeHtml(secret)],
  ];
  for (const alphabet of ['base64', 'base64url'] as const) {
    for (const offset of [0, 1, 2]) candidates.push([`${alphabet} (offset ${offset})`, base64Core(raw, offset, alphabet)]);
  }
  const hex = raw.toString('hex');
  candidates.push(
    ['hex', hex],
    ['hex (upper case)', hex.toUpperCase()],
    ['js-escaped (\\x)', [...raw].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('')],
    ['js-escaped (\\u)', [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
    ['html entities (decimal)', [...secret].map((c) => `&#${c.codePointAt(0)};`).join('')],
    ['html entities (hex)', [...secret].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join('')],
  );
  const seen = new Set<string>();
  const encodings: SecretEncoding[] = [];
  const add = (encoding: string, bytes: Buffer): void => {
    const key = bytes.toString('latin1');
    if (seen.has(key)) return;
    seen.add(key);
    encodings.push({ encoding, bytes });
  };
  for (const [encoding, text] of candidates) {
    if (encoding.startsWith('base64') && text.length < 8) continue;
    add(encoding, Buffer.from(text, 'utf8'));
  }
  add('utf-16le', Buffer.from(secret, 'utf16le'));
  add('utf-16be', Buffer.from(secret, 'utf16le').swap16());
  return encodings;
}
