/**
 * The case note as a TAC engineer opens it: summary.html and timeline.svg rendered in Chromium,
 * from a file URL with no server. Fails on any two text boxes of the timeline that intersect, on
 * text smaller than 10 px, on serious accessibility violations (axe-core), on a screenshot that
 * is not inline, and on one failure told twice. Case notes are made with the current code from
 * recorded inputs: two diagnoses (tests/browser/recorded-runs, copied from real bundles), every
 * failure mode run on the mock lab over HTTP, and a customer's DevTools HAR of the defect alone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startLab } from '../../mock/lab.ts';
import { analyzeInputs } from '../../src/analyzer/analyze.ts';
import { groupIncidents } from '../../src/analyzer/incidents.ts';
import { caseNoteOfAnalysis, caseNoteOfBundle, summaryHtml, type CaseNote } from '../../src/evidence/summary.ts';
import { marksFromEvents } from '../../src/evidence/timeline.ts';
import { FAILURE_MODES, runFailureMode } from '../../src/faults/failure-modes.ts';
import { harDocument } from '../unit/har-documents.ts';
import { defect } from '../unit/har-stories.ts';

const RECORDED = path.join(import.meta.dirname, 'recorded-runs');
const PASSWORD = 'legibility-check-password';

/** Every pair of text boxes in the page's SVGs that intersect, and every text under 10 px as rendered. */
async function measure(page: Page): Promise<{ overlaps: string[]; small: string[] }> {
  return page.evaluate(() => {
    const texts = [...document.querySelectorAll('svg text')] as SVGTextElement[];
    const boxes = texts.map((text) => ({ text: text.textContent ?? '', box: text.getBoundingClientRect() }));
    const overlaps: string[] = [];
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = boxes[i]!.box;
        const b = boxes[j]!.box;
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
          overlaps.push(`"${boxes[i]!.text}" × "${boxes[j]!.text}"`);
      }
    }
    const small: string[] = [];
    for (const text of texts) {
      const px = parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 1);
      if (px < 10) small.push(`${text.textContent} (${px.toFixed(1)} px)`);
    }
    const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || element.closest('svg') || !node.textContent?.trim()) continue;
      const px = parseFloat(getComputedStyle(element).fontSize);
      if (px < 10) small.push(`${node.textContent.trim().slice(0, 40)} (${px} px)`);
    }
    return { overlaps, small };
  });
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`);
}

/** Writes the note's page and its SVG alone, opens each from a file URL, and checks both. */
async function expectLegible(page: Page, note: CaseNote, folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const html = path.join(folder, 'summary.html');
  const svg = path.join(folder, 'timeline.svg');
  writeFileSync(html, summaryHtml(note));
  writeFileSync(svg, note.timelineSvg);
  // No network: anything the page fetches from outside its own file would fail here.
  await page.route(/^(?!file:|data:)/, (route) => route.abort());
  for (const file of [html, svg]) {
    await page.goto(pathToFileURL(file).href);
    const { overlaps, small } = await measure(page);
    expect.soft(overlaps, `${path.basename(file)}: intersecting labels`).toEqual([]);
    expect.soft(small, `${path.basename(file)}: text under 10 px`).toEqual([]);
  }
  await page.goto(pathToFileURL(html).href);
  expect.soft(await seriousViolations(page), 'serious accessibility violations').toEqual([]);
  await expect(page.getByRole('img', { name: /timeline|diagnosis|failure mode|analysis/i }).first()).toBeVisible();
}

/** One finding heads each incident; the cause paragraph of a signature is told in full once. */
function expectOneFindingPerIncident(note: CaseNote): void {
  const incidents = groupIncidents(note.analysis);
  expect(incidents.reduce((sum, incident) => sum + 1 + incident.related.length, 0)).toBe(note.analysis.findings.length);
  const html = summaryHtml(note);
  for (const finding of new Set(note.analysis.findings.map((each) => each.cause)))
    expect(html.split(finding.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)).length - 1).toBeLessThanOrEqual(1);
}

test.describe('the case note is legible in Chromium', () => {
  test('default diagnosis: no label overlaps, banner and sign-out inline, one finding per incident', async ({ page }, testInfo) => {
    const note = caseNoteOfBundle(path.join(RECORDED, 'affected'));
    expect(note.screenshots.map((shot) => shot.file)).toEqual(['03-banner.png', '04-signed-out.png']);
    expect(groupIncidents(note.analysis)).toHaveLength(2);
    expectOneFindingPerIncident(note);
    await expectLegible(page, note, testInfo.outputPath());
    const images = page.getByRole('figure').getByRole('img');
    await expect(images).toHaveCount(2);
    for (const image of await images.all()) expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await expect(page.getByRole('heading', { name: /^Incident 2:/ })).toBeVisible();
    await expect(page.getByText('Same cause as incident 1.')).toBeVisible();
  });

  test('fixed profile: legible, and no incident where nothing failed', async ({ page }, testInfo) => {
    const note = caseNoteOfBundle(path.join(RECORDED, 'fixed'));
    expect(groupIncidents(note.analysis)).toHaveLength(0);
    await expectLegible(page, note, testInfo.outputPath());
    await expect(page.getByRole('heading', { name: 'Incidents (0)' })).toBeVisible();
  });

  test('a HAR alone: legible, the cached answer and the sign-out told as one incident', async ({ page }, testInfo) => {
    const har = path.join(testInfo.outputPath(), 'affected.har');
    mkdirSync(path.dirname(har), { recursive: true });
    writeFileSync(har, harDocument('chrome', defect({ fromCache: 'disk' })));
    const note = caseNoteOfAnalysis('Analysis of affected.har', await analyzeInputs([har]), [['Input', 'affected.har']]);
    expect(groupIncidents(note.analysis).map((incident) => incident.finding.signature)).toContain('refresh-token-mismatch');
    expectOneFindingPerIncident(note);
    await expectLegible(page, note, testInfo.outputPath('note'));
  });

  for (const mode of FAILURE_MODES) {
    test(`failure mode ${mode.id}: legible, one finding per incident`, async ({ page }, testInfo) => {
      const lab = await startLab({ agentPassword: PASSWORD });
      try {
        await runFailureMode(mode, { lab, password: PASSWORD, userId: 'agent001' });
        const analysis = await analyzeInputs([lab.logs.root]);
        const note = caseNoteOfAnalysis(`Failure mode ${mode.id}`, analysis, [['Failure mode', mode.title]], marksFromEvents(lab.events.list()));
        expectOneFindingPerIncident(note);
        await expectLegible(page, note, testInfo.outputPath());
      } finally {
        await lab.stop();
      }
    });
  }
});
