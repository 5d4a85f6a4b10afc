import type { HarnessConfig } from '../config/load.ts';
import { hostResolverRules } from '../browser/host-allow-list.ts';
import { certificateTargets } from '../lab/certificate-pin.ts';
import { CHECK_IDS, CHECK_TITLES, DISRUPTIVE_CHECKS } from './checks.ts';

/** Why a disruptive check or scenario does not run against a lab without ALLOW_DISRUPTIVE. */
export const DISRUPTIVE_SKIP_REASON = 'disruptive: forces the test agent to be signed out; set ALLOW_DISRUPTIVE=true to run it against a lab';

export interface MockPlanFacts {
  hosts: readonly string[];
  profile: string;
}

/**
 * `diagnose --dry-run`: what a run would do (target, hosts the browser may reach, certificate trust,
 * scenarios and which of them are disruptive) worked out from the configuration alone. Starts and
 * contacts nothing.
 */
export function diagnosePlan(config: HarnessConfig, mock: MockPlanFacts): string {
  const lines = ['Diagnosis plan (dry run: nothing was started or contacted)'];
  const runsDisruptive = config.target === 'mock' || config.lab!.allowDisruptive;
  if (config.target === 'mock') {
    lines.push(`  Target:        the embedded mock lab, profile ${mock.profile}, IdP form ${config.idpKind}`);
    lines.push(`  Hosts:         ${mock.hosts.join(', ')} (mapped to 127.0.0.1; every other host refused)`);
    lines.push('  Certificates:  the mock lab certificate, trusted by its SPKI hash');
  } else {
    const lab = config.lab!;
    lines.push(
      `  Target:        the lab at ${lab.finesseUrl}${lab.idsUrl ? ` (IdS ${lab.idsUrl})` : ''}, IdP ${config.idpKind}, agent ${config.agent!.username} on extension ${config.agent!.extension}`,
    );
    lines.push(`  Hosts:         ${lab.allowedHosts.join(', ')}; every other host refused`);
    if (Object.keys(lab.hostMap).length > 0)
      lines.push(
        `  Host map:      ${Object.entries(lab.hostMap)
          .map(([host, ip]) => `${host} → ${ip}`)
          .join(', ')}`,
      );
    lines.push(`  Resolver:      --host-resolver-rules=${hostResolverRules(lab.hostMap, lab.allowedHosts)}`);
    lines.push(
      lab.certTrust === 'pin'
        ? `  Certificates:  pinned at start from ${certificateTargets(lab)
            .map((target) => `${target.host}:${target.port}`)
            .join(', ')}${lab.certSpki.length > 0 ? `; must match LAB_CERT_SPKI (${lab.certSpki.length} known)` : ''}`
        : '  Certificates:  the system trust store',
    );
  }
  lines.push('  Scenarios:');
  for (const id of CHECK_IDS) {
    const disruptive = DISRUPTIVE_CHECKS.has(id);
    const fate =
      disruptive && !runsDisruptive
        ? 'skipped: disruptive, set ALLOW_DISRUPTIVE=true to run it'
        : disruptive
          ? 'runs (disruptive: signs the agent out)'
          : 'runs';
    lines.push(`    ${id.padEnd(32)} ${CHECK_TITLES[id]}: ${fate}`);
  }
  lines.push(`  Output:        ${config.outputDir}`);
  return `${lines.join('\n')}\n`;
}
