import { VARIABLES } from './variables.ts';

/** Prefixes of the harness's own variables; an unknown name with one of them is most likely a typo. */
const PREFIXES = ['FINESSE_', 'IDS_', 'IDP_', 'AGENT_', 'LAB_', 'MOCK_', 'BANNER_', 'ACCESS_TOKEN_', 'REFRESH_TOKEN_'];
const KNOWN = Object.keys(VARIABLES);

/**
 * Names the harness does not read although they look like its own: every unknown name of the .env
 * (the file is the harness's), and names in the environment with one of its prefixes or one or two
 * letters away from a known name (`TARGT` → `TARGET`). Each with the closest known name.
 */
export function unknownVariableWarnings(fileNames: readonly string[], environmentNames: readonly string[], file: string): string[] {
  const warnings: string[] = [];
  const known = new Set(KNOWN);
  for (const name of fileNames) if (!known.has(name)) warnings.push(`${file}: ${name} is not a variable of the harness and is ignored${suggestion(name)}`);
  for (const name of environmentNames) {
    if (known.has(name) || fileNames.includes(name)) continue;
    const closest = closestKnown(name);
    if (PREFIXES.some((prefix) => name.startsWith(prefix)) || closest !== undefined)
      warnings.push(`environment: ${name} is not a variable of the harness and is ignored${suggestion(name)}`);
  }
  return warnings;
}

function suggestion(name: string): string {
  const closest = closestKnown(name) ?? closestKnown(name, 4);
  return closest === undefined ? '; see .env.example for every variable' : `; did you mean ${closest}?`;
}

/** The known name within `maxDistance` edits of `name` (case ignored), the closest first; short names need an exact case-insensitive match. */
function closestKnown(name: string, maxDistance = 2): string | undefined {
  const upper = name.toUpperCase();
  if (upper.length < 5) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of KNOWN) {
    const distance = editDistance(upper, candidate);
    if (distance <= maxDistance && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
