import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { learnSecrets, redactWithKnownSecrets } from './artifact.ts';
import { KnownSecrets } from './known-secrets.ts';
import { redactFolder } from './redact-folder.ts';
import { scanForSecrets, scanForTokenShapes } from './secret-scan.ts';

/**
 * `npm run sanitize`: a redacted copy of what comes from the field (a DevTools HAR, a Playwright
 * trace, a log folder, a zip of them), never in place. Whatever the redaction learned to be secret
 * (by name or by shape) is then searched for in the copy in every encoding; one hit and nothing is
 * written.
 */
export interface SanitizeResult {
  output: string;
  replacements: Record<string, number>;
  withheld: { file: string; reason: string }[];
}

/** Bad input or output paths (exit 2). */
export class SanitizeUsageError extends Error {}

/** The copy still held a secret after redaction: nothing was written (exit 1). */
export class SanitizeRefusedError extends Error {
  constructor(readonly hits: string[]) {
    super(`refused: ${hits.length} secret(s) would remain in the sanitized copy, so nothing was written:\n${hits.map((hit) => `  - ${hit}`).join('\n')}`);
  }
}

/** `x.har` → `x.sanitized.har`, `logs/` → `logs.sanitized`. */
export function defaultOutputFor(input: string): string {
  const resolved = path.resolve(input);
  if (statSync(resolved).isDirectory()) return `${resolved}.sanitized`;
  const extension = path.extname(resolved);
  return `${resolved.slice(0, resolved.length - extension.length)}.sanitized${extension}`;
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent + path.sep);
}

export async function sanitize(input: string, output: string, options: { force?: boolean } = {}): Promise<SanitizeResult> {
  const from = path.resolve(input);
  const to = path.resolve(output);
  if (!existsSync(from)) throw new SanitizeUsageError(`${input} does not exist`);
  const info = lstatSync(from);
  if (!info.isFile() && !info.isDirectory()) throw new SanitizeUsageError(`${input} is neither a file nor a folder`);
  if (isInside(to, from) || isInside(from, to)) throw new SanitizeUsageError(`the output ${output} must be apart from the input ${input} (never in place)`);
  if (existsSync(to) && !options.force) throw new SanitizeUsageError(`${output} exists; give --force to replace it`);

  mkdirSync(path.dirname(to), { recursive: true });
  // A private (0700) folder next to the output: the copy appears there only once it passed the scan.
  const work = mkdtempSync(path.join(path.dirname(to), '.sanitizing-'));
  try {
    const staged = path.join(work, path.basename(to));
    const known = new KnownSecrets();
    let result: SanitizeResult;
    if (info.isDirectory()) {
      const report = await redactFolder(from, staged, { known });
      result = { output: to, replacements: report.replacements, withheld: report.withheld };
    } else {
      const bytes = readFileSync(from);
      learnSecrets(path.basename(from), bytes, known);
      const redacted = redactWithKnownSecrets(path.basename(from), bytes, known);
      if (redacted.kind === 'withheld') throw new SanitizeRefusedError([`${input}: ${redacted.reason}`]);
      writeFileSync(staged, redacted.bytes);
      result = { output: to, replacements: redacted.replacements, withheld: redacted.withheldParts.map((part) => ({ file: part.part, reason: part.reason })) };
    }
    const hits = [
      ...(await scanForSecrets([staged], known.list())).map(
        (hit) =>
          `${path.relative(work, hit.file)}${hit.entry ? `!${hit.entry}` : ''}: ${hit.kind === 'secret' ? `${hit.label} (${hit.encoding})` : hit.reason}`,
      ),
      ...(await scanForTokenShapes([staged])).map((hit) => `${path.relative(work, hit.file)}${hit.entry ? `!${hit.entry}` : ''}: ${hit.kind}`),
    ];
    if (hits.length > 0) throw new SanitizeRefusedError(hits);
    rmSync(to, { recursive: true, force: true });
    renameSync(staged, to);
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
