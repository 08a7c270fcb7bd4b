/**
 * Canvas editing end to end, in Chromium against the browser host (issue 8): a rack
 * dragged with the mouse moves by the mouse's distance over the zoom and one undo puts it
 * back; arrow keys nudge a selected rack, one undo entry per key press.
 * Screenshots go to test-results/screenshots/canvas-*.png.
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

let host: TestHost;
let browser: TestBrowser;
let page: Page;
const built = rendererBuilt();

beforeAll(async () => {
  if (built) ({ host, browser, page } = await openAppSession());
});
afterAll(() => closeAppSession({ host, browser }));

async function dropRack(x: number, y: number): Promise<void> {
  const dt = await page.evaluateHandle(() => new DataTransfer());
  await page.dispatchEvent(tid('palette-rack'), 'dragstart', { dataTransfer: dt });
  const box = (await page.locator(tid('canvas')).boundingBox())!;
  const at = { dataTransfer: dt, clientX: box.x + x, clientY: box.y + y };
  await page.locator(tid('canvas')).dispatchEvent('dragover', at);
  await page.locator(tid('canvas')).dispatchEvent('drop', at);
  await dt.dispose();
}

/** The rack's position in the document, as the inspector shows it. */
async function rackBox(): Promise<{ x: number; y: number }> {
  const b = (await page.locator('.react-flow__node-rack').first().boundingBox())!;
  return { x: b.x, y: b.y };
}

async function zoom(): Promise<number> {
  return page.evaluate(() => {
    const m = /scale\(([\d.]+)\)/.exec(document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform);
    return Number(m?.[1] ?? 1);
  });
}

describe.skipIf(!built)('canvas editing (Chromium, browser host)', () => {
  it('drags a rack with the mouse by the mouse distance; undo puts it back', async () => {
    await page.goto(host.appUrl);
    await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
    await page.click(tid('btn-new'));
    await dropRack(300, 200);
    await expect.poll(() => page.locator('[data-kind="rack"]').count()).toBe(1);
    await page.waitForTimeout(300);
    const z = await zoom();
    const before = await rackBox();
    const hdr = (await page.locator('[data-kind="rack"] .hdr .nm').first().boundingBox())!;
    await page.mouse.move(hdr.x + 5, hdr.y + 5);
    await page.mouse.down();
    await page.mouse.move(hdr.x + 85, hdr.y + 45, { steps: 10 });
    await page.mouse.up();
    // Snapped to the 8 px grid in flow space (the drop point was not on it): within 12 flow px
    // of the mouse distance, which is 80 x 40 screen px.
    const tol = 12 * z + 1;
    await expect.poll(async () => (await rackBox()).x - before.x).toBeGreaterThan(80 - tol);
    const after = await rackBox();
    expect(after.x - before.x).toBeLessThan(80 + tol);
    expect(after.y - before.y).toBeGreaterThan(40 - tol);
    expect(after.y - before.y).toBeLessThan(40 + tol);
    await screenshot(page, 'canvas-01-rack-dragged');
    await page.click(tid('btn-undo'));
    await expect.poll(async () => Math.round((await rackBox()).x)).toBe(Math.round(before.x));
    expect(Math.round((await rackBox()).y)).toBe(Math.round(before.y));
  });

  it('nudges a selected rack with the arrow keys, one undo entry per press', async () => {
    const before = await rackBox();
    await page.locator('[data-kind="rack"] .hdr .nm').first().click();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await rackBox()).x).toBeGreaterThan(before.x + 1);
    const moved = await rackBox();
    await page.click(tid('btn-undo'));
    await expect.poll(async () => (await rackBox()).x).toBeLessThan(moved.x - 0.5);
    await expect.poll(async () => (await rackBox()).x).toBeGreaterThan(before.x + 0.5);
  });
});
