/**
 * The step timeline in the results panel: the GPT-3 175B example (TP 8 x PP 8: eight stage rows)
 * and the mixed H100 + Ascend template (one row per stage of every pool, in the pool's colour).
 * Screenshots: test-results/screenshots/timeline-*.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../core/evaluate';
import type { MixedEstimate } from '../core/mixed';
import { scenarioToDesign } from '../core/model/scenario';
import { TEMPLATES } from '../core/model/templates';
import { callApi, closeAppSession, openAppSession, rendererBuilt, ROOT, SCREENSHOT_DIR, tid, type TestBrowser, type TestHost } from './harness';

let host: TestHost;
let browser: TestBrowser;
let page: Page;
const built = rendererBuilt();
const gpt3 = JSON.parse(readFileSync(join(ROOT, 'assets/examples/gpt3-175b-a100.json'), 'utf8'));

beforeAll(async () => {
  if (!built) return;
  ({ host, browser, page } = await openAppSession());
  // tall enough for the results panel to show the whole chart with its legend
  await page.setViewportSize({ width: 1440, height: 1600 });
  await callApi(host, 'saveDesign', { design: { ...scenarioToDesign(gpt3), id: 'gpt3' } });
});
afterAll(() => closeAppSession({ host, browser }));

async function shot(name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const el = page.locator(tid('timeline-section'));
  await el.scrollIntoViewIfNeeded();
  await el.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Drag the splitter above the bottom panel up, as a user would, to see the whole chart. */
async function tallBottomPanel(): Promise<void> {
  const r = (await page.locator('.resizer').boundingBox())!;
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width / 2, 300, { steps: 5 });
  await page.mouse.up();
}

async function openTimeline(): Promise<void> {
  await page.click(`${tid('timeline-section')} > summary`);
  await page.waitForSelector(tid('timeline-chart'), { timeout: 60_000 });
}

describe.skipIf(!built)('step timeline', () => {
  it('GPT-3 175B: one row per pipeline stage (pp 8), the critical path, zoom in and back', async () => {
    await page.goto(host.appUrl);
    await page.waitForSelector(tid('res-training'), { timeout: 60_000 });
    await tallBottomPanel();
    await openTimeline();
    const rows = page.locator(tid('timeline-row'));
    expect(await rows.count()).toBe(gpt3.training.parallelism.pp);
    expect(await page.locator(tid('timeline-critical')).count()).toBeGreaterThan(0);
    const rects = Number(await page.getAttribute(tid('timeline-chart'), 'data-rects'));
    expect(rects).toBeGreaterThan(8);
    expect(rects).toBeLessThanOrEqual(2500 + 4 * 8);
    expect(await page.textContent(tid('timeline-summary'))).toMatch(/Simulated step [\d.]+ s; closed-form estimate [\d.]+ s/);
    await shot('timeline-01-gpt3');
    const before = await page.textContent(tid('timeline-window'));
    await page.click(tid('timeline-zoom-in'));
    await page.click(tid('timeline-zoom-in'));
    await page.click(tid('timeline-zoom-in'));
    await expect.poll(() => page.textContent(tid('timeline-window'))).not.toBe(before);
    await shot('timeline-02-gpt3-zoomed');
    // the wheel zooms too
    const box = (await page.locator(tid('timeline-chart')).boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    const zoomed = await page.textContent(tid('timeline-window'));
    await page.mouse.wheel(0, -300);
    await expect.poll(() => page.textContent(tid('timeline-window'))).not.toBe(zoomed);
    await page.click(tid('timeline-fit'));
    await expect.poll(() => page.textContent(tid('timeline-window'))).toBe(before);
    expect(browser.errors).toEqual([]);
  });

  it('mixed template: a row per stage of every pool, strips in the two pools\' colours; Chinese', async () => {
    const template = TEMPLATES.find((t) => t.id === 'mixed-h100-ascend')!;
    const est = evaluate(template.build()).training as MixedEstimate;
    const stages = est.pools.reduce((n, p) => n + p.stages, 0);
    await page.click(tid('btn-templates'));
    await page.click(tid('template-mixed-h100-ascend'));
    await page.waitForSelector(tid('mixed-split'), { timeout: 60_000 });
    // the chart stays open across designs: the new design's timeline replaces the old one
    await expect.poll(() => page.locator(tid('timeline-row')).count(), { timeout: 60_000 }).toBe(stages);
    const strips = await page.$$eval(tid('timeline-pool-strip'), (els) => els.map((e) => e.getAttribute('fill')));
    expect(strips).toHaveLength(stages);
    expect(new Set(strips).size).toBe(2);
    await shot('timeline-03-mixed');
    await page.selectOption(tid('locale-select'), 'zh-CN');
    await expect.poll(() => page.textContent(tid('timeline-summary'))).toContain('模拟单步');
    expect(await page.textContent(`${tid('timeline-section')} > summary`)).toBe('单步时间线');
    await shot('timeline-04-mixed-zh-CN');
    await page.selectOption(tid('locale-select'), 'en');
    expect(browser.errors).toEqual([]);
  });
});
