/**
 * Issue 10 end to end: two designs saved through the API are picked in the
 * Compare dialog and shown side by side, with numbers and a best-value highlight.
 * Issue 2: a corrupt database moved aside at start-up is reported in a banner.
 * Screenshots: test-results/screenshots/compare-table.png, startup-notice.png.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  callApi,
  closeAppSession,
  launchBrowser,
  openAppSession,
  rendererBuilt,
  screenshot,
  startHost,
  tid,
  type TestBrowser,
  type TestHost,
} from './harness';
import type { Design } from '../core/model/design';
import type { SaveResult, TemplateSummary } from '../core/api';

let host: TestHost;
let browser: TestBrowser;
let page: Page;
const built = rendererBuilt();

beforeAll(async () => {
  if (built) ({ host, browser, page } = await openAppSession());
});
afterAll(() => closeAppSession({ host, browser }));

describe.skipIf(!built)('compare designs', () => {
  it('shows two saved designs side by side', async () => {
    const templates = await callApi<TemplateSummary[]>(host, 'listTemplates');
    const small = [...templates]
      .filter((x) => (x.accelerators ?? 0) > 0)
      .sort((a, b) => (a.accelerators ?? 0) - (b.accelerators ?? 0))
      .slice(0, 2);
    expect(small.length).toBe(2);
    const names = ['Compare A (small)', 'Compare B (larger)'];
    const ids: string[] = [];
    for (const [i, tpl] of small.entries()) {
      const d = await callApi<Design>(host, 'openTemplate', { id: tpl.id });
      const r = await callApi<SaveResult>(host, 'saveDesign', { design: { ...d, name: names[i] } });
      ids.push(r.id);
    }

    await page.goto(host.appUrl);
    await page.waitForSelector(tid('app'));
    await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
    await page.click(tid('btn-compare'));
    await page.waitForSelector(tid('compare-dialog'));
    for (const id of ids) await page.click(tid(`compare-pick-${id}`));
    await page.click(tid('compare-run'));
    await page.waitForSelector(tid('compare-table'), { timeout: 60_000 });

    const headers = await page.locator(tid('compare-col')).allTextContents();
    expect(headers).toHaveLength(2);
    expect(headers[0]).toContain(names[0]);
    expect(headers[1]).toContain(names[1]);

    // Accelerators as the templates list them, formatted with the locale.
    const acc = page.locator(`${tid('compare-row-accelerators')} td[data-value]`);
    const values = (await acc.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')))).map(Number);
    expect(values).toEqual(small.map((x) => x.accelerators));
    const text = await acc.nth(1).textContent();
    expect(text).toBe(new Intl.NumberFormat('en').format(small[1]!.accelerators!));
    // The larger design has the most peak compute: that cell is highlighted.
    if (small[1]!.accelerators! > small[0]!.accelerators!) {
      const best = await page.locator(`${tid('compare-row-peakBf16')} td[data-best="true"]`).count();
      expect(best).toBe(1);
    }
    // Facility power is a positive number for both.
    const fac = await page
      .locator(`${tid('compare-row-facilityPower')} td[data-value]`)
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    expect(fac.every((v) => v > 0)).toBe(true);

    await screenshot(page, 'compare-table');
    // Keys go to the dialog: Escape closes it.
    await page.keyboard.press('Escape');
    expect(await page.locator(tid('compare-dialog')).count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });
});

describe.skipIf(!built)('start-up notices', () => {
  it('shows that a corrupt database was moved aside, and can be dismissed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cwb-e2e-corrupt-'));
    writeFileSync(join(dataDir, 'workbench.db'), 'this is not a SQLite database'.repeat(100));
    const h = await startHost({ dataDir });
    const b = await launchBrowser({ viewport: { width: 1280, height: 800 } });
    try {
      await b.page.goto(h.appUrl);
      await b.page.waitForSelector(tid('startup-notices'), { timeout: 30_000 });
      const text = await b.page.textContent(tid('startup-notice-database-corrupt-moved'));
      expect(text).toContain('moved aside');
      expect(text).toContain(dataDir);
      await screenshot(b.page, 'startup-notice');
      await b.page.click(tid('startup-notices-dismiss'));
      expect(await b.page.locator(tid('startup-notices')).count()).toBe(0);
      // Dismissed notices stay dismissed after a reload in the same tab.
      await b.page.reload();
      await b.page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
      expect(await b.page.locator(tid('startup-notices')).count()).toBe(0);
    } finally {
      await b.close();
      await h.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!built)('View menu toggles', () => {
  it('hide and show the library, inspector and results panels', async () => {
    const h = await startHost();
    const b = await launchBrowser({ viewport: { width: 1280, height: 800 } });
    try {
      // Stand in for the Electron preload bridge: host calls go over HTTP, and the
      // menu listener is kept so the test can send menu commands like the menu does.
      await b.page.addInitScript(
        ({ url, token }) => {
          const w = window as unknown as { cwb: unknown; __menu?: (cmd: unknown) => void };
          const call = async (method: string, args: unknown) => {
            const res = await fetch(`${url}api/${method}`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
              body: JSON.stringify(args ?? {}),
            });
            const body = (await res.json()) as unknown;
            return res.ok ? { ok: true, value: body } : { ok: false, error: body };
          };
          w.cwb = {
            host: 'electron',
            invoke: call,
            openDesignFile: async () => ({ ok: true, value: null }),
            saveDesignFile: async () => ({ ok: true, value: { saved: false, fileName: '' } }),
            onMenuCommand: (cb: (cmd: unknown) => void) => {
              w.__menu = cb;
              return () => undefined;
            },
          };
        },
        { url: h.url, token: h.token },
      );
      const p = b.page;
      await p.goto(h.url);
      await p.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
      const menu = (command: string) =>
        p.evaluate((c) => (window as unknown as { __menu: (cmd: unknown) => void }).__menu({ command: c }), command);
      const visible = async () => ({
        palette: await p.locator(tid('palette')).count(),
        results: await p.locator(tid('kpi-it-power')).count(),
        inspector: await p.locator('.inspector').count(),
      });
      expect(await visible()).toEqual({ palette: 1, results: 1, inspector: 1 });
      await menu('togglePalette');
      await menu('toggleInspector');
      await menu('toggleResults');
      expect(await visible()).toEqual({ palette: 0, results: 0, inspector: 0 });
      // The canvas takes the freed space.
      const box = await p.locator('.canvas-wrap').boundingBox();
      expect(box!.width).toBeGreaterThan(1200);
      expect(box!.height).toBeGreaterThan(650);
      await screenshot(p, 'panels-hidden');
      await menu('toggleResults');
      expect(await visible()).toEqual({ palette: 0, results: 1, inspector: 0 });
      await menu('togglePalette');
      await menu('toggleInspector');
      expect(await visible()).toEqual({ palette: 1, results: 1, inspector: 1 });
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
      await h.close();
    }
  });
});
