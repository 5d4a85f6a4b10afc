/**
 * Default deny for values nobody named: what is known to be harmless stays (numbers, booleans,
 * timestamps, short enum-like words, words and paths), every other value long or mixed enough to
 * be a credential is replaced, whatever its name. A real lab carries secrets under names no list
 * has (a BOSH `sid`, a gadget `st`, a `data-ticket`), so the shape decides, not the name.
 */

const NUMBER = /^[+-]?\d{1,15}(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERAL = /^(?:true|false|null|undefined|NaN)$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2}[ -][A-Z][a-z]{2}[ -]\d{4} \d{2}:\d{2}:\d{2} GMT$/;
const MIME_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/i;
/** A value this short cannot be a credential worth stealing (a 7-character code is an enum). */
const SHORT = 8;
/** Runs in running text this long are judged; shorter ones are words and ids. */
export const MIN_RUN = 16;

/**
 * Letters only, in words: lower case, Capitalized, camelCase with ACRONYMS
 * (`IdSOAuthEndPoint`: Id·SO·Auth·End·Point), not random case (`aGVsbG8gd2`: a·GVsb·G·gd).
 */
function isWord(piece: string): boolean {
  if (!/^[A-Za-z]+$/.test(piece)) return false;
  if (piece === piece.toUpperCase() || piece === piece.toLowerCase()) return piece === piece.toLowerCase() || piece.length <= 12;
  const segments = piece.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g) ?? [];
  return segments.length > 0 && piece.length / segments.length >= 3;
}

/** A piece of a run between separators: a word, a number, a word with a number (`agent001`). */
function isHarmlessPiece(piece: string): boolean {
  if (piece.length < SHORT) return true;
  if (isWord(piece) || /^\d{1,15}$/.test(piece)) return true;
  const letters = /^([A-Za-z]+)\d{1,6}$/.exec(piece)?.[1] ?? /^\d{1,6}([A-Za-z]+)$/.exec(piece)?.[1];
  return letters !== undefined && (letters.length < 3 || isWord(letters));
}

/** Alternations between letters and digits: `agent001` has one, `1f2e3d4c` seven. */
function letterDigitSwitches(value: string): number {
  let switches = 0;
  for (let index = 1; index < value.length; index += 1) {
    const before = /\d/.test(value[index - 1]!);
    const now = /\d/.test(value[index]!);
    if (before !== now && /[A-Za-z0-9]/.test(value[index]!) && /[A-Za-z0-9]/.test(value[index - 1]!)) switches += 1;
  }
  return switches;
}

function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
}

/** Known harmless: empty, short, a number, a boolean, a timestamp, a MIME type. */
export function isHarmlessValue(value: string): boolean {
  return value.length < SHORT || NUMBER.test(value) || LITERAL.test(value) || ISO_TIME.test(value) || HTTP_DATE.test(value) || MIME_TYPE.test(value);
}

/** What a single credential is written with: no spaces, quotes, brackets or markup (those are text). */
const VALUE_CHARACTERS = /^[A-Za-z0-9!#$%&*+\-./:=?@^_|~]+$/;

/** Separators inside a run (paths, kebab and snake case, base64 padding). */
const SEPARATORS = /[/_~=+.%:@-]+/;

/**
 * A whole value (a JSON string, an attribute, a cookie, a form or header value) that may be a
 * credential: not known harmless, no spaces (prose is searched run by run instead), and either
 * long with a part that is no word, or short and mixed (letters and digits interleaved, or three
 * character classes: `Pw!x9a7q`).
 */
export function isCredentialShapedValue(value: string): boolean {
  if (isHarmlessValue(value) || !VALUE_CHARACTERS.test(value)) return false;
  if (value.length >= MIN_RUN && !value.split(SEPARATORS).every(isHarmlessPiece)) return true;
  const core = value.replace(/^[/#?]+|[=.]+$/g, '');
  return letterDigitSwitches(core) >= 3 || (characterClasses(core) >= 3 && !core.split(SEPARATORS).every(isHarmlessPiece));
}

/** A run of token characters inside running text that is long and no word or path. */
export function isCredentialShapedRun(run: string): boolean {
  return run.length >= MIN_RUN && !isHarmlessValue(run) && !run.split(SEPARATORS).every(isHarmlessPiece);
}

/**
 * Runs of the characters tokens, base64, hex and URL-encoded values are made of; a URL-encoded
 * replacement (`%5Bcookie%20%233f2a%5D`) is matched on its own so it is never judged as a run.
 */
export const TOKEN_RUN = /%5B[a-z0-9-]+(?:%20%23[0-9a-f]{4})?%5D|[A-Za-z0-9+/_~%-]{16,}={0,2}/gi;
