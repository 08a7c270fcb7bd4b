/**
 * File > Export in the app (browser host, Chromium): the Export dialog opens from
 * the toolbar, exports the open design (with an unsaved rename) as HTML, CSV and
 * PDF, each downloaded under the design's name; a host that cannot print PDFs
 * shows a clear error in the dialog. Screenshots: test-results/screenshots/export-*.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { evaluate } from '../core/evaluate';
import type { Design } from '../core/model';
import { parseBomCsv } from '../core/report';
import { chromiumPrinter } from '../electron/serve';
import {
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

const built = rendererBuilt();
const NAME = 'Export e2e <cluster>';

let host: TestHost;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  if (built) ({ host, browser, page } = await openAppSession());
});
afterAll(() => closeAppSession({ host, browser }));

async function openApp(p: Page, url: string): Promise<void> {
  await p.goto(url);
  await p.waitForSelector(tid('app'));
  await p.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
}

async function exportAs(p: Page, format: string): Promise<Download> {
  await p.click(tid(`export-format-${format}`));
  const [download] = await Promise.all([
    p.waitForEvent('download', { timeout: 60_000 }),
    p.click(tid('export-confirm')),
  ]);
  return download;
}

/** The design the app holds, as the host stores it after Save (read back through the API). */
async function currentDesign(p: Page): Promise<Design> {
  return p.evaluate(async () => {
    const token = sessionStorage.getItem('cwb.token') ?? '';
    const call = async (method: string, args: unknown) => {
      const r = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(args),
      });
      return r.json() as Promise<unknown>;
    };
    const list = (await call('listDesigns', {})) as Array<{ id: string; name: string }>;
    const title = document.querySelector('[data-testid="doc-title"]')?.textContent ?? '';
    const hit = list.find((d) => title.startsWith(d.name)) ?? list[0];
    return ((await call('getDesign', { id: hit?.id })) as { design: Design }).design;
  });
}

describe.skipIf(!built)('File > Export', () => {
  it('exports the open design, unsaved rename included, as HTML, CSV and PDF downloads', async () => {
    await openApp(page, host.appUrl);
    const saved = await currentDesign(page);
    // An unsaved rename in the design inspector: the export follows the open document.
    await page.keyboard.press('Escape');
    await page.fill(tid('design-name'), NAME);
    await page.press(tid('design-name'), 'Enter');
    await expect.poll(async () => page.textContent(tid('doc-title'))).toContain(NAME);
    await page.waitForSelector(tid('dirty-mark'));

    await page.click(tid('btn-export'));
    await page.waitForSelector(tid('export-dialog'));
    await screenshot(page, 'export-dialog');

    // HTML: a self-contained page named after the design, with its name escaped.
    const html = await exportAs(page, 'html');
    expect(html.suggestedFilename()).toBe('Export e2e -cluster-.html');
    const htmlText = readFileSync((await html.path())!, 'utf8');
    expect(htmlText).toMatch(/^<!doctype html/i);
    expect(htmlText).toContain('Export e2e &lt;cluster&gt;');
    expect(htmlText).not.toMatch(/<script\b/i);
    await expect.poll(async () => page.textContent(tid('export-done'))).toContain('Export e2e -cluster-.html');
    await screenshot(page, 'export-dialog-done');

    // CSV: the rows are evaluate()'s bill of materials for the same design
    // (the saved one: the rename changes no part).
    const design = { ...saved, name: NAME };
    const csv = await exportAs(page, 'csv');
    expect(csv.suggestedFilename()).toBe('Export e2e -cluster-.csv');
    const rows = parseBomCsv(readFileSync((await csv.path())!, 'utf8'));
    const bom = evaluate(design).bom;
    expect(rows.map((r) => [r.partId, r.quantity, r.totalUsd])).toEqual(
      bom.map((b) => [b.partId, b.quantity, b.totalUsd]),
    );

    // PDF: printed on the host by Chromium.
    const pdf = await exportAs(page, 'pdf');
    expect(pdf.suggestedFilename()).toBe('Export e2e -cluster-.pdf');
    const pdfBytes = readFileSync((await pdf.path())!);
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(browser.errors.filter((e) => !/favicon/i.test(e))).toEqual([]);

    await page.click(tid('export-close'));
    await expect.poll(async () => page.locator(tid('export-dialog')).count()).toBe(0);
  });

  it('speaks Chinese with the UI, and the report language follows it', async () => {
    await page.selectOption(tid('locale-select'), 'zh-CN');
    await page.click(tid('btn-export'));
    const dlg = page.locator(tid('export-dialog'));
    await dlg.waitFor();
    expect(await dlg.getAttribute('aria-label')).toBe('导出');
    expect(await page.inputValue(tid('export-lang'))).toBe('zh-CN');
    expect(await page.textContent(tid('export-format-csv'))).toContain('物料清单');
    await screenshot(page, 'export-dialog-zh-CN');
    const html = await exportAs(page, 'html');
    const text = readFileSync((await html.path())!, 'utf8');
    expect(text).toMatch(/<html lang="zh-CN"/);
    await page.click(tid('export-close'));
    await page.selectOption(tid('locale-select'), 'en');
  });

  it('a host without Chromium refuses PDF with a clear error in the dialog', async () => {
    const noPdf = await startHost({ printPdf: chromiumPrinter({ CWB_CHROMIUM: '/nonexistent/chromium', PATH: '' }) });
    const b = await launchBrowser({ viewport: { width: 1280, height: 800 } });
    try {
      await openApp(b.page, noPdf.appUrl);
      await b.page.click(tid('btn-export'));
      await b.page.click(tid('export-format-pdf'));
      await b.page.click(tid('export-confirm'));
      const err = b.page.locator(tid('export-error'));
      await err.waitFor({ timeout: 30_000 });
      const text = (await err.textContent()) ?? '';
      expect(text).toMatch(/args\.format: PDF needs a Chromium/);
      expect(text).toMatch(/choose HTML/);
      await screenshot(b.page, 'export-dialog-error');
      // The dialog stays usable: HTML still exports.
      const html = await exportAs(b.page, 'html');
      expect(html.suggestedFilename()).toMatch(/\.html$/);
    } finally {
      await b.close();
      await noPdf.close();
    }
  });
});
