/** A finding's evidence: the lines quoted, each once, and the draft that joins claimed chains to it. */
import { catalogFinding } from '../catalog-finding.ts';
import type { LineRef } from '../events.ts';
import type { SignatureId } from '../signatures.ts';
import { toIso } from '../timestamps.ts';
import type { Finding } from '../types.ts';
import type { FailureChain } from './failure-chains.ts';

const MAX_EVIDENCE = 60;
/** Of a long run of identical failures, the first and the last few are quoted. */
const QUOTED_HEAD = 5;
const QUOTED_TAIL = 2;

/** Evidence lines of one finding, each once, in time order, bounded. */
export class EvidenceSet {
  private readonly lines = new Map<string, LineRef>();

  add(lines: readonly LineRef[] | undefined): void {
    for (const line of lines ?? []) this.lines.set(`${line.file}\n${line.line}`, line);
  }

  list(): Finding['evidence'] {
    const sorted = [...this.lines.values()].sort((a, b) => a.at - b.at || a.file.localeCompare(b.file) || a.line - b.line);
    const kept = sorted.length <= MAX_EVIDENCE ? sorted : [...sorted.slice(0, MAX_EVIDENCE - 20), ...sorted.slice(-20)];
    return kept.map((line) => ({ file: line.file, line: line.line, text: line.text, at: toIso(line.at) }));
  }
}

/** A finding with the catalog's texts; claimed chains join their lines and now point to it. */
export function draft(signature: SignatureId, user: string | undefined, first: number, last: number, evidence: EvidenceSet, claimed: FailureChain[]): Finding {
  for (const chain of claimed) {
    evidence.add(quoted(chain.failures).map((failure) => failure.line));
    if (chain.banner) evidence.add([chain.banner.line]);
    if (chain.logout) evidence.add([chain.logout.line]);
  }
  const finding = catalogFinding(signature, user, first, last, evidence.list());
  for (const chain of claimed) chain.explainedBy = finding;
  return finding;
}

/** The first few and last few of a long run. */
export function quoted<T>(items: readonly T[]): T[] {
  return items.length <= QUOTED_HEAD + QUOTED_TAIL ? [...items] : [...items.slice(0, QUOTED_HEAD), ...items.slice(-QUOTED_TAIL)];
}
