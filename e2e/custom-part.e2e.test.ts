/**
 * Issue 8, custom parts: a custom server (4 accelerators, 3,000 W typical) is
 * created in the dialog from a catalog template — a bad field is refused inline
 * with its path — saved through the host, listed in the palette's Custom
 * section, still there after a page reload, and deleted again.
 * Screenshot: test-results/screenshots/custom-part-dialog.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  callApi,
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
});
