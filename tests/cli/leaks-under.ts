import { walkArtifacts } from '../../src/redaction/artifact-walk.ts';
import { findTokenShapedStrings } from '../../src/redaction/token-shape.ts';

/**
 * Every byte written under `folder`, zips unpacked: where a canary marker, a token-shaped string, or
 * one of `secrets` (a real password, which no canary stands for) survived. Empty when none did.
 */
export async function leaksUnder(folder: string, secrets: readonly string[] = []): Promise<string[]> {
  const leaks: string[] = [];
  await walkArtifacts([folder], {
    bytes(location, bytes) {
      const text = Buffer.from(bytes).toString('latin1');
      const where = `${location.file}${location.entry ? `!${location.entry}` : ''}`;
      if (/cnry[0-9a-f]{12}/.test(text)) leaks.push(`${where}: canary`);
      if (findTokenShapedStrings(text).length > 0) leaks.push(`${where}: token-shaped string`);
      for (const secret of secrets) if (text.includes(secret)) leaks.push(`${where}: secret`);
    },
    unreadable(location, reason) {
      leaks.push(`${location.file}: unreadable (${reason})`);
    },
  });
  return leaks;
}
