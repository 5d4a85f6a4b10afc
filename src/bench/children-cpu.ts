import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in these ticks on every architecture it runs on. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds used so far by this process's finished children and, through them, by every process
 * they waited for (browsers, labs, test workers): `cutime + cstime` of /proc/self/stat. Undefined
 * where there is no /proc (macOS, Windows): the bench then leaves the CPU metrics out.
 */
export function childrenCpuSeconds(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: the fields proper start after its last ')'. cutime and cstime
  // are fields 16 and 17 of proc(5); the split below starts at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  return Number.isFinite(ticks) ? ticks / TICKS_PER_SECOND : undefined;
}
