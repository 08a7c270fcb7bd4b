/**
 * The Facility card and the site's facility settings: on the GB200 NVL72 template a
 * city climate (Hohhot) gives month-by-month PUE; the card shows the one-line diagram
 * of the power chain; a 2N UPS redraws it; a negative battery time is refused at the
 * field (nothing applied); a UPS smaller than its load is named beside its field; a design
 * file with an unknown city or a negative battery time is refused naming the field, and
 * nothing saved changes.
 * The Power card gives the design-day peak beside the year's mean and the NVL72's compute
 * nameplate, with its NVLink switches, and all-in power.
 * Screenshots: test-results/screenshots/facility-*.png (the cards and the diagram alone).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callApi, closeAppSession, openAppSession, rendererBuilt, screenshot, SCREENSHOT_DIR, tid, type TestBrowser, type TestHost } from './harness';
import type { DesignSummary } from '../core/api';

let host: TestHost;
let browser: TestBrowser;
let page: Page;

const built = rendererBuilt();

beforeAll(async () => {
  if (built) ({ host, browser, page } = await openAppSession());
});
afterAll(() => closeAppSession({ host, browser }));

/** A screenshot of one element, the results panel made tall enough to show it whole. */
async function shoot(selector: string, name: string): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 2000 });
  await page.evaluate(() => document.querySelector<HTMLElement>('.workspace')?.style.setProperty('--bottom-h', '1700px'));
  await page.locator(selector).scrollIntoViewIfNeeded();
  await page.locator(selector).screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Drop a design file with this text onto the canvas (a DataTransfer holding a File), as the desktop does. */
async function dropFile(fileName: string, text: string): Promise<void> {
  const dt = await page.evaluateHandle(
    ([n, t]) => {
      const d = new DataTransfer();
      d.items.add(new File([t as string], n as string, { type: 'application/json' }));
      return d;
    },
    [fileName, text],
  );
  const box = await page.locator(tid('canvas')).boundingBox();
  if (!box) throw new Error('no canvas');
  const at = { clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 };
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(tid('canvas'), type, { dataTransfer: dt, ...at });
  await dt.dispose();
}

async function openSection(id: string): Promise<void> {
  const s = page.locator(tid(id));
  if ((await s.locator('.content').count()) === 0) await s.locator('.title').click();
}

describe.skipIf(!built)('Facility card (Chromium, browser host)', () => {
  it('renders for the NVL72 template in Hohhot with the one-line diagram and PUE by month', async () => {
    await page.goto(host.appUrl);
    await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
    await page.click(tid('btn-templates'));
    await page.click(tid('template-gb200-nvl72-su'));
    await page.waitForSelector(tid('templates-dialog'), { state: 'detached' });
    await expect.poll(async () => Number(await page.getAttribute(tid('kpi-accelerators'), 'data-value')), { timeout: 30_000 }).toBe(576);
    await page.click(tid('tab-results'));
    await page.waitForSelector(tid('res-facility'));
    // The climate label alone first.
    expect(await page.locator(tid('res-facility')).textContent()).toContain('Climate label');
    await openSection('inspector-site');
    await page.selectOption(tid('site-city'), 'hohhot');
    await expect.poll(() => page.locator(tid('res-facility')).textContent(), { timeout: 30_000 }).toContain('Hohhot');
    for (const box of ['utility', 'transformer', 'lv', 'generator', 'ups', 'battery', 'distribution', 'it', 'cooling']) {
      expect(await page.locator(tid(`one-line-${box}`)).count(), box).toBe(1);
    }
    expect(await page.locator(tid('one-line-ups')).textContent()).toMatch(/UPS\d+ × [\d,]+ kVA \(N\+1\)/);
    await page.waitForSelector(`${tid('facility-monthly-pue')} .recharts-bar-rectangle`);
    const card = await page.locator(tid('res-facility')).textContent();
    const pue = Number(/Annual PUE([\d.]+)/.exec(card ?? '')?.[1]);
    // Cold plates in a cold hub city: within China's 1.25 hub target.
    expect(pue).toBeGreaterThan(1);
    expect(pue).toBeLessThanOrEqual(1.25);
    // Plurals through i18n: one row of 8 racks reads "1 row", never "1 rows".
    expect(card).toMatch(/m² · 1 row$|m² · 1 row[^s]/);
    expect(card).not.toContain('1 rows');
    // Peak vs average, and the NVL72's all-in power beside its compute nameplate, in the Power card.
    const powerCard = (await page.locator(tid('res-power')).textContent()) ?? '';
    expect(powerCard).toMatch(/Facility power, year mean[\d.,]+ [Mk]W/);
    expect(powerCard).toMatch(/Facility power, design-day peak[\d.,]+ [Mk]W/);
    expect(powerCard).toContain('NVIDIA GB200 NVL72 rack, per system132 kW compute nameplate · 141 kW with its scale-up switches · 145 kW all-in (published)');
    // Every bar of the power breakdown keeps its label (none skipped for want of height).
    const bars = await page.locator(`${tid('chart-power')} .recharts-bar-rectangle`).count();
    expect(await page.locator(`${tid('chart-power')} .recharts-yAxis .recharts-cartesian-axis-tick`).count()).toBe(bars);
    await shoot(tid('res-power'), 'facility-power-card');
    await page.locator(tid('res-facility')).scrollIntoViewIfNeeded();
    await shoot(tid('res-facility'), 'facility-card');
    await shoot(tid('facility-one-line'), 'facility-one-line');
    await screenshot(page, 'facility-page');
  });

  it('redraws the diagram for a 2N UPS', async () => {
    await openSection('inspector-facility');
    await page.selectOption(tid('facility-upsTopology'), '2N');
    await expect.poll(() => page.locator(tid('one-line-ups')).textContent(), { timeout: 30_000 }).toMatch(/\(2N\)/);
    await shoot(tid('facility-one-line'), 'facility-one-line-2n');
  });

  it('refuses a negative battery time at the field, naming the range, and applies nothing', async () => {
    const f = page.locator(tid('facility-upsBatteryMinutes'));
    await f.fill('-5');
    await f.press('Enter');
    const err = page.locator(tid('facility-upsBatteryMinutes-error'));
    await err.waitFor();
    expect(await err.textContent()).toMatch(/0.*600/);
    await f.press('Escape');
    expect(await f.inputValue()).toBe('5');
  });

  it('names a UPS smaller than its load beside its field and in the card', async () => {
    const size = page.locator(tid('facility-upsModuleKVA'));
    await size.fill('500');
    await size.press('Enter');
    const n = page.locator(tid('facility-upsModules'));
    await n.fill('1');
    await n.press('Enter');
    const err = page.locator(tid('facility-upsModules-result-error'));
    await err.waitFor({ timeout: 30_000 });
    expect(await err.textContent()).toMatch(/^site\.facility\.upsModules: 1 x 500 kVA per side carries 500 kVA, smaller than the UPS load of [\d,]+ kVA/);
    expect(await page.locator(tid('facility-error')).count()).toBe(1);
    await screenshot(page, 'facility-ups-too-small');
    // Cleared: the error goes.
    await n.fill('');
    await n.press('Enter');
    await expect.poll(() => page.locator(tid('facility-upsModules-result-error')).count(), { timeout: 30_000 }).toBe(0);
  });

  it('a design file with an unknown city or a negative battery time is refused naming the field; nothing saved changes', async () => {
    const template = await callApi<Record<string, unknown>>(host, 'openTemplate', { id: 'gb200-nvl72-su' });
    const saved = async () => (await callApi<DesignSummary[]>(host, 'listDesigns')).map((d) => `${d.id}:${d.name}`).sort();
    const before = await saved();
    const title = await page.textContent(tid('doc-title'));
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['atlantis.cwb.json', { city: 'atlantis' }, 'file.site.city', /unknown city "atlantis"; known: beijing/],
      ['battery.cwb.json', { facility: { upsBatteryMinutes: -5 } }, 'file.site.facility.upsBatteryMinutes', /must be >= 0/],
    ];
    for (const [file, site, path, message] of cases) {
      const text = JSON.stringify({ ...template, id: `bad-${file}`, name: `Bad ${file}`, site: { ...(template.site as object), ...site } });
      await dropFile(file, text);
      await page.waitForSelector(tid('import-error'));
      expect(await page.textContent(tid('import-error-path'))).toContain(path);
      expect(await page.textContent(tid('import-error-message'))).toMatch(message);
      if (file === 'atlantis.cwb.json') await screenshot(page, 'facility-unknown-city');
      await page.click(tid('import-error-close'));
      expect(await page.locator(tid('import-error')).count()).toBe(0);
    }
    // Nothing saved is lost or added, and the open design is the one that was open.
    expect(await saved()).toEqual(before);
    expect(await page.textContent(tid('doc-title'))).toBe(title);
  });

  it('shows the card in Chinese', async () => {
    await page.selectOption(tid('locale-select'), 'zh-CN');
    await expect.poll(() => page.locator(tid('res-facility')).textContent()).toContain('单线图');
    // The CDU by its Chinese catalog name, one row as "1 列".
    const zh = (await page.locator(tid('res-facility')).textContent()) ?? '';
    expect(zh).toContain('列级冷量分配单元（CDU）1,350 kW');
    expect(zh).toContain('1 列');
    expect(await page.locator(tid('res-power')).textContent()).toContain('计算铭牌 132 kW · 含纵向扩展交换机 141 kW · 整柜全口径 145 kW（公开数据）');
    await shoot(tid('res-power'), 'facility-power-card-zh');
    await shoot(tid('res-facility'), 'facility-card-zh');
    await page.selectOption(tid('locale-select'), 'en');
  });
});
