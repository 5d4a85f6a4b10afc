import { KnownSecrets } from './known-secrets.ts';
import { normalizeFieldName } from './sensitive-names.ts';
import { isReplacement, replacementFor } from './replacement-label.ts';
import { redactFreeText, redactText } from './free-text.ts';

/** A part of an artifact left out (a binary body, a zip entry of unknown type), with the reason. */
export interface WithheldPart {
  part: string;
  reason: string;
}

/** Names whose 40-hex value is an IdS token id (`token`, `rt` in the IdS log's claim JSON). */
const TOKEN_ID_NAMES: ReadonlySet<string> = new Set(['token', 'rt']);
const TOKEN_ID = /^[0-9a-f]{40}$/i;

/**
 * State of one redaction: what was replaced (counted per label, never stored), which parts were
 * left out, and the secrets learned so far (shared across the artifacts of one bundle).
 */
export class RedactionContext {
  constructor(
    readonly known: KnownSecrets = new KnownSecrets(),
    /**
     * In its `Created …` claim lines the IdS prints token *ids* (`"token":"2062…"`, 40 hex) that
     * the analyzer correlates; an id cannot be presented as a credential. Set only while such a
     * line is redacted ({@link redactText} does it): anywhere else a 40-hex `token` could be an
     * opaque bearer token.
     */
    readonly tokenIdsAreIdentifiers = false,
    readonly replacements = new Map<string, number>(),
    readonly withheldParts: WithheldPart[] = [],
  ) {}

  /** The same redaction (shared counts and secrets) with token ids kept or not. */
  withTokenIds(tokenIdsAreIdentifiers: boolean): RedactionContext {
    return new RedactionContext(this.known, tokenIdsAreIdentifiers, this.replacements, this.withheldParts);
  }

  /** The replacement for `secret` under `label`; empty values and existing replacements stay. */
  replace(label: string, secret: string): string {
    if (secret === '' || isReplacement(secret)) return secret;
    this.replacements.set(label, (this.replacements.get(label) ?? 0) + 1);
    this.known.remember(secret, label);
    return replacementFor(label, secret);
  }

  /** Counts a value removed without a replacement (e.g. a blanked password input). */
  blank(label: string, secret: string): string {
    if (secret !== '') {
      this.replacements.set(label, (this.replacements.get(label) ?? 0) + 1);
      this.known.remember(secret, label);
    }
    return '';
  }

  /**
   * Any text by what it is (a URL, a JSON document, running text); token ids are kept only inside
   * an IdS claim line. Lower redactors call back here, so none of them imports the text rules.
   */
  redactText(text: string): string {
    return redactText(text, this);
  }

  /** The text rules without URL/JSON sniffing (for parts of a parsed URL). */
  redactFreeText(text: string): string {
    return redactFreeText(text, this);
  }

  withhold(part: string, reason: string): void {
    this.withheldParts.push({ part, reason });
  }

  isTokenIdentifier(name: string, value: string): boolean {
    return this.tokenIdsAreIdentifiers && TOKEN_ID_NAMES.has(normalizeFieldName(name)) && TOKEN_ID.test(value);
  }

  /** Replaces copies of secrets learned elsewhere; a URL-encoded copy gets a URL-encoded replacement. */
  replaceKnownSecrets(text: string): string {
    return this.known.substitute(text, ({ label, secret, urlEncoded }) => {
      if (this.tokenIdsAreIdentifiers && TOKEN_ID.test(secret)) return urlEncoded ? encodeURIComponent(secret) : secret;
      const replacement = this.replace(label, secret);
      return urlEncoded ? encodeURIComponent(replacement) : replacement;
    });
  }
}
