/**
 * The case note: `summary.html` (and its plain `summary.md`) a TAC engineer reads first. Verdict
 * first, then the timeline, the screenshots of the moments that matter inline, one finding per
 * incident, a paragraph to paste to the customer, the run's environment. Everything is embedded
 * (the SVG inline, screenshots as data URIs), so the page opens from the unzipped bundle with no
 * server and no network.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { groupIncidents, type Incident } from '../analyzer/incidents.ts';
import { SIGNATURES } from '../analyzer/signatures.ts';
import type { AnalysisReport } from '../analyzer/types.ts';
import { CHECK_TITLES, type Check, type Verdict } from '../diagnose/checks.ts';
import { customerNote } from './customer-note.ts';
import { escapeXml } from '../kernel/escape-xml.ts';
import { timelineSvg } from './timeline-svg.ts';
import { marksFromAnalysis, type TimelineMark } from './timeline.ts';

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

/** A masked screenshot the harness wrote, embedded as it is. */
export interface Screenshot {
  file: string;
  caption: string;
  dataUri: string;
}

/** Everything a case note shows; a diagnosis has checks and a verdict, an analysis of files has neither. */
export interface CaseNote {
  title: string;
  /** The answer in one or two sentences. */
  verdict: string;
  /** Reproduced / recovered, for a diagnosis. */
  outcome?: Pick<Verdict, 'reproduced' | 'recovered'>;
  checks?: readonly Check[];
  environment: [string, string][];
  analysis: Pick<AnalysisReport, 'findings' | 'users'>;
  timelineSvg: string;
  screenshots: readonly Screenshot[];
  /** Where the server logs are when they are not in the evidence (a real lab). */
  serverLogs?: string;
  contents?: readonly string[];
  withheld?: readonly { file: string; reason: string }[];
}

/** Screenshots of the moments the story turns on; the others are listed with the bundle's contents. */
const MOMENTS: readonly [RegExp, string][] = [
  [/banner/i, 'The warning banner'],
  [/sign(ed)?-?out/i, 'The forced sign-out'],
  [/at-failure/i, 'At the failure'],
];

/** The masked PNGs of the banner and the sign-out in `folder`, as data URIs (the page must open without its folder). */
export function momentScreenshots(folder: string): Screenshot[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.png'))
    .sort()
    .flatMap((file) => {
      const moment = MOMENTS.find(([pattern]) => pattern.test(file));
      if (!moment) return [];
      return [
        {
          file,
          caption: `${moment[1]} (${file}, password fields masked)`,
          dataUri: `data:image/png;base64,${readFileSync(path.join(folder, file)).toString('base64')}`,
        },
      ];
    });
}

export function environmentRows(context: RunContext): [string, string][] {
  return [
    ['Run', context.runId],
    ['Target', context.target],
    ['Defect profile', context.profile],
    ...Object.entries(context.versions).map(([name, version]): [string, string] => [`${name} version`, version]),
    ['Hosts', context.hosts.join(', ')],
    ['Browser', context.browser],
    [
      'Token lifetimes',
      `access ${context.lifetimes.accessS} s, refresh ${context.lifetimes.refreshS === undefined ? 'unknown (not visible from the browser)' : `${context.lifetimes.refreshS} s`}`,
    ],
  ];
}

export interface DiagnosisSummaryInput {
  context: RunContext;
  checks: readonly Check[];
  verdict: Verdict;
  analysis: AnalysisReport;
  marks: readonly TimelineMark[];
  /** Files already staged (relative paths); the summaries, the timeline and the manifest are added to the list. */
  files: readonly string[];
  withheld: readonly { file: string; reason: string }[];
}

/** Writes timeline.svg, summary.md and summary.html of a diagnosis into the staged bundle (screenshots already redacted there). */
export function writeDiagnosisSummary(staging: string, input: DiagnosisSummaryInput): void {
  const svg = timelineSvg(input.marks, { title: `Diagnosis ${input.context.runId}` });
  writeFileSync(path.join(staging, 'timeline.svg'), svg);
  writeFileSync(path.join(staging, 'timeline.json'), `${JSON.stringify(input.marks, null, 2)}\n`);
  const note: CaseNote = {
    title: `Finesse SSO diagnosis ${input.context.runId}`,
    verdict: input.verdict.meaning,
    outcome: input.verdict,
    checks: input.checks,
    environment: environmentRows(input.context),
    analysis: input.analysis,
    timelineSvg: svg,
    screenshots: momentScreenshots(path.join(staging, 'screenshots')),
    ...(input.context.serverLogs ? { serverLogs: input.context.serverLogs } : {}),
    contents: [...input.files, 'timeline.json', 'timeline.svg', 'summary.md', 'summary.html', 'manifest.json']
      .map((file) => file.split(path.sep).join('/'))
      .sort(),
    withheld: input.withheld,
  };
  writeFileSync(path.join(staging, 'summary.md'), summaryMarkdown(note));
  writeFileSync(path.join(staging, 'summary.html'), summaryHtml(note));
}

/**
 * The case note of a bundle folder, made again from what the bundle keeps (verdict.json,
 * findings.json, timeline.json, screenshots/): the README's picture and the legibility test
 * render recorded runs with the current code, without running a diagnosis.
 */
export function caseNoteOfBundle(folder: string): CaseNote {
  const read = <T>(file: string) => JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as T;
  const verdict = read<RunContext & Verdict & { checks: Check[] }>('verdict.json');
  const marks = read<TimelineMark[]>('timeline.json');
  return {
    title: `Finesse SSO diagnosis ${verdict.runId}`,
    verdict: verdict.meaning,
    outcome: verdict,
    checks: verdict.checks,
    environment: environmentRows(verdict),
    analysis: read<AnalysisReport>('findings.json'),
    timelineSvg: timelineSvg(marks, { title: `Diagnosis ${verdict.runId}` }),
    screenshots: momentScreenshots(path.join(folder, 'screenshots')),
    ...(verdict.serverLogs ? { serverLogs: verdict.serverLogs } : {}),
  };
}

/**
 * The case note of an analysis of files (customer logs, HARs, a failure mode's logs): no checks,
 * the verdict is what the incidents are. `marks` default to the analysis's own timeline.
 */
export function caseNoteOfAnalysis(
  title: string,
  analysis: AnalysisReport,
  environment: [string, string][],
  marks: readonly TimelineMark[] = marksFromAnalysis(analysis),
): CaseNote {
  const incidents = groupIncidents(analysis);
  const verdict =
    incidents.length === 0
      ? 'No known failure signature in the evidence given.'
      : `${incidents.length} incident${incidents.length === 1 ? '' : 's'}: ${incidents.map((incident) => `${SIGNATURES[incident.finding.signature].title} (${hhmmss(incident.first)})`).join('; ')}.`;
  return { title, verdict, environment, analysis, timelineSvg: timelineSvg(marks, { title }), screenshots: [] };
}

const hhmmss = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

const CHECK_SLACK_MS = 5_000;

/** The checks of a diagnosis whose moment falls inside an incident: which step of the run it was. */
function stepsOf(incident: Incident, checks: readonly Check[] | undefined): string[] {
  // A check is timed when the browser saw the moment, a few seconds off the logs' lines.
  const from = Date.parse(incident.first) - CHECK_SLACK_MS;
  const to = Date.parse(incident.last) + CHECK_SLACK_MS;
  return (checks ?? [])
    .filter((check) => check.labTime !== undefined && Date.parse(check.labTime) >= from && Date.parse(check.labTime) <= to)
    .map((check) => CHECK_TITLES[check.id]);
}

interface IncidentText {
  heading: string;
  when: string;
  steps: string[];
  summary: string;
  related: string[];
  separatedBy: string;
  cause: string;
  workaround: string;
}

function incidentText(incident: Incident, note: CaseNote): IncidentText {
  const finding = incident.finding;
  const spec = SIGNATURES[finding.signature];
  const same = incident.sameCauseAs;
  return {
    heading: `Incident ${incident.number}: ${spec.title}`,
    when: `${hhmmss(incident.first)} to ${hhmmss(incident.last)}, user ${incident.user ?? 'not named in the logs'}; ${finding.signature}${finding.subCause ? ` (${finding.subCause})` : ''}, ${finding.severity}`,
    steps: stepsOf(incident, note.checks),
    summary: finding.summary,
    related: incident.related.map((other) => `${other.signature}: ${other.summary}`),
    separatedBy: incident.separatedBy,
    cause: same ? `Same cause as incident ${same}.` : finding.cause,
    workaround: same ? `As for incident ${same}.` : finding.workaround,
  };
}

export function summaryMarkdown(note: CaseNote): string {
  const incidents = groupIncidents(note.analysis);
  const lines = [`# ${note.title}`, '', `**Verdict:** ${note.verdict}`, ''];
  if (note.outcome) lines.push(`Reproduced: **${note.outcome.reproduced}** · Recovered: **${note.outcome.recovered}**`, '');
  lines.push(
    '## Timeline',
    '',
    'See `timeline.svg` (also embedded in `summary.html`). Token pairs appear by letter and the first characters of their refresh-token ids only.',
    '',
  );
  if (note.screenshots.length > 0) lines.push('## Screenshots', '', ...note.screenshots.map((shot) => `- ${shot.caption}: \`screenshots/${shot.file}\``), '');
  lines.push('## Incidents', '');
  if (note.serverLogs) lines.push(note.serverLogs, '');
  if (incidents.length === 0) lines.push('No known failure signature in the logs of this run.', '');
  for (const incident of incidents) {
    const text = incidentText(incident, note);
    lines.push(`### ${text.heading}`, '', `- When: ${text.when}`);
    if (text.steps.length > 0) lines.push(`- Diagnosis step: ${text.steps.join('; ')}`);
    lines.push(
      `- A separate incident because: ${text.separatedBy}`,
      `- What the evidence shows: ${text.summary}`,
      ...text.related.map((related) => `- Led to: ${related}`),
      `- Cause: ${text.cause}`,
      `- Workaround: ${text.workaround}`,
      '',
    );
  }
  lines.push('## For the customer', '', customerNote(incidents), '');
  if (note.checks) {
    lines.push('## Checks', '', '| check | result | lab time | what was seen |', '|---|---|---|---|');
    lines.push(
      ...note.checks.map((check) => `| ${CHECK_TITLES[check.id]} | ${check.status} | ${check.labTime ?? ''} | ${check.detail.replace(/\|/g, '\\|')} |`),
      '',
    );
  }
  lines.push('## Environment', '', ...note.environment.map(([name, value]) => `- ${name}: ${value}`), '');
  if (note.contents) lines.push('## Bundle contents', '', ...note.contents.map((file) => `- ${file}`), '');
  if (note.withheld && note.withheld.length > 0)
    lines.push('## Withheld (could not be redacted safely)', '', ...note.withheld.map((item) => `- ${item.file}: ${item.reason}`), '');
  lines.push(
    'Secrets (passwords, cookies, Authorization headers, tokens, SAML messages) are replaced by a label and a short fingerprint, e.g. `[access-token #3f2a]`; the same secret has the same fingerprint everywhere.',
    '',
  );
  return lines.join('\n');
}

const STYLE = `body{font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#1a1a1a;margin:24px auto;max-width:1140px;padding:0 12px}
h1{font-size:24px}h2{font-size:19px;margin-top:28px;border-bottom:1px solid #ccc}h3{font-size:16px;margin-bottom:4px}
.verdict{font-size:17px;border-left:6px solid #b71c1c;padding:8px 12px;background:#fff5f5}.verdict.healthy{border-color:#1b5e20;background:#f3faf3}
table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}
.pass{color:#1b5e20}.fail{color:#b71c1c;font-weight:bold}.skip{color:#555}
.timeline{overflow-x:auto}figure{margin:0 24px 16px 0;display:inline-block;vertical-align:top}figure img{max-width:540px;border:1px solid #999}
figcaption{font-size:13px;color:#333}.customer{background:#f5f5f5;padding:10px 14px;border:1px dashed #777}
dl.incident{margin:0 0 12px}dl.incident dt{font-weight:bold;float:left;clear:left;width:210px}dl.incident dd{margin-left:220px;margin-bottom:4px}
@media print{.timeline{overflow:visible}figure img{max-width:45%}}`;

export function summaryHtml(note: CaseNote): string {
  const incidents = groupIncidents(note.analysis);
  const row = (cells: string[], tag = 'td') => `<tr>${cells.map((cell) => `<${tag}>${escapeXml(cell)}</${tag}>`).join('')}</tr>`;
  const healthy = note.outcome ? !note.outcome.reproduced && note.outcome.recovered : incidents.length === 0;
  const parts: string[] = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeXml(note.title)}</title><style>${STYLE}</style></head><body><main>`,
    `<h1>${escapeXml(note.title)}</h1>`,
    `<p class="verdict${healthy ? ' healthy' : ''}"><strong>Verdict:</strong> ${escapeXml(note.verdict)}</p>`,
  ];
  if (note.outcome) parts.push(`<p>Reproduced: <strong>${note.outcome.reproduced}</strong> · Recovered: <strong>${note.outcome.recovered}</strong></p>`);
  parts.push(`<h2>Timeline</h2><div class="timeline">${note.timelineSvg}</div>`);
  if (note.screenshots.length > 0) {
    parts.push(
      '<h2>What the agent saw</h2>',
      ...note.screenshots.map(
        (shot) => `<figure><img src="${shot.dataUri}" alt="${escapeXml(shot.caption)}"><figcaption>${escapeXml(shot.caption)}</figcaption></figure>`,
      ),
    );
  }
  parts.push(`<h2>Incidents (${incidents.length})</h2>`);
  if (note.serverLogs) parts.push(`<p>${escapeXml(note.serverLogs)}</p>`);
  if (incidents.length === 0) parts.push('<p>No known failure signature in the logs of this run.</p>');
  for (const incident of incidents) {
    const text = incidentText(incident, note);
    const items: [string, string][] = [
      ['When', text.when],
      ...(text.steps.length > 0 ? [['Diagnosis step', text.steps.join('; ')] as [string, string]] : []),
      ['A separate incident because', text.separatedBy],
      ['What the evidence shows', text.summary],
      ...text.related.map((related): [string, string] => ['Led to', related]),
      ['Cause', text.cause],
      ['Workaround', text.workaround],
    ];
    parts.push(
      `<section class="incident" aria-labelledby="incident-${incident.number}"><h3 id="incident-${incident.number}">${escapeXml(text.heading)}</h3><dl class="incident">${items.map(([name, value]) => `<dt>${escapeXml(name)}</dt><dd>${escapeXml(value)}</dd>`).join('')}</dl></section>`,
    );
  }
  parts.push(`<h2>For the customer</h2><p class="customer">${escapeXml(customerNote(incidents))}</p>`);
  if (note.checks) {
    parts.push(`<h2>Checks</h2><table>${row(['check', 'result', 'lab time', 'what was seen'], 'th')}`);
    parts.push(
      ...note.checks.map(
        (check) =>
          `<tr><td>${escapeXml(CHECK_TITLES[check.id])}</td><td class="${check.status}">${check.status}</td><td>${escapeXml(check.labTime ?? '')}</td><td>${escapeXml(check.detail)}</td></tr>`,
      ),
      '</table>',
    );
  }
  parts.push(`<h2>Environment</h2><table>${note.environment.map((cells) => row(cells)).join('')}</table>`);
  if (note.contents) parts.push(`<h2>Bundle contents</h2><ul>${note.contents.map((file) => `<li>${escapeXml(file)}</li>`).join('')}</ul>`);
  if (note.withheld && note.withheld.length > 0)
    parts.push(`<h2>Withheld</h2><ul>${note.withheld.map((item) => `<li>${escapeXml(item.file)}: ${escapeXml(item.reason)}</li>`).join('')}</ul>`);
  parts.push('</main></body></html>');
  return parts.join('\n');
}
