import type { AnalysisReport } from '../analyzer/types.ts';
import { CHECK_TITLES, type Check, type Verdict } from '../diagnose/checks.ts';
import { escapeXml } from '../kernel/escape-xml.ts';

/** What the run was against: versions, hosts, browser, profile, lifetimes. */
export interface RunContext {
  runId: string;
  target: string;
  profile: string;
  versions: Record<string, string>;
  hosts: string[];
  browser: string;
  /** The refresh token's lifetime is not visible from the browser: unknown against a real lab. */
  lifetimes: { accessS: number; refreshS?: number };
  /** Against a real lab the server logs are not in the bundle: where to collect them, and what to do with them. */
  serverLogs?: string;
}

export interface SummaryInput {
  context: RunContext;
  checks: readonly Check[];
  verdict: Verdict;
  findings: AnalysisReport['findings'];
  timelineSvg: string;
  contents: string[];
  withheld: { file: string; reason: string }[];
}

function contextRows(context: RunContext): [string, string][] {
  return [
    ['Run', context.runId],
    ['Target', context.target],
    ['Defect profile', context.profile],
    ...Object.entries(context.versions).map(([name, version]): [string, string] => [`${name} version`, version]),
    ['Hosts', context.hosts.join(', ')],
    ['Browser', context.browser],
    ['Token lifetimes', `access ${context.lifetimes.accessS} s, refresh ${context.lifetimes.refreshS === undefined ? 'unknown (not visible from the browser)' : `${context.lifetimes.refreshS} s`}`],
  ];
}

export function summaryMarkdown(input: SummaryInput): string {
  const lines = [
    `# Finesse SSO diagnosis ${input.context.runId}`,
    '',
    `**Verdict:** ${input.verdict.meaning}`,
    '',
    `Reproduced: **${input.verdict.reproduced}** · Recovered: **${input.verdict.recovered}**`,
    '',
    '## Checks',
    '',
    '| check | result | lab time | what was seen |',
    '|---|---|---|---|',
    ...input.checks.map((check) => `| ${CHECK_TITLES[check.id]} | ${check.status} | ${check.labTime ?? ''} | ${check.detail.replace(/\|/g, '\\|')} |`),
    '',
    '## Run against',
    '',
    ...contextRows(input.context).map(([name, value]) => `- ${name}: ${value}`),
    '',
    '## Timeline',
    '',
    'See `timeline.svg` (also embedded in `summary.html`). Tokens appear by the first characters of their ids only.',
    '',
    '## Log analysis',
    '',
    ...(input.context.serverLogs ? [input.context.serverLogs, ''] : []),
    ...(input.findings.length === 0
      ? ['No known failure signature in the logs of this run.']
      : input.findings.map((finding) => `- **${finding.signature}**${finding.subCause ? ` (${finding.subCause})` : ''}, ${finding.severity}, user ${finding.user ?? 'unknown'}: ${finding.cause} Workaround: ${finding.workaround}`)),
    '',
    '## Bundle contents',
    '',
    ...input.contents.map((file) => `- ${file}`),
    ...(input.withheld.length > 0 ? ['', '## Withheld (could not be redacted safely)', '', ...input.withheld.map((item) => `- ${item.file}: ${item.reason}`)] : []),
    '',
    'Secrets (passwords, cookies, Authorization headers, tokens, SAML messages) are replaced by a label and a short fingerprint, e.g. `[access-token #3f2a]`; the same secret has the same fingerprint everywhere.',
    '',
  ];
  return lines.join('\n');
}

export function summaryHtml(input: SummaryInput): string {
  const row = (cells: string[], tag = 'td') => `<tr>${cells.map((cell) => `<${tag}>${escapeXml(cell)}</${tag}>`).join('')}</tr>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Finesse SSO diagnosis ${escapeXml(input.context.runId)}</title>
<style>body{font-family:Arial,sans-serif;margin:24px;max-width:1200px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}.pass{color:#2e7d32}.fail{color:#c62828}.skip{color:#777}</style></head><body>
<h1>Finesse SSO diagnosis ${escapeXml(input.context.runId)}</h1>
<p><strong>Verdict:</strong> ${escapeXml(input.verdict.meaning)}</p>
<p>Reproduced: <strong>${input.verdict.reproduced}</strong> · Recovered: <strong>${input.verdict.recovered}</strong></p>
<h2>Checks</h2><table>${row(['check', 'result', 'lab time', 'what was seen'], 'th')}
${input.checks.map((check) => `<tr><td>${escapeXml(CHECK_TITLES[check.id])}</td><td class="${check.status}">${check.status}</td><td>${escapeXml(check.labTime ?? '')}</td><td>${escapeXml(check.detail)}</td></tr>`).join('\n')}</table>
<h2>Timeline</h2>${input.timelineSvg}
<h2>Run against</h2><table>${contextRows(input.context).map((cells) => row(cells)).join('')}</table>
<h2>Log analysis</h2>${input.context.serverLogs ? `<p>${escapeXml(input.context.serverLogs)}</p>` : ''}${input.findings.length === 0 ? '<p>No known failure signature in the logs of this run.</p>' : `<ul>${input.findings.map((finding) => `<li><strong>${escapeXml(finding.signature)}</strong>${finding.subCause ? ` (${escapeXml(finding.subCause)})` : ''}, ${escapeXml(finding.severity)}, user ${escapeXml(finding.user ?? 'unknown')}: ${escapeXml(finding.cause)} <em>Workaround:</em> ${escapeXml(finding.workaround)}</li>`).join('')}</ul>`}
<h2>Bundle contents</h2><ul>${input.contents.map((file) => `<li>${escapeXml(file)}</li>`).join('')}</ul>
${input.withheld.length > 0 ? `<h2>Withheld</h2><ul>${input.withheld.map((item) => `<li>${escapeXml(item.file)}: ${escapeXml(item.reason)}</li>`).join('')}</ul>` : ''}
</body></html>`;
}
