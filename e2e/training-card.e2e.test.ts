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
  it('the sample design: its training card says the software preset and the stage split the estimate used', async () => {
    await openTemplate('sample', 64);
    await page.waitForSelector(tid('res-training'), { timeout: 60_000 });
    // Llama 2 7B on 64 H100 in BF16, one pipeline stage of 32 layers on megatron-core: 61.1% MFU
    // (NeMo 24.09 Llama 3.1 8B BF16 on 8-128 H100 by the same FLOP convention: 61.8-62.7%, sample-mfu.test.ts)
    expect(await page.textContent(tid('res-software'))).toBe('Megatron-Core + FlashAttention + distributed optimizer');
    expect(await page.textContent(tid('res-stage-split'))).toBe('32 (balanced by the engine)');
    expect(await page.textContent(tid('res-training'))).toContain('61.1%');
    await page.locator(tid('res-training')).scrollIntoViewIfNeeded();
    await screenshot(page, 'training-card-sample');
  });
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
    // 1536 = 2^9 x 3 and 10,000 = 2^4 x 5^4: a data-parallel degree dividing both is at most 16, which would need
    // tp x pp = 625 (more than tp 8 x pp 32 layers allows). With uneven pipeline stages, tp 8 x pp 25 (32 layers over
    // 25 stages) gives dp = 10,000 / 200 = 50, the smallest dp the search offers (context parallelism only where the sequence needs it): the nearest multiples of 50 are 1500
    // and 1550 (30 and 31 x 50)
    await batch.fill('1536');
    await batch.press('Enter');
    await page.waitForSelector(tid('batch-suggestions'), { timeout: 60_000 });
    expect(await page.locator(tid('kpi-training-days')).count()).toBe(0);
    expect(await page.locator(tid('use-batch-1500')).count()).toBe(1);
    expect(await page.locator(tid('use-batch-1550')).count()).toBe(1);
    await screenshot(page, 'training-card-batch-suggestions');
    await page.click(tid('use-batch-1500'));
    await page.waitForSelector(tid('kpi-training-days'), { timeout: 60_000 });
  });
});
