/** What a file is, told from its magic bytes, never from its name. */

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

/** POSIX ustar or GNU tar: `ustar` at offset 257 of the first header. */
export function isTar(head: Uint8Array): boolean {
  return head.length >= 512 && Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar';
}
