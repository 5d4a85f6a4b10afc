/**
 * A copy of `text` that does not keep its source alive. V8 makes substrings of 13 characters or
 * more as views into the parent string; a token id or evidence line sliced from a 64 KiB decoded
 * chunk would pin that whole chunk for as long as the analyzer keeps the small string. A round
 * trip through bytes makes one flat string of just these characters.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
