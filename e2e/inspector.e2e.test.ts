/**
 * The inspector end to end: every field has a label linked to it; numbers outside
 * the engine's bounds and impossible manual parallel degrees are refused beside the
 * field with what is allowed (nothing applied); KPI cards stay readable at the
 * largest designs. Screenshots: test-results/screenshots/inspector-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  closeAppSession,
  openAppSession,
  rendererBuilt,
  screenshot,
  tid,
  type TestBrowser,
  type TestHost,
} from './harness';
import { BOUNDS } from '../core/model/bounds';

let host: TestHost;
let browser: TestBrowser;
let page: Page;
const built = rendererBuilt();

beforeAll(async () => {
  if (!built) return;
  ({ host, browser, page } = await openAppSession());
  await page.goto(host.appUrl);
  await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
});
afterAll(() => closeAppSession({ host, browser }));

async function selectRackA(): Promise<void> {
  await page.click(tid('node-rack-a'), { position: { x: 20, y: 8 } });
  await page.waitForSelector(tid('insp-count'));
}

/** Type a value into a field and commit it with Enter. */
async function commit(testId: string, value: string): Promise<void> {
  await page.fill(tid(testId), value);
  await page.press(tid(testId), 'Enter');
}

const accelerators = async () => Number(await page.getAttribute(tid('kpi-accelerators'), 'data-value'));

describe.skipIf(!built)('inspector (Chromium, browser host)', () => {
  it('links every label to its field', async () => {
    await selectRackA();
    const unlabelled = await page.$$eval('[data-testid="inspector"] input, [data-testid="inspector"] select', (els) =>
      els
        .filter((e) => {
          const el = e as HTMLInputElement;
          const named =
            (el.labels && el.labels.length > 0) || el.getAttribute('aria-labelledby') || el.getAttribute('aria-label');
          return !named;
        })
        .map((e) => e.outerHTML.slice(0, 120)),
    );
    expect(unlabelled).toEqual([]);
    // A click on a label focuses its field; the label finds the field.
    await page.getByText('Power budget (W)', { exact: true }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('insp-powerBudgetW');
    expect(await page.getByLabel('Count (replicas)').getAttribute('data-testid')).toBe('insp-count');
  });

  it('refuses a rack count of 1e9 with the allowed range, and keeps the count', async () => {
    const before = await accelerators();
    await commit('insp-count', '1e9');
    const err = page.locator(tid('insp-count-error'));
    await expect
      .poll(() => err.textContent())
      .toBe(`1,000,000,000 is outside the allowed range: 1 to ${BOUNDS.count.max.toLocaleString('en-US')}.`);
    expect(await page.getAttribute(tid('insp-count'), 'aria-invalid')).toBe('true');
    await page.waitForTimeout(300);
    expect(await accelerators()).toBe(before);
    await screenshot(page, 'inspector-count-refused');
    // Escape drops the draft.
    await page.press(tid('insp-count'), 'Escape');
    expect(await err.count()).toBe(0);
  });

  it('refuses manual TP 3 and TP 1000 with the values that work, and keeps the training card', async () => {
    await page.keyboard.press('Escape');
    await page.selectOption(tid('workload-parallelism-mode'), 'manual');
    await expect.poll(() => page.inputValue(tid('workload-tp'))).toBe('8');
    await page.waitForSelector(tid('kpi-training-days'));
    for (const tp of ['3', '1000']) {
      await commit('workload-tp', tp);
      const err = page.locator(tid('workload-tp-error'));
      // The sample trains a 32-head model on 64 accelerators: TP must divide both.
      await expect.poll(() => err.textContent()).toContain('it must divide the 32 attention heads');
      expect(await err.textContent()).toContain('Allowed: 1, 2, 4, 8, 16, 32.');
      expect(await err.textContent()).toContain(`TP ${Number(tp).toLocaleString('en-US')} is not possible here`);
    }
    await screenshot(page, 'inspector-tp-refused');
    // Nothing applied: the training estimate is still there, with TP 8.
    await page.press(tid('workload-tp'), 'Escape');
    expect(await page.locator(tid('kpi-training-days')).count()).toBe(1);
    // An allowed value is taken.
    await commit('workload-tp', '4');
    await expect.poll(() => page.locator(tid('workload-tp-error')).count()).toBe(0);
    await expect.poll(() => page.inputValue(tid('workload-tp'))).toBe('4');
    await page.waitForSelector(tid('kpi-training-days'));
  });

  it('keeps every KPI card readable on the largest design the bounds allow', async () => {
    await selectRackA();
    // Rack A holds 4 DGX H100 (32 accelerators): 2,500,000 racks put 10,000,000 servers'
    // worth of GPUs under one entity, the replication limit; rack B adds its own 32.
    await commit('insp-count', '2500000');
    await expect.poll(accelerators, { timeout: 30_000 }).toBe(2_500_000 * 32 + 32);
    const overflowing = await page.$$eval('.kpi .v', (els) =>
      els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent),
    );
    expect(overflowing).toEqual([]);
    // Big numbers step their unit up instead of growing digits.
    expect(await page.textContent(tid('kpi-it-power'))).toMatch(/GW$/);
    expect(await page.textContent(tid('kpi-peak'))).toMatch(/(EFLOPS|ZFLOPS)$/);
    await screenshot(page, 'inspector-kpis-huge');
    await page.selectOption(tid('locale-select'), 'zh-CN');
    await expect.poll(() => page.textContent(tid('kpi-capex'))).toMatch(/亿美元$/);
    const overflowingZh = await page.$$eval(
      '.kpi .v',
      (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length,
    );
    expect(overflowingZh).toBe(0);
    await screenshot(page, 'inspector-kpis-huge-zh');
    await page.selectOption(tid('locale-select'), 'en');
  });
});
