/**
 * Cabling a server group to a switch (issue 22), in Chromium against the browser host: a rack
 * of 4 DGX H100 (one entity, quantity 4; 8 compute NIC ports of 400G each) and a QM9700 leaf.
 * One drag between their ports makes one link and offers to cable all 4 x 8 = 32 ports; until
 * it is taken the warnings list names the 31 uncabled ports; taking it makes the line 400G x32
 * and the warning goes; undo brings the single link back. A rack without a PDU is named in the
 * warnings list, in English and in Chinese.
 * Screenshots: test-results/screenshots/cabling-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DesignInput } from '../core/model/design';
import { callApi, closeAppSession, openAppSession, rendererBuilt, screenshot, tid, type TestBrowser, type TestHost } from './harness';

let host: TestHost;
let browser: TestBrowser;
let page: Page;
const built = rendererBuilt();

beforeAll(async () => {
  if (built) ({ host, browser, page } = await openAppSession());
});
afterAll(() => closeAppSession({ host, browser }));

const DESIGN: DesignInput = {
  schemaVersion: 2,
  id: 'cabling-e2e',
  name: 'Cabling e2e',
  racks: [
    { id: 'r', name: 'Rack A', position: { x: 40, y: 40 }, heightU: 48, powerBudgetW: 45_000, cooling: 'rear-door', count: 1 },
    { id: 'bare', name: 'Bare rack', position: { x: 300, y: 40 }, heightU: 48, powerBudgetW: 45_000, cooling: 'air', count: 1 },
  ],
  servers: [{ id: 'dgx', name: 'DGX block', partId: 'dgx-h100', rackId: 'r', slotU: 2, quantity: 4 }],
  switches: [
    { id: 'leaf', name: 'Leaf A', partId: 'qm9700', rackId: 'r', slotU: 40, role: 'leaf', quantity: 1 },
    { id: 'mgmt', name: 'Mgmt', partId: 'sn2201', rackId: 'bare', slotU: 40, role: 'management', quantity: 1 },
  ],
  pdus: [{ id: 'p', partId: 'pdu-rack-43kw', rackId: 'r', quantity: 2 }],
  coolingUnits: [{ id: 'rd', name: 'Rear door', partId: 'rdhx-50kw', rackIds: ['r'], quantity: 1, position: { x: 560, y: 40 } }],
};

async function center(sel: string): Promise<{ x: number; y: number }> {
  const b = (await page.locator(sel).first().boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

const warningTexts = () => page.locator(`${tid('warnings')} .warning-row .msg`).allTextContents();

describe.skipIf(!built)('cabling a server group (Chromium, browser host)', () => {
  it('one drag offers every compute port; taking it cables 32 and clears the uncabled warning', async () => {
    await callApi(host, 'saveDesign', { design: DESIGN });
    await page.goto(host.appUrl);
    await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
    await expect.poll(() => page.locator('[data-kind="server"]').count()).toBe(1);
    // Fit, then one step out, so both ports are well inside the pane (near its edge the canvas
    // auto-pans while connecting).
    await page.click(tid('btn-fit'));
    await page.waitForTimeout(300);
    await page.click('.react-flow__controls-zoomout');
    await page.waitForTimeout(400);
    // The bare rack holding a switch and no PDU is named.
    await page.click(tid('tab-warnings'));
    await expect.poll(warningTexts, { timeout: 15_000 }).toContain('rack "Bare rack" holds powered equipment but no PDU');

    const from = await center('[data-kind="server"] .react-flow__handle[data-handleid="net"]');
    const to = await center('[data-kind="switch"][data-testid="node-leaf"] .react-flow__handle[data-handleid="net"]');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2 + 40, (from.y + to.y) / 2, { steps: 8 });
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.locator('.cable-label').allTextContents()).toEqual(['400G']);
    // The offer: 4 servers x 8 ports.
    const offer = page.locator(tid('cable-all-ports'));
    await expect.poll(() => offer.count()).toBe(1);
    expect(await offer.textContent()).toBe('Cable all 32');
    expect(await page.locator(tid('notice-info')).textContent()).toContain('DGX block has 4 × 8 compute NIC ports: cable 32 of them to Leaf A?');
    // Until then, the engine counts 1 link: 31 ports uncabled, 400 / 32 = 12.5 Gb/s per GPU.
    await expect
      .poll(warningTexts, { timeout: 15_000 })
      .toContain('server "DGX block": 31 of 32 compute NIC ports uncabled; scale-out bandwidth 12.5 of 400 Gb/s per accelerator');
    await screenshot(page, 'cabling-01-offer');

    await offer.click();
    await expect.poll(() => page.locator('.cable-label').allTextContents()).toEqual(['400G ×32']);
    await expect.poll(async () => (await warningTexts()).some((t) => t.includes('uncabled')), { timeout: 15_000 }).toBe(false);
    await screenshot(page, 'cabling-02-all-cabled');

    await page.click(tid('btn-undo'));
    await expect.poll(() => page.locator('.cable-label').allTextContents()).toEqual(['400G']);
  });

  it('the warnings read Chinese in a Chinese UI', async () => {
    await page.selectOption(tid('locale-select'), 'zh-CN');
    await page.click(tid('tab-warnings'));
    await expect.poll(warningTexts, { timeout: 15_000 }).toContain('机柜“Bare rack”装有用电设备，但没有 PDU');
    await expect
      .poll(warningTexts, { timeout: 15_000 })
      .toContain('服务器“DGX block”：32 个计算网卡端口中有 31 个未连线；每卡横向扩展带宽为 12.5 Gb/s（全部连线为 400 Gb/s）');
    await screenshot(page, 'cabling-03-zh');
    await page.selectOption(tid('locale-select'), 'en');
  });
});
