/**
 * Secrets already found by structure (a cookie value, a typed password, a token in a JSON body),
 * remembered so that the same value is replaced wherever else it turns up: in a console message,
 * an inline script, another artifact of the bundle. Structure finds a secret once; this finds its
 * copies in places no rule knows about.
 */

/**
 * Only values that look like credentials are remembered: replacing every occurrence of a short or
 * ordinary cookie value (`en-US`, `true`, a return URL) would deface the evidence. Typed passwords
 * are shorter than tokens and always secret, so they get a lower bar; callers may insist on any
 * value of at least 4 characters.
 */
const MIN_LENGTH = 10;
const MIN_PASSWORD_LENGTH = 6;
const MIN_EXPLICIT_LENGTH = 4;

function looksLikeCredential(value: string, label: string): boolean {
  if (label === 'password') return value.length >= MIN_PASSWORD_LENGTH;
  return value.length >= MIN_LENGTH && !/\s|:\/\//.test(value) && (/\d/.test(value) || value.length >= 20);
}

export interface KnownSecretMatch {
  label: string;
  secret: string;
  /** The matched text was the URL-encoded form of the secret. */
  urlEncoded: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class KnownSecrets {
  private readonly labels = new Map<string, string>();
  private readonly encodedForms = new Map<string, string>();

  /** Remembers a secret met by structure; values too short to replace safely are ignored. */
  remember(secret: string, label: string): void {
    if (looksLikeCredential(secret, label)) this.add(secret, label);
  }

  /** Remembers a value the caller knows is secret (e.g. the agent's configured password). */
  insist(secret: string, label: string): void {
    if (secret.length >= MIN_EXPLICIT_LENGTH) this.add(secret, label);
  }

  private add(secret: string, label: string): void {
    // A name says more than a shape: a value first met as `opaque` takes the label of its name.
    if (this.labels.get(secret) === 'opaque' && label !== 'opaque') this.labels.set(secret, label);
    if (this.labels.has(secret)) return;
    this.labels.set(secret, label);
    for (const encoded of [encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2)]) {
      if (encoded !== secret) this.encodedForms.set(encoded, secret);
    }
  }

  /** Every secret learned so far with its label, for the scan of what was written. */
  list(): { label: string; value: string }[] {
    return [...this.labels].map(([value, label]) => ({ label, value }));
  }

  /** Replaces every known secret (raw or URL-encoded) in `text` with `replace(match)`. */
  substitute(text: string, replace: (match: KnownSecretMatch) => string): string {
    if (this.labels.size === 0) return text;
    // A plain search per secret first: most texts hold none, and one alternation of hundreds of secrets (SAML
    // messages among them) tried at every position of every text took a third of the evidence bundle's time.
    const present: string[] = [];
    for (const secret of this.labels.keys()) if (text.includes(secret)) present.push(secret);
    for (const encoded of this.encodedForms.keys()) if (text.includes(encoded)) present.push(encoded);
    if (present.length === 0) return text;
    // Longest first, so a secret that contains another is replaced whole.
    const pattern = new RegExp(
      present
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    return text.replace(pattern, (found) => {
      const encodedOf = this.encodedForms.get(found);
      const secret = encodedOf ?? found;
      return replace({ label: this.labels.get(secret) ?? 'secret', secret, urlEncoded: encodedOf !== undefined });
    });
  }
}
