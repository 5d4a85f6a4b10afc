/**
 * How far compressed inputs may expand, and the accounting that enforces it: a bound reached
 * ends that file with a message, never the analysis (a zip bomb is read up to the bound).
 */
/** How far compressed inputs may expand; each is an option of `npm run analyze`. */
export interface ReadLimits {
  /** Archives inside archives are opened this deep (an evidence bundle holding a trace zip is 2). */
  maxDepth: number;
  /** Bytes one file inside an archive (or one gzip file) may expand to. */
  maxEntryBytes: number;
  /** Bytes all compressed inputs together may expand to. */
  maxTotalBytes: number;
  /** Expanded to compressed bytes of one archive or gzip file; judged past `RATIO_FLOOR_BYTES`. */
  maxRatio: number;
}

const GIB = 1024 ** 3;
/** Generous for real Finesse logs (gigabytes, compressed 5 to 50 times); a zip bomb expands about 1000 times. */
export const DEFAULT_READ_LIMITS: ReadLimits = { maxDepth: 3, maxEntryBytes: 8 * GIB, maxTotalBytes: 32 * GIB, maxRatio: 200 };
/** Below this many expanded bytes an archive's ratio is not judged: small repetitive files compress arbitrarily well. */
const RATIO_FLOOR_BYTES = 64 * 1024 * 1024;

/** The bounds and the bytes expanded so far, shared by every input of one analysis. */
export class ReadBudget {
  expanded = 0;
  constructor(readonly limits: ReadLimits = DEFAULT_READ_LIMITS) {}
}

/** Compressed bytes handed to an inflater at once: deflate expands at most ~1032 times, so one slice yields at most ~16 MB. */
export const INFLATE_SLICE_BYTES = 1 << 14;

/** A bound reached: ends the file it concerns with its message. */
export class BoundReached extends Error {}

/**
 * One archive or gzip file: its compressed bytes in, its expanded bytes out, judged against the
 * bounds per entry, per container (ratio) and over the whole analysis.
 */
export class Expansion {
  private compressed = 0;
  private expanded = 0;

  constructor(private readonly budget: ReadBudget) {}

  compressedIn(bytes: number): void {
    this.compressed += bytes;
  }

  /** Counts `bytes` more of an entry that has expanded to `entryBytes`; the bound it passes, if any. */
  expandedOut(bytes: number, entryBytes: number): string | undefined {
    this.expanded += bytes;
    this.budget.expanded += bytes;
    const { maxEntryBytes, maxRatio, maxTotalBytes } = this.budget.limits;
    if (entryBytes > maxEntryBytes) return `expands beyond ${maxEntryBytes} bytes (--max-entry-bytes); read up to there`;
    if (this.expanded > RATIO_FLOOR_BYTES && this.expanded > maxRatio * Math.max(1, this.compressed)) {
      return `expands more than ${maxRatio} times its compressed size (--max-ratio), as a zip bomb does; read up to there`;
    }
    if (this.budget.expanded > maxTotalBytes) return `the inputs together expand beyond ${maxTotalBytes} bytes (--max-total-bytes); read up to there`;
    return undefined;
  }
}
