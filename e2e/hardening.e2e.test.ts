/**
 * A design whose evaluation outlasts the UI's time budget: the results say
 * "evaluation took too long" (in English and Chinese) and the workbench stays
 * usable: the language switches, and a new design is evaluated at once.
 * Screenshots: test-results/screenshots/hardening-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioToDesign } from '../core/model/scenario';
import { callApi, closeAppSession, openAppSession, rendererBuilt, ROOT, screenshot, tid, type TestBrowser, type TestHost } from './harness';

let host: TestHost;
let browser: TestBrowser;
let page: Page;
const built = rendererBuilt();

/** The mixed H100 + Ascend example at 10,000 layers, a 2^20 batch and 64x the pools: valid, and seconds to evaluate. */
function slowDesign() {
  const m = JSON.parse(readFileSync(join(ROOT, 'assets/examples/mixed-h100-ascend.json'), 'utf8'));
  return {
    ...scenarioToDesign({
      ...m,
      name: 'Slow mixed cluster',
      model: { ...m.model, layers: 10_000 },
      training: { ...m.training, globalBatch: 2 ** 20 },
      cluster: { ...m.cluster, pools: m.cluster.pools.map((p: { count: number }) => ({ ...p, count: p.count * 64 })) },
    }),
    id: 'slow',
  };
}

beforeAll(async () => {
  if (!built) return;
  ({ host, browser, page } = await openAppSession());
  await callApi(host, 'saveDesign', { design: slowDesign() });
  // The smallest budget a user may set (1 s): the slow design needs several.
  await callApi(host, 'setSetting', { key: 'engine.evaluationBudgetS', value: 1 });
});
afterAll(() => closeAppSession({ host, browser }));

describe.skipIf(!built)('a design that takes too long to evaluate', () => {
  it('shows "evaluation took too long" and the workbench stays usable', async () => {
    await page.goto(host.appUrl);
    await page.waitForSelector(tid('app'));
    expect(await page.title()).toBe('Slow mixed cluster — Cluster Workbench');
    await page.waitForSelector(tid('results-timeout'), { timeout: 30_000 });
    expect(await page.textContent(tid('results-timeout'))).toBe(
      'Evaluation took too long (more than 1 s) and was stopped. The workbench stays usable: edit the design to evaluate it again.',
    );
    await screenshot(page, 'hardening-01-timeout-en');

    // Usable: the language switches at once, and the notice follows it.
    await page.selectOption(tid('locale-select'), 'zh-CN');
    await expect.poll(() => page.textContent(tid('results-timeout'))).toBe('计算耗时过长（超过 1 秒），已停止。工作台仍可正常使用：修改设计后会重新计算。');
    await screenshot(page, 'hardening-02-timeout-zh-CN');
    await page.selectOption(tid('locale-select'), 'en');

    // A new design is evaluated by a fresh worker: the notice goes, results come.
    await page.click(tid('btn-new'));
    await page.waitForSelector(tid('results-timeout'), { state: 'detached', timeout: 15_000 });
    await page.waitForSelector(tid('kpi-it-power'), { timeout: 15_000 });
    await screenshot(page, 'hardening-03-usable');
    expect(browser.errors).toEqual([]);
  });
});
