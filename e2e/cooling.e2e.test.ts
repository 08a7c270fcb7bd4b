/**
 * Cooling dropped from the library onto a rack serves that rack (and sits just above
 * it); dropped onto a group it serves everything in the group.
 * Screenshot: test-results/screenshots/cooling-attached.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  closeAppSession,
  dropFromPalette,
  openAppSession,
  rendererBuilt,
  screenshot,
  tid,
  type TestBrowser,
  type TestHost,
} from './harness';

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

describe.skipIf(!built)('cooling attaches where it is dropped (Chromium, browser host)', () => {
  it('a rear door dropped onto a rack serves it; a room unit dropped onto a group serves the group', async () => {
    await page.click(tid('btn-new'));
    await expect.poll(() => page.locator(tid('canvas-empty')).count()).toBe(1);
    await dropFromPalette(page, 'group', tid('canvas'), { x: 120, y: 120 });
    await expect.poll(() => page.locator('[data-kind="group"]').count()).toBe(1);
    await dropFromPalette(page, 'rack', '[data-kind="group"]', { x: 60, y: 90 });
    await expect.poll(() => page.locator('[data-kind="rack"]').count()).toBe(1);

    await dropFromPalette(page, 'rdhx-50kw', '[data-kind="rack"]');
    await expect.poll(() => page.locator('[data-kind="coolingUnit"]').count()).toBe(1);
    // The new unit is selected: the inspector shows the rack ticked as served.
    const served = page.locator(`${tid('insp-racks-served')} input[type="checkbox"]`);
    await expect.poll(() => served.count()).toBe(1);
    expect(await served.first().isChecked()).toBe(true);
    // The rack took the rear door's cooling.
    await page.click('[data-kind="rack"]', { position: { x: 20, y: 8 } });
    await expect.poll(() => page.inputValue(tid('insp-cooling'))).toBe('rear-door');
    await screenshot(page, 'cooling-attached');

    // A room unit dropped on the group (beside the rack): it serves the whole group.
    const group = page.locator('[data-kind="group"]').first();
    const box = (await group.boundingBox())!;
    await dropFromPalette(page, 'crah-150kw', '[data-kind="group"]', { x: box.width - 40, y: box.height - 30 });
    await expect.poll(() => page.locator('[data-kind="coolingUnit"]').count()).toBe(2);
    const groupServed = page.getByLabel('Serves group (row / hall)');
    expect(await groupServed.inputValue()).not.toBe('');
    expect(await served.first().isChecked()).toBe(false);
  });
});
