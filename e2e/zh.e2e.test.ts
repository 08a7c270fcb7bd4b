/**
 * The Chinese UI reads Chinese everywhere the user looks: library names and subtitles,
 * inspector options (cooling, climate, recompute), the Assumptions panel, money units,
 * a template opened by its Chinese name, and times in the Chinese format.
 * Screenshots: test-results/screenshots/zh-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  callApi,
  closeAppSession,
  dropFromPalette,
  openAppSession,
  rendererBuilt,
  screenshot,
  tid,
  type TestBrowser,
  type TestHost,
} from './harness';
import type { TemplateSummary } from '../core/api';

let host: TestHost;
let browser: TestBrowser;
let page: Page;
const built = rendererBuilt();

beforeAll(async () => {
  if (!built) return;
  ({ host, browser, page } = await openAppSession());
  await page.goto(host.appUrl);
  await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
  await page.selectOption(tid('locale-select'), 'zh-CN');
});
afterAll(() => closeAppSession({ host, browser }));

const options = (sel: string) => page.$$eval(`${sel} option`, (os) => os.map((o) => o.textContent ?? ''));

describe.skipIf(!built)('Chinese UI (Chromium, browser host)', () => {
  it('names library parts and their kinds in Chinese', async () => {
    expect(await page.textContent(tid('palette-group'))).toContain('机房 / 机列 / Pod / SU');
    const door = (await page.textContent(tid('palette-rdhx-50kw'))) ?? '';
    expect(door).toContain('主动式背板换热器 50 kW');
    expect(door).toContain('背板换热器 · 50 kW');
    expect(await page.textContent(tid('palette-atlas-800t-a2'))).toContain('华为 Atlas 800T A2（8 × 昇腾 910B）');
    expect(await page.textContent(tid('palette-atlas-800t-a2'))).toContain('8× 华为昇腾 910B · ');
  });

  it('offers cooling, climate and recompute options in Chinese, and the Assumptions panel reads Chinese', async () => {
    await page.click(tid('node-rack-a'), { position: { x: 20, y: 8 } });
    expect(await options(tid('insp-cooling'))).toEqual(['风冷', '背板换热', '冷板液冷', '浸没式液冷']);
    await page.keyboard.press('Escape');
    await page.click(`${tid('inspector-site')} .title`);
    expect(await options(tid('site-climate'))).toEqual(['寒冷', '温和', '炎热', '湿热']);
    const cities = await options(tid('site-city'));
    expect(cities).toContain('北京');
    expect(cities).toContain('贵阳（贵州枢纽）');
    expect(cities.every((c) => /[\u4e00-\u9fff]/.test(c))).toBe(true);
    const recompute = page.getByLabel('重计算');
    expect(await recompute.locator('option').allTextContents()).toEqual([
      '自动',
      '不重计算',
      '选择性重计算',
      '全量重计算',
    ]);
    await page.click(`${tid('inspector-assumptions')} .title`);
    const ups = (await page.textContent(tid('assumption-power.upsEfficiency'))) ?? '';
    expect(ups).toContain('UPS 效率');
    expect(ups).toContain('比例');
    expect(await page.textContent(tid('inspector-assumptions'))).toContain('供电与制冷');
    await page.locator(tid('inspector-assumptions')).scrollIntoViewIfNeeded();
    await screenshot(page, 'zh-assumptions');
  });

  it('writes money in 万/亿美元 (no "M USD" anywhere) and parts by their Chinese names in the results', async () => {
    await expect.poll(() => page.textContent(tid('kpi-capex'))).toMatch(/万美元$/);
    const results = (await page.textContent('.workspace > .bottom')) ?? '';
    expect(results).not.toContain('M USD');
    expect(results).toContain('64 × NVIDIA H100 SXM5 80GB');
  });

  it('opens a template under its Chinese name', async () => {
    const templates = await callApi<TemplateSummary[]>(host, 'listTemplates');
    const mixed = templates.find((x) => x.id === 'mixed-h100-ascend')!;
    const zhName = mixed.names?.['zh-CN'];
    expect(zhName).toMatch(/\p{Script=Han}/u);
    await page.click(tid('btn-templates'));
    expect(await page.textContent(tid('template-mixed-h100-ascend'))).toContain(zhName!);
    await page.click(tid('template-mixed-h100-ascend'));
    await expect.poll(() => page.textContent(tid('doc-title'))).toContain(zhName!);
    await page.waitForSelector(tid('kpi-it-power'));
    await screenshot(page, 'zh-template');
  });

  it('gives times in the Chinese format (24-hour, no AM/PM)', async () => {
    await dropFromPalette(page, 'rack', tid('canvas'), { x: 40, y: 40 });
    const status = page.locator(tid('statusbar'));
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/恢复副本已于 \d{1,2}:\d{2}:\d{2} 保存/);
    expect(await status.textContent()).not.toMatch(/AM|PM/);
  });
});
