import { detach } from './detach.ts';
import type { LineRef } from './events.ts';
import { maskTokens } from './mask-tokens.ts';

/** Evidence lines are cut here (after masking): enough for any message, not a megabyte of payload. */
const MAX_EVIDENCE_CHARS = 2_000;

/** A line as it may be kept and shown: tokens masked, length bounded, copied off the read buffer. */
export function evidenceLine(file: string, line: number, text: string, at: number, offsetMin: number): LineRef {
  // Masking looks at a bounded head only; whatever lies beyond it is cut anyway.
  const masked = maskTokens(text.length > MAX_EVIDENCE_CHARS * 4 ? text.slice(0, MAX_EVIDENCE_CHARS * 4) : text);
  return { file, line, text: detach(masked.length > MAX_EVIDENCE_CHARS ? `${masked.slice(0, MAX_EVIDENCE_CHARS)}…` : masked), at, offsetMin };
}
