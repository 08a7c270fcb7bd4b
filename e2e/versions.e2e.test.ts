/**
 * File > Versions… in the browser host: after two saves the dialog lists both
 * versions (time, note, size); two versions compare side by side (key figures and
 * the fields that changed); version 1 is restored (it becomes version 3 and is
 * what the canvas shows). Screenshots: test-results/screenshots/versions-*.png.
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
import type { DesignSummary, StoredDesign, VersionSummary } from '../core/api';
import { DEFAULT_CATALOG } from '../core/catalog';

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

const accelerators = async () => Number(await page.getAttribute(tid('kpi-accelerators'), 'data-value'));

async function designId(name: string): Promise<string> {
  const d = (await callApi<DesignSummary[]>(host, 'listDesigns')).find((x) => x.name === name);
  if (!d) throw new Error(`no saved design ${name}`);
  return d.id;
}

describe.skipIf(!built)('versions (Chromium, browser host)', () => {
  // A DGX H100 holds 8 H100 GPUs (NVIDIA DGX H100 datasheet); the catalog says the same.
  const perServer = DEFAULT_CATALOG.getOfKind('dgx-h100', 'server')!.acceleratorsPerServer;
  let id = '';

  it('lists each saved version with its time, note and size', async () => {
    expect(perServer).toBe(8);
    await page.click(tid('btn-new'));
    await expect.poll(() => page.locator(tid('canvas-empty')).count()).toBe(1);
    await dropFromPalette(page, 'rack', tid('canvas'));
    await expect.poll(() => page.locator('[data-kind="rack"]').count()).toBe(1);
    await dropFromPalette(page, 'dgx-h100', '[data-kind="rack"]');
    await expect.poll(accelerators, { timeout: 15_000 }).toBe(8);
    // First save: version 1 (one server).
    await page.click(tid('btn-save-as'));
    await page.fill(tid('save-as-name'), 'Versions e2e');
    await page.click(tid('save-as-confirm'));
    await expect.poll(() => page.locator(tid('dirty-mark')).count()).toBe(0);
    // Second save: version 2 (two servers).
    await dropFromPalette(page, 'dgx-h100', '[data-kind="rack"]');
    await expect.poll(accelerators, { timeout: 15_000 }).toBe(16);
    await page.click(tid('btn-save'));
    await expect.poll(() => page.locator(tid('dirty-mark')).count()).toBe(0);
    id = await designId('Versions e2e');

    await page.click(tid('btn-file'));
    await page.click(tid('menu-versions'));
    await page.waitForSelector(tid('versions-list'));
    await expect.poll(() => page.locator('[data-testid^="version-row-"]').count()).toBe(2);
    const stored = await callApi<VersionSummary[]>(host, 'listVersions', { id });
    expect(stored.map((v) => v.version)).toEqual([2, 1]);
    for (const v of stored) {
      const row = (await page.textContent(tid(`version-row-${v.version}`))) ?? '';
      expect(row).toContain(new Date(v.savedAt).toLocaleString('en'));
      // The size shown is the saved document's (bytes below 1 KiB, else KiB to one decimal).
      const b = v.bytes!;
      expect(row).toContain(b < 1024 ? `${b.toLocaleString('en-US')} B` : `${(b / 1024).toFixed(1)} KB`);
    }
    // Version 2 holds one more server than version 1.
    expect(stored[0]!.bytes!).toBeGreaterThan(stored[1]!.bytes!);
    // The newest is current and cannot be restored onto itself.
    expect(await page.textContent(tid('version-row-2'))).toContain('current');
    expect(await page.isDisabled(tid('version-restore-2'))).toBe(true);
    await screenshot(page, 'versions-list');
  });

  it('compares two versions: key figures side by side and the fields that changed', async () => {
    await page.check(tid('version-pick-1'));
    await page.check(tid('version-pick-2'));
    await page.click(tid('versions-compare-run'));
    await page.waitForSelector(tid('versions-compare'));
    const acc = page.locator(`${tid('versions-figure-accelerators')} td[data-value]`);
    expect(await acc.nth(0).getAttribute('data-value')).toBe(String(perServer));
    expect(await acc.nth(1).getAttribute('data-value')).toBe(String(2 * perServer));
    // IT power of version 2 exceeds version 1's by at least one DGX H100's typical power.
    const it = page.locator(`${tid('versions-figure-itPower')} td[data-value]`);
    const [p1, p2] = [
      Number(await it.nth(0).getAttribute('data-value')),
      Number(await it.nth(1).getAttribute('data-value')),
    ];
    const dgx = DEFAULT_CATALOG.getOfKind('dgx-h100', 'server')!;
    expect(p2 - p1).toBeGreaterThanOrEqual(dgx.typicalPowerW / 1000 - 1e-9);
    // The one change: a server was added.
    const changes = page.locator(tid('versions-change'));
    const kinds = await changes.evaluateAll((rows) =>
      rows.map((r) => `${r.getAttribute('data-kind')} ${r.getAttribute('data-path')}`),
    );
    expect(kinds.filter((k) => k.startsWith('added servers['))).toHaveLength(1);
    expect(kinds.filter((k) => !k.startsWith('added servers['))).toEqual([]);
    await screenshot(page, 'versions-compare');
    await page.click(tid('versions-back'));
    await page.waitForSelector(tid('versions-list'));
  });

  it('restores version 1: it becomes version 3 and the canvas shows it', async () => {
    await page.click(tid('version-restore-1'));
    await expect.poll(accelerators, { timeout: 15_000 }).toBe(perServer);
    await expect.poll(() => page.locator('[data-kind="server"]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid^="version-row-"]').count()).toBe(3);
    const stored = await callApi<VersionSummary[]>(host, 'listVersions', { id });
    expect(stored[0]).toMatchObject({ version: 3, note: 'Restored version 1' });
    const v1 = await callApi<StoredDesign>(host, 'getVersion', { id, version: 1 });
    const v3 = await callApi<StoredDesign>(host, 'getVersion', { id, version: 3 });
    expect(v3.design).toEqual(v1.design);
    // Restored and saved: nothing unsaved.
    expect(await page.locator(tid('dirty-mark')).count()).toBe(0);
    await screenshot(page, 'versions-restored');
  });

  it('names a version', async () => {
    await page.click(tid('version-name-1'));
    await page.fill(tid('version-name-input'), 'Sent to the vendor');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent(tid('version-label-1'))).toBe('Sent to the vendor');
    const stored = await callApi<VersionSummary[]>(host, 'listVersions', { id });
    expect(stored.find((v) => v.version === 1)?.label).toBe('Sent to the vendor');
  });
});
