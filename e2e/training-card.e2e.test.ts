/**
 * A template plus a preset model shows a training card: on the Ascend 10,000-card
 * and GB200 NVL72 templates (accelerator counts with odd factors, 10,000 = 2^4 x 5^4
 * and 576 = 2^6 x 9) a new workload gets a global batch that some automatic layout
 * runs, and picking a model preset keeps it runnable; a batch that fits no layout
 * offers the nearest ones that do. Screenshots: test-results/screenshots/training-card-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeAppSession, openAppSession, rendererBuilt, screenshot, tid, type TestBrowser, type TestHost } from './harness';

let host: TestHost;
let browser: TestBrowser;
let page: Page;

const built = rendererBuilt();

beforeAll(async () => {
  if (built) ({ host, browser, page } = await openAppSession());
});
afterAll(() => closeAppSession({ host, browser }));

async function openTemplate(id: string, accelerators: number): Promise<void> {
  await page.goto(host.appUrl);
  await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
  await page.click(tid('btn-templates'));
  await page.click(tid(`template-${id}`));
  await page.waitForSelector(tid('templates-dialog'), { state: 'detached' });
  await expect
    .poll(async () => Number(await page.getAttribute(tid('kpi-accelerators'), 'data-value')), { timeout: 30_000 })
    .toBe(accelerators);
}

async function addWorkloadWithPreset(preset: string): Promise<void> {
  const remove = page.locator(tid('remove-workload'));
  if (await remove.count()) await remove.click();
  await page.click(tid('add-workload'));
  await page.selectOption(tid('workload-preset'), preset);
}

describe.skipIf(!built)('template + preset model (Chromium, browser host)', () => {
  for (const [id, n, preset] of [
    ['ascend-910b-10k', 10_000, 'llama3-70b'],
    ['gb200-nvl72-su', 576, 'llama3-70b'],
    ['ascend-910b-10k', 10_000, 'llama3-8b'],
  ] as const) {
    it(`${id} + ${preset}: the training card shows`, async () => {
      await openTemplate(id, n);
      await addWorkloadWithPreset(preset);
      await page.waitForSelector(tid('kpi-training-days'), { timeout: 60_000 });
      await page.waitForSelector(tid('res-training'));
      expect(await page.locator(tid('batch-suggestions')).count()).toBe(0);
      await screenshot(page, `training-card-${id}-${preset}`);
    });
  }

  it('a batch no layout runs: the nearest batches are offered and one click restores the card', async () => {
    await openTemplate('ascend-910b-10k', 10_000);
    await addWorkloadWithPreset('llama3-8b');
    await page.waitForSelector(tid('kpi-training-days'), { timeout: 60_000 });
    const batch = page.locator(tid('workload-globalBatch'));
    // 1536 = 2^9 x 3: every data-parallel degree of Llama 3 8B on 10,000 cards is 10,000 / 2^k (k <= 4),
    // a multiple of 625; the nearest multiples are 1250 (2 x 625) and 1875 (3 x 625)
    await batch.fill('1536');
    await batch.press('Enter');
    await page.waitForSelector(tid('batch-suggestions'), { timeout: 60_000 });
    expect(await page.locator(tid('kpi-training-days')).count()).toBe(0);
    expect(await page.locator(tid('use-batch-1250')).count()).toBe(1);
    expect(await page.locator(tid('use-batch-1875')).count()).toBe(1);
    await screenshot(page, 'training-card-batch-suggestions');
    await page.click(tid('use-batch-1250'));
    await page.waitForSelector(tid('kpi-training-days'), { timeout: 60_000 });
  });
});
