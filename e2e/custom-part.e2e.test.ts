/**
 * Issue 8, custom parts: a custom server (4 accelerators, 3,000 W typical) is
 * created in the dialog from a catalog template — a bad field is refused inline
 * with its path — saved through the host, listed in the palette's Custom
 * section, still there after a page reload, and deleted again. A custom accelerator
 * dropped into a rack opens a new server hosting it; once saved, that server sits in the rack.
 * Screenshot: test-results/screenshots/custom-part-dialog.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../core/catalog';
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

describe.skipIf(!built)('custom parts', () => {
  it('creates a custom server, lists it in the palette after a reload, deletes it', async () => {
    await page.goto(host.appUrl);
    await page.waitForSelector(tid('palette-custom'));
    await page.click(tid('palette-new-part'));
    await page.waitForSelector(tid('custom-part-dialog'));

    await page.fill(tid('custom-id'), 'e2e-box');
    await page.fill(tid('custom-name'), 'E2E Box');
    await page.fill(tid('custom-acceleratorsPerServer'), '4');
    await page.fill(tid('custom-maxPowerW'), '4200');
    await page.fill(tid('custom-typicalPowerW'), '3000');

    // Inline validation with the catalog schema: the field path and reason beside the field.
    await page.fill(tid('custom-heightU'), '0');
    const err = await page.textContent(tid('custom-heightU-error'));
    expect(err).toContain('part.heightU');
    expect(err).toContain('>= 1');
    expect(await page.isDisabled(tid('custom-save'))).toBe(true);
    await screenshot(page, 'custom-part-dialog');

    await page.fill(tid('custom-heightU'), '4');
    expect(await page.locator(tid('custom-heightU-error')).count()).toBe(0);
    await page.click(tid('custom-save'));
    await page.waitForSelector(tid('custom-part-dialog'), { state: 'detached' });

    const item = tid('palette-custom-e2e-box');
    await page.waitForSelector(item);
    expect(await page.textContent(item)).toContain('E2E Box');
    expect(await page.textContent(item)).toContain('4×');
    expect(await page.getAttribute(item, 'draggable')).toBe('true');

    const saved = await callApi<Array<Record<string, unknown>>>(host, 'listCustomParts');
    const part = saved.find((p) => p.id === 'e2e-box');
    expect(part).toMatchObject({ kind: 'server', acceleratorsPerServer: 4, typicalPowerW: 3000, heightU: 4 });

    await page.reload();
    await page.waitForSelector(item);
    expect(await page.textContent(item)).toContain('E2E Box');

    await page.click(tid('palette-edit-e2e-box'));
    await page.waitForSelector(tid('custom-part-dialog'));
    expect(await page.inputValue(tid('custom-typicalPowerW'))).toBe('3000');
    await page.click(tid('custom-delete'));
    await page.waitForSelector(item, { state: 'detached' });
    const after = await callApi<Array<Record<string, unknown>>>(host, 'listCustomParts');
    expect(after.some((p) => p.id === 'e2e-box')).toBe(false);
  });

  it('drops a custom accelerator into a rack: a server hosting it is described, saved and placed there', async () => {
    const chip = {
      ...structuredClone(DEFAULT_CATALOG.getOfKind('h100-sxm5-80gb', 'accelerator')!),
      id: 'e2e-chip',
      name: 'E2E Chip',
      source: 'user-defined',
    };
    delete (chip as { custom?: unknown }).custom;
    await callApi(host, 'saveCustomPart', { part: chip });
    await page.reload();
    await page.waitForSelector(tid('palette-custom-e2e-chip'));
    await page.click(tid('btn-new'));
    await dropFromPalette(page, 'rack', tid('canvas'));
    await expect.poll(() => page.locator('[data-kind="rack"]').count()).toBe(1);
    await dropFromPalette(page, 'custom-e2e-chip', '[data-kind="rack"]');
    await page.waitForSelector(tid('custom-host-hint'));
    // A new server, preset to host the chip.
    expect(await page.inputValue(tid('custom-acceleratorId'))).toBe('e2e-chip');
    expect(await page.inputValue(tid('custom-id'))).toBe('e2e-chip-server');
    await page.fill(tid('custom-acceleratorsPerServer'), '4');
    await page.fill(tid('custom-heightU'), '4');
    await screenshot(page, 'custom-part-host-dialog');
    await page.click(tid('custom-save'));
    await page.waitForSelector(tid('custom-part-dialog'), { state: 'detached' });
    await expect.poll(() => page.locator('[data-kind="server"]').count()).toBe(1);
    await expect.poll(() => page.getAttribute(tid('kpi-accelerators'), 'data-value')).toBe('4');
    const rackId = (await page.locator('[data-kind="rack"]').first().getAttribute('data-testid'))!.replace('node-', '');
    await expect.poll(() => page.textContent(tid(`rack-usage-${rackId}`))).toBe('4/42U');
  });
});
