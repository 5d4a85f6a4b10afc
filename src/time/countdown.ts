/** A countdown as a page shows it: m:ss or h:mm:ss. */
const COUNTDOWN = /(?:(\d+):)?(\d{1,2}):(\d{2})/;

/** The time a countdown shows (anywhere in the text) in ms, or undefined when the text shows none. */
export function countdownMs(text: string): number | undefined {
  const shown = COUNTDOWN.exec(text);
  if (!shown) return undefined;
  return ((Number(shown[1] ?? 0) * 60 + Number(shown[2])) * 60 + Number(shown[3])) * 1000;
}

/** The text with its countdown replaced by `m:ss`: the same wording reads the same whenever it is read. */
export function withoutCountdown(text: string): string {
  return text.replace(COUNTDOWN, 'm:ss');
}
