/**
 * Text from outside (zip entry names, log lines, file names) made safe to print: control
 * characters, DEL and the C1 range become visible escapes, so a crafted name cannot move the
 * cursor, clear the screen or start a forged report line. Tabs stay; line breaks only on request.
 */
export function escapeControl(text: string, options: { keepNewlines?: boolean } = {}): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => {
    if (char === '\n' && options.keepNewlines) return char;
    const code = char.charCodeAt(0);
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
