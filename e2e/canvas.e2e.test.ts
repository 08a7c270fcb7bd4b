/**
 * Canvas editing end to end, in Chromium against the browser host (issue 8): a rack
 * dragged with the mouse moves by the mouse's distance over the zoom and one undo puts it
 * back; arrow keys nudge a selected rack, one undo entry per key press; a selected group is
 * resized from its corner grip, as one edit, never below its contents; the SuperPOD template's
 * generated fabric expands into drawn switches and cables (48 switches, as NVIDIA's reference
 * architecture for 4 SUs: 32 leaf + 16 spine) and undo brings the generated fabric back; the
 * mixed H100 + Ascend template shows its pipeline split by pool, in the colours its servers
 * carry on the canvas, and its warnings in Chinese when the UI is in Chinese.
 * Screenshots go to test-results/screenshots/canvas-*.png.
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

let host: TestHost;
let browser: TestBrowser;
let page: Page;
const built = rendererBuilt();

beforeAll(async () => {
  if (built) ({ host, browser, page } = await openAppSession());
});
afterAll(() => closeAppSession({ host, browser }));

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
    await dropFromPalette(page, 'rack', tid('canvas'), { x: 300, y: 200 });
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

  it('resizes a selected group from its corner as one edit, never below its contents', async () => {
    await page.click(tid('btn-new'));
    // Dropped near the top-left, so its corner is on screen and clear of the minimap.
    await dropFromPalette(page, 'group', tid('canvas'), { x: 30, y: 30 });
    await expect.poll(() => page.locator('[data-kind="group"]').count()).toBe(1);
    await page.waitForTimeout(300);
    const groupBox = async () => (await page.locator('.react-flow__node-group').first().boundingBox())!;
    const b0 = await groupBox();
    await page
      .locator('[data-kind="group"] .hdr')
      .first()
      .click({ position: { x: 5, y: 5 } });
    const grip = page.locator('[data-testid^="group-resize-"]');
    await expect.poll(() => grip.count()).toBe(1);
    const g = (await grip.boundingBox())!;
    const z = await zoom();
    await page.mouse.move(g.x + g.width / 2, g.y + g.height / 2);
    await page.mouse.down();
    await page.mouse.move(g.x + g.width / 2 + 120, g.y + g.height / 2 + 60, { steps: 8 });
    await page.mouse.up();
    // The group grew by the mouse distance (it was dropped at 520 x 420), give or take the grid.
    await expect.poll(async () => (await groupBox()).width - b0.width).toBeGreaterThan(120 - 10 * z);
    const b1 = await groupBox();
    expect(b1.width - b0.width).toBeLessThan(120 + 10 * z);
    expect(b1.height - b0.height).toBeGreaterThan(60 - 10 * z);
    expect(b1.height - b0.height).toBeLessThan(60 + 10 * z);
    // Its top-left stayed put.
    expect(Math.abs(b1.x - b0.x)).toBeLessThan(1);
    expect(Math.abs(b1.y - b0.y)).toBeLessThan(1);
    await screenshot(page, 'canvas-02-group-resized');
    // One undo entry.
    await page.click(tid('btn-undo'));
    await expect.poll(async () => Math.round((await groupBox()).width)).toBe(Math.round(b0.width));
    // Never below its minimum: dragging the grip far up-left stops at 320 x 200 flow px.
    await page
      .locator('[data-kind="group"] .hdr')
      .first()
      .click({ position: { x: 5, y: 5 } });
    const g2 = (await grip.boundingBox())!;
    await page.mouse.move(g2.x + g2.width / 2, g2.y + g2.height / 2);
    await page.mouse.down();
    await page.mouse.move(g2.x - 600, g2.y - 600, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await groupBox()).width / z)).toBe(320);
    expect(Math.round((await groupBox()).height / z)).toBe(200);
  });

  it('expands a generated fabric into drawn switches and cables; undo restores it', async () => {
    await page.goto(host.appUrl);
    await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
    // The previous test left unsaved edits: their recovery offer sits over the top of the canvas.
    const offer = page.locator(tid('recovery-discard'));
    if (await offer.isVisible()) await offer.click();
    await page.click(tid('btn-templates'));
    await page.click(tid('template-h100-superpod-1k'));
    await expect.poll(() => page.locator('[data-kind="fabric"]').count()).toBe(1);
    await page.waitForSelector(tid('kpi-accelerators'));
    await expect.poll(() => page.getAttribute(tid('kpi-accelerators'), 'data-value')).toBe('1024');
    const it0 = Number(await page.getAttribute(tid('kpi-it-power'), 'data-value'));
    await page.locator('[data-kind="fabric"]').first().click();
    await page.click(tid('insp-expand-fabric'));
    await page.waitForSelector(tid('expand-fabric-preview'));
    // Generated and drawn columns: 48 switches both (32 leaf + 16 spine), cables 2,048 both.
    const rows = await page.locator(`${tid('expand-fabric-compare')} tbody tr`).allTextContents();
    expect(rows[0]).toMatch(/Switches\s*48\s*48/);
    expect(rows[1]).toMatch(/Cables\s*2,048\s*2,048/);
    await screenshot(page, 'canvas-03-expand-fabric');
    await page.click(tid('expand-fabric-confirm'));
    await expect.poll(() => page.locator('[data-kind="fabric"]').count()).toBe(0);
    // Two switch entities (leaf x 32, spine x 16) and cable lines on the canvas.
    await expect.poll(() => page.locator('.react-flow__node-item[data-id^="fabric"]').count()).toBe(2);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBeGreaterThan(1);
    // IT power moves only by the optics (drawn cables: one transceiver per fibre end): under 2%.
    await expect.poll(async () => Number(await page.getAttribute(tid('kpi-it-power'), 'data-value'))).not.toBe(it0);
    const it1 = Number(await page.getAttribute(tid('kpi-it-power'), 'data-value'));
    expect(Math.abs(it1 - it0) / it0).toBeLessThan(0.02);
    await screenshot(page, 'canvas-04-fabric-expanded');
    await page.click(tid('btn-undo'));
    await expect.poll(() => page.locator('[data-kind="fabric"]').count()).toBe(1);
    await expect.poll(async () => Number(await page.getAttribute(tid('kpi-it-power'), 'data-value'))).toBe(it0);
  });

  it('colours a mixed design by pool, and shows the pipeline split across the pools', async () => {
    await page.goto(host.appUrl);
    await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
    await page.click(tid('btn-templates'));
    await page.click(tid('template-mixed-h100-ascend'));
    await page.waitForSelector(tid('mixed-split'), { timeout: 30_000 });
    // Every layer of Llama 3 70B (80) is in exactly one stage; both pools hold stages.
    const segs = await page.$$eval(`${tid('mixed-split')} .seg`, (els) =>
      els.map((e) => ({
        pool: e.getAttribute('data-pool'),
        layers: Number(e.textContent || 0),
        bg: (e as HTMLElement).style.background,
      })),
    );
    expect(new Set(segs.map((x) => x.pool))).toEqual(new Set(['h100', 'ascend']));
    // The engine picks the faster layout: a pipeline (segments = stages, their layers add up to
    // the model's 80) or whole replicas per pool (segments = pools, their shares add up to the
    // template's global batch).
    const layout = await page.getAttribute(tid('mixed-split'), 'data-layout');
    const template = await callApi<{ workload: { training: { globalBatch: number } } }>(host, 'openTemplate', {
      id: 'mixed-h100-ascend',
    });
    const total = segs.reduce((t, x) => t + x.layers, 0);
    expect(total).toBe(layout === 'pipeline' ? 80 : template.workload.training.globalBatch);
    // The canvas's servers carry the same two colours as the segments of their pool.
    const colours = await page.$$eval('[data-kind="server"][data-pool-colour]', (els) => [
      ...new Set(els.map((e) => e.getAttribute('data-pool-colour'))),
    ]);
    expect(colours.length).toBe(2);
    await page.locator(tid('mixed-split')).scrollIntoViewIfNeeded();
    await screenshot(page, 'canvas-05-mixed-split');

    // In Chinese, the engine's warnings read in Chinese too, with the pools' names and sizes.
    await page.selectOption(tid('locale-select'), 'zh-CN');
    await page.click(tid('tab-warnings'));
    const msg = page.locator(`${tid('warning-mixed-pools')} .msg`);
    await expect.poll(() => msg.textContent()).toContain('训练估算将模型切分到各资源池');
    expect(await msg.textContent()).toContain('h100: 512');
    await screenshot(page, 'canvas-06-warnings-zh');
    await page.selectOption(tid('locale-select'), 'en');
    await expect.poll(() => msg.textContent()).toContain('the training estimate splits the model across them');
    await page.click(tid('tab-results'));
  });
});
