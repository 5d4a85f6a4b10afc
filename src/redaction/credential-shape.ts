/**
 * Default deny for values nobody named: what is known to be harmless stays (numbers, booleans,
 * timestamps, short enum-like words, words and paths), every other value long or mixed enough to
 * be a credential is replaced, whatever its name. A real lab carries secrets under names no list
 * has (a BOSH `sid`, a gadget `st`, a `data-ticket`), so the shape decides, not the name.
 */

const NUMBER = /^[+-]?\d{1,15}(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const DECIMAL = /^[+-]?\d+\.\d+$/;
const LITERAL = /^(?:true|false|null|undefined|NaN)$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2}[ -][A-Z][a-z]{2}[ -]\d{4} \d{2}:\d{2}:\d{2} GMT$/;
const MIME_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/i;
/** A value this short cannot be a credential worth stealing (a 7-character code is an enum). */
const SHORT = 8;
/** Runs in running text this long are judged; shorter ones are words and ids. */
export const MIN_RUN = 16;

/** Epoch seconds or milliseconds (2014–2033): a longer digit string in a string is an id, judged as one. */
const EPOCH_TIME = /^1[4-9]\d{8}(?:\d{3})?$/;

/**
 * Letters only, in words: lower case, Capitalized, camelCase with ACRONYMS
 * (`IdSOAuthEndPoint`: Id·SO·Auth·End·Point), not random case (`aGVsbG8gd2`: a·GVsb·G·gd) and
 * not without vowels (`jpZscwZwKlrvmqj`: a word's longer syllables have one).
 */
function isWord(piece: string): boolean {
  if (!/^[A-Za-z]+$/.test(piece)) return false;
  if (piece === piece.toUpperCase()) return piece.length <= 12;
  const segments = piece.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g) ?? [];
  const vowels = piece.replace(/[^aeiouyAEIOUY]/g, '').length;
  return (
    segments.length > 0 &&
    piece.length / segments.length >= 3 &&
    vowels >= piece.length / 5 &&
    segments.every((segment) => (segment === segment.toUpperCase() ? segment.length <= 5 : segment.length < 4 || /[aeiouy]/i.test(segment)))
  );
}

/** A piece of a run between separators: a word, a number, a word with a number (`agent001`). */
function isHarmlessPiece(piece: string): boolean {
  if (piece.length < SHORT) return true;
  if (isWord(piece) || EPOCH_TIME.test(piece)) return true;
  const letters = /^([A-Za-z]+)\d{1,6}$/.exec(piece)?.[1] ?? /^\d{1,6}([A-Za-z]+)$/.exec(piece)?.[1];
  return letters !== undefined && (letters.length < 3 || isWord(letters));
}

/** Known harmless: empty, short, a number, a boolean, a timestamp, a MIME type. */
export function isHarmlessValue(value: string): boolean {
  return value.length < SHORT || NUMBER.test(value) || LITERAL.test(value) || ISO_TIME.test(value) || HTTP_DATE.test(value) || MIME_TYPE.test(value);
}

/** What a single credential is written with: no spaces, quotes, brackets or markup (those are text). */
const VALUE_CHARACTERS = /^[A-Za-z0-9!#$%&*+\-./:=?@^_|~]+$/;

/**
 * Separators inside a run (paths, kebab and snake case, base64 padding), and the `!` the analyzer writes between an
 * archive and a file in it (`logs.zip!dir/file.log`); any other `!` stays part of its piece, as in a password.
 */
const SEPARATORS = /[/_~=+.%:@#?&-]+|(?<=\.(?:zip|tar|tgz|gz))!/i;

/**
 * A whole value (a JSON string, an attribute, a cookie, a form or header value) that may be a
 * credential: at least 8 characters, no spaces or markup (prose is searched run by run instead),
 * not a timestamp, and with a part that is no word (`7efd882565`, `Qz!28c48cb2`). A string of 8
 * or more digits is an id here (a BOSH `sid` may be one), unless it is an epoch time or a decimal.
 */
export function isCredentialShapedValue(value: string): boolean {
  // `name=value` pairs are forms, judged by their names and values, not as one value.
  if (/=[^=]/.test(value)) return false;
  if (
    value.length < SHORT ||
    DECIMAL.test(value) ||
    LITERAL.test(value) ||
    ISO_TIME.test(value) ||
    HTTP_DATE.test(value) ||
    MIME_TYPE.test(value) ||
    !VALUE_CHARACTERS.test(value)
  )
    return false;
  return isRandomLooking(value) || !value.split(SEPARATORS).every(isHarmlessPiece);
}

/** A run of token characters inside running text that is long and no word or path. */
export function isCredentialShapedRun(run: string): boolean {
  return run.length >= MIN_RUN && !isHarmlessValue(run) && (isRandomLooking(run) || !run.split(SEPARATORS).every(isHarmlessPiece));
}

/**
 * Random text switches case and between letters and digits far more often than words do:
 * base64 about 0.4 times per character, hex about 0.45, camelCase identifiers under 0.25
 * (`IdSAccessTokenEndPoint` 0.18). Counted without separators, which do not hide it
 * (`TK-zInWAz-tf_Kl9-3qBZ4p-50J`).
 */
function isRandomLooking(given: string): boolean {
  const value = given.replace(/[^A-Za-z0-9]+/g, '');
  if (value.length < SHORT) return false;
  let switches = 0;
  for (let index = 1; index < value.length; index += 1) {
    const before = value[index - 1]!;
    const now = value[index]!;
    const digitSwitch = /\d/.test(before) !== /\d/.test(now) && /[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(now);
    if (digitSwitch || (/[a-z]/.test(before) && /[A-Z]/.test(now))) switches += 1;
  }
  return switches / value.length >= 0.3;
}

/**
 * Runs of the characters tokens, base64, hex and URL-encoded values are made of; a URL-encoded
 * replacement (`%5Bcookie%20%233f2a%5D`) is matched on its own so it is never judged as a run.
 */
export const TOKEN_RUN = /%5B[a-z0-9-]+(?:%20%23[0-9a-f]{4})?%5D|[A-Za-z0-9+/_~%-]{16,}={0,2}/gi;
