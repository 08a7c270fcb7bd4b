/**
 * Cooling dropped from the library onto a rack serves that rack (and sits just above
 * it); dropped onto a group it serves everything in the group. A unit on the canvas dragged
 * onto another rack serves that rack instead, drawn with a dashed link to it (issue 22).
 * Screenshots: test-results/screenshots/cooling-attached.png, cooling-moved.png.
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

  it('a rear door dragged onto another rack serves that rack, with a dashed link to it', async () => {
    await page.click(tid('btn-templates'));
    await page.click(tid('template-sample'));
    await page.waitForSelector(tid('templates-dialog'), { state: 'detached' });
    const link = (unit: string, rack: string) => page.locator(`.react-flow__edge.serves[data-id="serves:${unit}:${rack}"]`);
    await expect.poll(() => link('rdhx-a', 'rack-a').count(), { timeout: 15_000 }).toBe(1);
    await page.click(tid('btn-fit'));
    await page.waitForTimeout(400);
    // Drag Rear door A by its name onto the middle of Rack B.
    const door = (await page.locator(`${tid('node-rdhx-a')} .nm`).boundingBox())!;
    const rackB = (await page.locator(tid('node-rack-b')).boundingBox())!;
    await page.mouse.move(door.x + 10, door.y + door.height / 2);
    await page.mouse.down();
    await page.mouse.move(rackB.x + rackB.width / 2, rackB.y + rackB.height / 2, { steps: 12 });
    await page.mouse.up();
    await expect.poll(() => link('rdhx-a', 'rack-b').count()).toBe(1);
    expect(await link('rdhx-a', 'rack-a').count()).toBe(0);
    // The link is drawn (a path with length), and the inspector ticks Rack B only.
    const d = await link('rdhx-a', 'rack-b').locator('path').first().getAttribute('d');
    expect(d?.length ?? 0).toBeGreaterThan(10);
    // It now sits just above Rack B: fit the view to bring it on screen, then select it.
    await page.click(tid('btn-fit'));
    await page.waitForTimeout(400);
    await page.locator(`${tid('node-rdhx-a')} .nm`).click();
    const served = page.locator(`${tid('insp-racks-served')} input[type="checkbox"]`);
    await expect.poll(() => served.count()).toBe(2);
    expect([await served.nth(0).isChecked(), await served.nth(1).isChecked()]).toEqual([false, true]);
    await screenshot(page, 'cooling-moved');
    // One undo puts it back on Rack A.
    await page.click(tid('btn-undo'));
    await expect.poll(() => link('rdhx-a', 'rack-a').count()).toBe(1);
  });
});
