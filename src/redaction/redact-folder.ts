import { lstat, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NamedSecret } from './artifact.ts';
import { knownSecretsFrom, learnSecrets, redactWithKnownSecrets } from './artifact.ts';
import type { KnownSecrets } from './known-secrets.ts';

/** What a folder redaction did: counts per label and the reasons for what was left out, never values. */
export interface RedactionReport {
  /** Files written to the output folder, with their replacement counts per label. */
  redacted: { file: string; replacements: Record<string, number> }[];
  /** Files (or `file!entry` parts of archives) left out, with the reason. */
  withheld: { file: string; reason: string }[];
  /** Replacement counts per label over all files. */
  replacements: Record<string, number>;
}

async function listFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = path.join(relative, entry.name);
    files.push(...(entry.isDirectory() ? await listFiles(root, child) : [child]));
  }
  return files;
}

/**
 * Writes a redacted copy of every file under `inDir` to `outDir` (same relative paths) and says
 * what was replaced and what was withheld. Secrets found by structure in any file are replaced
 * in every file, so a refresh token met in the HAR is also caught in a log or a console message.
 * `secrets` are values the caller knows are secret (the agent's password); `known` collects
 * what was learned, for a scan of the output.
 */
export async function redactFolder(
  inDir: string,
  outDir: string,
  options: { secrets?: readonly NamedSecret[]; known?: KnownSecrets } = {},
): Promise<RedactionReport> {
  const from = path.resolve(inDir);
  const to = path.resolve(outDir);
  if (to === from || to.startsWith(from + path.sep)) throw new Error(`the output folder ${outDir} must not be inside the input folder ${inDir}`);
  const files = await listFiles(from);
  const known = options.known ?? knownSecretsFrom(options.secrets);
  const report: RedactionReport = { redacted: [], withheld: [], replacements: {} };
  const regular: string[] = [];
  for (const file of files) {
    // A link may point anywhere (outside the evidence folder, at a live profile): not followed.
    if ((await lstat(path.join(from, file))).isFile()) regular.push(file);
    else report.withheld.push({ file, reason: 'not a regular file (link or device)' });
  }
  for (const file of regular) learnSecrets(file, await readFile(path.join(from, file)), known);
  for (const file of regular) {
    const result = redactWithKnownSecrets(file, await readFile(path.join(from, file)), known);
    if (result.kind === 'withheld') {
      report.withheld.push({ file, reason: result.reason });
      continue;
    }
    await mkdir(path.dirname(path.join(to, file)), { recursive: true });
    await writeFile(path.join(to, file), result.bytes);
    report.redacted.push({ file, replacements: result.replacements });
    for (const part of result.withheldParts) report.withheld.push({ file: `${file}!${part.part}`, reason: part.reason });
    for (const [label, count] of Object.entries(result.replacements)) report.replacements[label] = (report.replacements[label] ?? 0) + count;
  }
  report.withheld.sort((a, b) => a.file.localeCompare(b.file));
  return report;
}
