/**
 * The layering that design.md draws, enforced (as Playwright's DEPS.list does for its packages):
 * each rule names what files under a folder may import. Entry points sit on top, the mock lab and
 * the library code below them; the mock uses only the small kernel of `src/`, and `src/` reaches the
 * mock through one declared seam.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { importCycles, importEdges, type ImportEdge } from './import-graph.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FOLDERS = ['src', 'mock', 'fixtures', 'scripts', 'tests'] as const;
/** The only file in `src/` that may import `mock/`. */
const SEAM = 'src/embedded-lab.ts';
/** What `mock/` may use of `src/`: small pure helpers with no knowledge of the harness. */
const KERNEL = 'src/kernel/';
/** A file at the project's root: the prefix of every path without a folder. */
const ROOT_FILE = '';

/** Who may import what, by path prefix; the first rule whose `files` prefix matches applies. */
const RULES: { files: string; mayImport: string[] }[] = [
  { files: SEAM, mayImport: ['src/', 'mock/'] },
  { files: 'src/', mayImport: ['src/'] },
  { files: 'mock/', mayImport: ['mock/', KERNEL] },
  { files: 'fixtures/', mayImport: ['fixtures/', 'src/', 'mock/'] },
  { files: 'scripts/', mayImport: ['scripts/', 'src/', 'mock/', 'fixtures/'] },
  // Tests may also read the project's root configuration (playwright.config.ts, allurerc.ts).
  { files: 'tests/', mayImport: ['tests/', 'fixtures/', 'src/', 'mock/', 'scripts/', ROOT_FILE] },
];

const edges = importEdges(ROOT, FOLDERS);

function breaksTheRules({ from, to }: ImportEdge): boolean {
  const rule = RULES.find((candidate) => from.startsWith(candidate.files));
  const allowed = (prefix: string): boolean => (prefix === ROOT_FILE ? !to.includes('/') : to.startsWith(prefix));
  return !!rule && !rule.mayImport.some(allowed);
}

test.describe('layering', () => {
  test('the import graph was read (the parser found the cross-folder imports)', () => {
    expect(edges.some(({ from, to }) => from.startsWith('fixtures/') && to.startsWith('src/'))).toBe(true);
    expect(edges.some(({ from }) => from === SEAM)).toBe(true);
  });

  test('every import follows the folder rules', () => {
    const broken = edges.filter(breaksTheRules).map(({ from, to }) => `${from} -> ${to}`);
    expect(broken, 'move shared code into src/kernel/ (for mock/) or export it through src/embedded-lab.ts (for src/)').toEqual([]);
  });

  test('no runtime import cycle', () => {
    expect(importCycles(edges.filter((edge) => edge.runtime))).toEqual([]);
  });
});
