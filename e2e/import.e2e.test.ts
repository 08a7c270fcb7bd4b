/**
 * Importing a design file in the browser host: File > Import… (a file picker) and a
 * `.cwb.json` dropped onto the canvas both save the design and open it; a malformed
 * file shows the host's error with its field path, and nothing is saved.
 * Screenshots: test-results/screenshots/import-*.png.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import type { DesignSummary } from '../core/api';

let host: TestHost;
let browser: TestBrowser;
let page: Page;
let dir: string;
const built = rendererBuilt();

beforeAll(async () => {
  if (!built) return;
  ({ host, browser, page } = await openAppSession());
  dir = mkdtempSync(join(tmpdir(), 'cwb-e2e-import-'));
  await page.goto(host.appUrl);
  await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
});
afterAll(async () => {
  await closeAppSession({ host, browser });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A design file built from the sample template, under a new id and name. */
async function designFile(name: string, edit?: (d: Record<string, unknown>) => void): Promise<string> {
  const templates = await callApi<Array<{ id: string }>>(host, 'listTemplates');
  const sample = templates.find((x) => /sample/i.test(x.id)) ?? templates[0];
  const design = await callApi<Record<string, unknown>>(host, 'openTemplate', { id: sample?.id });
  design.id = `import-${name.replace(/\W+/g, '-').toLowerCase()}`;
  design.name = name;
  edit?.(design);
  return JSON.stringify(design, null, 2);
}

/** Drop a file with this text onto the canvas, as the desktop does (a DataTransfer holding a File). */
async function dropFile(fileName: string, text: string): Promise<void> {
  const dt = await page.evaluateHandle(
    ([n, t]) => {
      const d = new DataTransfer();
      d.items.add(new File([t as string], n as string, { type: 'application/json' }));
      return d;
    },
    [fileName, text],
  );
  const box = await page.locator(tid('canvas')).boundingBox();
  if (!box) throw new Error('no canvas');
  const at = { clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 };
  await page.dispatchEvent(tid('canvas'), 'dragenter', { dataTransfer: dt, ...at });
  await page.dispatchEvent(tid('canvas'), 'dragover', { dataTransfer: dt, ...at });
  await page.dispatchEvent(tid('canvas'), 'drop', { dataTransfer: dt, ...at });
  await dt.dispose();
}

async function savedNames(): Promise<string[]> {
  return (await callApi<DesignSummary[]>(host, 'listDesigns')).map((d) => d.name);
}

describe.skipIf(!built)('import (Chromium, browser host)', () => {
  it('File > Import… picks a file, saves it and opens it', async () => {
    const path = join(dir, 'from-menu.cwb.json');
    writeFileSync(path, await designFile('Imported by menu'));
    await page.click(tid('btn-file'));
    await page.waitForSelector(tid('file-menu'));
    await screenshot(page, 'import-file-menu');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click(tid('menu-import'))]);
    await chooser.setFiles(path);
    await expect.poll(() => page.textContent(tid('doc-title'))).toContain('Imported by menu');
    expect(await savedNames()).toContain('Imported by menu');
    // Opened as saved: no unsaved-changes mark.
    expect(await page.locator(tid('dirty-mark')).count()).toBe(0);
  });

  it('a .cwb.json dropped onto the canvas is imported and opened', async () => {
    await dropFile('dropped.cwb.json', await designFile('Imported by drop'));
    await expect.poll(() => page.textContent(tid('doc-title'))).toContain('Imported by drop');
    expect(await savedNames()).toContain('Imported by drop');
    await page.waitForSelector(tid('kpi-it-power'));
    await screenshot(page, 'import-dropped');
  });

  it('a malformed file shows the field path and message the host gives, and saves nothing', async () => {
    const text = await designFile('Broken design', (d) => {
      const racks = d.racks as Array<Record<string, unknown>>;
      (racks[0] as Record<string, unknown>).powerBudgetW = -5;
    });
    // What the host itself says about this file.
    const direct = await fetch(`${host.url}api/importDesign`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
      body: JSON.stringify({ fileName: 'broken.cwb.json', text }),
    });
    expect(direct.status).toBe(400);
    const body = (await direct.json()) as { error: string; path: string };
    expect(body.path).toBe('file.racks[0].powerBudgetW');

    const before = await savedNames();
    await dropFile('broken.cwb.json', text);
    await page.waitForSelector(tid('import-error'));
    expect(await page.textContent(tid('import-error'))).toContain('broken.cwb.json');
    expect(await page.textContent(tid('import-error-path'))).toContain('file.racks[0].powerBudgetW');
    const shown = (await page.textContent(tid('import-error-message'))) ?? '';
    expect(body.error).toContain(shown.trim());
    expect(shown.trim().length).toBeGreaterThan(3);
    await screenshot(page, 'import-malformed');
    expect(await savedNames()).toEqual(before);
    // The open design is untouched.
    expect(await page.textContent(tid('doc-title'))).toContain('Imported by drop');
    await page.click(tid('import-error-close'));
    expect(await page.locator(tid('import-error')).count()).toBe(0);
  });

  it('a file that is not JSON, picked from the menu, says so on `file`', async () => {
    const path = join(dir, 'not-json.cwb.json');
    writeFileSync(path, '{ "schemaVersion": 1, oops');
    await page.click(tid('btn-file'));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click(tid('menu-import'))]);
    await chooser.setFiles(path);
    await page.waitForSelector(tid('import-error'));
    expect(await page.textContent(tid('import-error-path'))).toContain('file');
    expect(await page.textContent(tid('import-error-message'))).toMatch(/not JSON/);
    await page.keyboard.press('Escape');
    expect(await page.locator(tid('import-error')).count()).toBe(0);
  });
});
