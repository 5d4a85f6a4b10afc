/** Grouping of time-stamped items, shared by the rules. */
import { lowerBound } from '../correlate.ts';

/** Reports closer than this are one burst: one outage, one run of sign-outs or of sign-in failures. */
export const OUTAGE_GAP_MS = 5 * 60_000;

export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group === undefined) groups.set(keyOf(item), [item]);
    else group.push(item);
  }
  return groups;
}

/** The items of a time-sorted list from `from` to `to`, both included. */
export function within<T extends { at: number }>(sorted: readonly T[], from: number, to: number): T[] {
  return sorted.slice(lowerBound(sorted, from), lowerBound(sorted, to + 1));
}

/** Items close in time (each within `gap` of the previous) grouped; input sorted by time. */
export function clusters<T extends { at: number }>(sorted: readonly T[], gap: number): T[][] {
  const groups: T[][] = [];
  for (const item of sorted) {
    const current = groups[groups.length - 1];
    if (current !== undefined && item.at - current[current.length - 1]!.at <= gap) current.push(item);
    else groups.push([item]);
  }
  return groups;
}
