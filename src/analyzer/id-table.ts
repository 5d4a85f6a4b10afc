/**
 * A hash table from token ids to small integers (ring slots), for the token index. A `Map` keyed
 * by strings costs about a microsecond per update at this size (65,536 live ids, one in and one
 * out per token pair); this open-addressing table over typed arrays costs a small fraction of it
 * and allocates nothing. Ids are known by a 64-bit hash (two 32-bit halves), so no id string
 * needs to be kept to find one: two random ids sharing both halves is a 1-in-2^64 event.
 */
export class IdTable {
  private readonly entries: Int32Array;
  private readonly mask: number;
  private readonly high: Int32Array;
  private readonly low: Int32Array;

  /** `capacity` values 0..capacity-1 can be stored; the table is twice as large, so probes stay short. */
  constructor(capacity: number) {
    const size = 1 << Math.ceil(Math.log2(capacity * 2));
    this.entries = new Int32Array(size);
    this.mask = size - 1;
    this.high = new Int32Array(capacity);
    this.low = new Int32Array(capacity);
  }

  /** The value stored for the id, or -1. */
  get(id: string): number {
    hash(id);
    for (let i = hashHigh & this.mask; ; i = (i + 1) & this.mask) {
      const entry = this.entries[i]!;
      if (entry === 0) return -1;
      const value = entry - 1;
      if (this.high[value] === hashHigh && this.low[value] === hashLow) return value;
    }
  }

  /** Stores `value` for the id; the value must not be in the table (remove it first). */
  set(id: string, value: number): void {
    hash(id);
    this.high[value] = hashHigh;
    this.low[value] = hashLow;
    let i = hashHigh & this.mask;
    while (this.entries[i] !== 0) i = (i + 1) & this.mask;
    this.entries[i] = value + 1;
  }

  /** Removes the entry holding `value` (linear probing: later entries of the cluster move back). */
  remove(value: number): void {
    let i = this.high[value]! & this.mask;
    while (this.entries[i] !== value + 1) {
      if (this.entries[i] === 0) return;
      i = (i + 1) & this.mask;
    }
    for (let j = (i + 1) & this.mask; this.entries[j] !== 0; j = (j + 1) & this.mask) {
      const home = this.high[this.entries[j]! - 1]! & this.mask;
      // Move the entry at j into the hole at i unless its home lies cyclically in (i, j].
      const homeBetween = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!homeBetween) {
        this.entries[i] = this.entries[j]!;
        i = j;
      }
    }
    this.entries[i] = 0;
  }
}

let hashHigh = 0;
let hashLow = 0;

/** Two independent 32-bit hashes of the id (FNV-1a and a multiplicative one), left in hashHigh/hashLow. */
function hash(id: string): void {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < id.length; i += 1) {
    const code = id.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b + code, 0x85ebca6b) ^ (b >>> 13);
  }
  hashHigh = a ^ (a >>> 16);
  hashLow = b;
}
