/**
 * Nothing lost on reload: a committed edit reaches the recovery slot about a second
 * later; an edit made 2 s before a reload is offered back after it (restore or
 * discard); leaving with unsaved edits asks first (the browser's leave-page prompt),
 * leaving a saved design does not. Screenshots: test-results/screenshots/recovery-*.png.
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
import type { RecoverySnapshot } from '../core/api';

let host: TestHost;
let browser: TestBrowser;
let page: Page;
const built = rendererBuilt();
/** Types of the dialogs the page opened (the harness accepts them all). */
const dialogs: string[] = [];

beforeAll(async () => {
  if (!built) return;
  ({ host, browser, page } = await openAppSession());
  page.on('dialog', (d) => dialogs.push(d.type()));
  await openApp();
});
afterAll(() => closeAppSession({ host, browser }));

async function openApp(): Promise<void> {
  await page.goto(host.appUrl);
  await page.waitForSelector(tid('app'));
  await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
}

const racks = () => page.locator('[data-kind="rack"]').count();
const recovery = () => callApi<RecoverySnapshot | null>(host, 'getRecovery');

/** A committed edit: a rack dropped on an empty spot of the canvas (after a real click, so the page has a user gesture). */
async function addRack(): Promise<void> {
  const n = await racks();
  await page.click(tid('canvas'), { position: { x: 40, y: 40 } });
  await dropFromPalette(page, 'rack', tid('canvas'), { x: 60, y: 60 });
  await expect.poll(racks).toBe(n + 1);
}

async function reload(): Promise<void> {
  await page.reload();
  await page.waitForSelector(tid('app'));
  await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
}

describe.skipIf(!built)('recovery (Chromium, browser host)', () => {
  it('offers back an edit made 2 s before a reload, and restores it', async () => {
    const saved = await racks();
    expect(await recovery()).toBeNull();
    await addRack();
    await page.waitForTimeout(2000);
    // The slot holds the edit already (written about a second after it).
    const slot = await recovery();
    expect(slot).not.toBeNull();
    expect((slot!.document as { racks: unknown[] }).racks).toHaveLength(saved + 1);

    dialogs.length = 0;
    await reload();
    // Unsaved edits: leaving asked first.
    expect(dialogs).toContain('beforeunload');
    await page.waitForSelector(tid('recovery-offer'));
    expect(await racks()).toBe(saved);
    await screenshot(page, 'recovery-offer');
    await page.click(tid('recovery-restore'));
    await expect.poll(racks).toBe(saved + 1);
    expect(await page.locator(tid('recovery-offer')).count()).toBe(0);
    // Restored as unsaved edits on top of the saved design: marked, and one undo away from it.
    await expect.poll(() => page.locator(tid('dirty-mark')).count()).toBe(1);
    await page.click(tid('btn-undo'));
    await expect.poll(racks).toBe(saved);
    await page.click(tid('btn-redo'));
    await expect.poll(racks).toBe(saved + 1);
  });

  it('saving clears the slot, and leaving a saved design does not ask', async () => {
    await page.click(tid('btn-save'));
    await expect.poll(() => page.locator(tid('dirty-mark')).count()).toBe(0);
    await expect.poll(recovery).toBeNull();
    dialogs.length = 0;
    await reload();
    expect(dialogs).not.toContain('beforeunload');
    await page.waitForTimeout(500);
    expect(await page.locator(tid('recovery-offer')).count()).toBe(0);
  });

  it('discarding the offer drops the edit and clears the slot', async () => {
    const saved = await racks();
    await addRack();
    await page.waitForTimeout(2000);
    await reload();
    await page.waitForSelector(tid('recovery-offer'));
    await page.click(tid('recovery-discard'));
    expect(await page.locator(tid('recovery-offer')).count()).toBe(0);
    await expect.poll(recovery).toBeNull();
    expect(await racks()).toBe(saved);
    await reload();
    await page.waitForTimeout(500);
    expect(await page.locator(tid('recovery-offer')).count()).toBe(0);
  });

  it('offers back a new design that was never saved', async () => {
    await page.click(tid('btn-new'));
    await expect.poll(() => page.locator(tid('canvas-empty')).count()).toBe(1);
    await addRack();
    await page.waitForTimeout(2000);
    expect((await recovery())?.designId).toBeNull();
    await reload();
    await page.waitForSelector(tid('recovery-offer'));
    expect(await page.textContent(tid('recovery-offer'))).toContain('never saved');
    await page.click(tid('recovery-restore'));
    await expect.poll(racks).toBe(1);
    await expect.poll(() => page.locator(tid('dirty-mark')).count()).toBe(1);
    await screenshot(page, 'recovery-new-design-restored');
  });
});
