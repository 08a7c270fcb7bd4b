/**
 * Every template opens legible at fit view (issue 22), in Chromium against the browser host
 * at 1440 x 900, in English and in Chinese: after *Fit view*,
 *   - no two sibling nodes' boxes overlap (the top level, inside each group, inside each rack),
 *     each box being the node and everything it draws (a fabric's detail lines included);
 *   - every cooling unit of a group lies inside its group's box, and is not covered by a rack;
 *   - every node's name is drawn (none vanished) at 9 px or more on screen, inside the canvas
 *     (0U PDU strips carry their name as a tooltip only);
 *   - no cable label lies over a piece of equipment or another cable label.
 * Screenshots: test-results/screenshots/template-fit-<id>.png and template-fit-<id>-zh-CN.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Design } from '../core/model/design';
import { TEMPLATES } from '../core/model/templates';
import { callApi, closeAppSession, openAppSession, rendererBuilt, screenshot, tid, type TestBrowser, type TestHost } from './harness';

let host: TestHost;
let browser: TestBrowser;
let page: Page;
const built = rendererBuilt();

beforeAll(async () => {
  if (built) ({ host, browser, page } = await openAppSession());
});
afterAll(() => closeAppSession({ host, browser }));

/** Smallest name size on screen, px. */
const MIN_LABEL_PX = 9;

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Measured {
  zoom: number;
  pane: Rect;
  nodes: Record<string, { box: Rect; own: Rect; label?: { text: string; px: number; rect: Rect } }>;
  cableLabels: Array<{ id: string; rect: Rect }>;
}

/** Boxes, names and cable labels as drawn (screen px). */
function measure(p: Page): Promise<Measured> {
  return p.evaluate(() => {
    const r = (e: Element) => {
      const b = e.getBoundingClientRect();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    };
    const m = /scale\(([\d.e-]+)\)/.exec(document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform);
    const zoom = Number(m?.[1] ?? 1);
    const nodes: Measured['nodes'] = {};
    for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node')) {
      const id = el.dataset.id!;
      const own = r(el);
      // The node and what it draws outside its box (not its handles, warning badge or resize grip).
      let x0 = own.x;
      let y0 = own.y;
      let x1 = own.x + own.w;
      let y1 = own.y + own.h;
      for (const c of el.querySelectorAll('*')) {
        if (c.closest('.react-flow__handle, .err-badge, .react-flow__resize-control')) continue;
        const b = c.getBoundingClientRect();
        if (b.width === 0 || b.height === 0) continue;
        const s = getComputedStyle(c);
        if (s.visibility === 'hidden' || s.display === 'none') continue;
        x0 = Math.min(x0, b.x);
        y0 = Math.min(y0, b.y);
        x1 = Math.max(x1, b.right);
        y1 = Math.max(y1, b.bottom);
      }
      const lab = el.querySelector<HTMLElement>('[data-label], .n-fabric > .nm');
      const label =
        lab && lab.getBoundingClientRect().width > 0
          ? { text: lab.textContent ?? '', px: parseFloat(getComputedStyle(lab).fontSize) * zoom, rect: r(lab) }
          : undefined;
      nodes[id] = { box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, own, label };
    }
    const cableLabels = [...document.querySelectorAll<HTMLElement>('.cable-label')].map((e) => ({ id: e.dataset.testid!, rect: r(e) }));
    return { zoom, pane: r(document.querySelector('.react-flow')!), nodes, cableLabels };
  });
}

/** Area shared by two rectangles, less half a pixel on each side (borders may touch). */
function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) - 1;
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) - 1;
  return w > 0 && h > 0 ? w * h : 0;
}
const inside = (a: Rect, b: Rect) => a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.w <= b.x + b.w + 1 && a.y + a.h <= b.y + b.h + 1;

/** Sibling sets: the parent (group, rack or '' for the top level) -> the ids drawn in it. */
function siblings(d: Design): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (parent: string | undefined, id: string) => out.set(parent ?? '', [...(out.get(parent ?? '') ?? []), id]);
  for (const g of d.groups) add(g.parentId, g.id);
  for (const r of d.racks) add(r.groupId, r.id);
  for (const f of d.fabrics) add(f.groupId, f.id);
  for (const list of [d.servers, d.switches, d.storage, d.pdus]) for (const e of list) add(e.rackId ?? e.groupId, e.id);
  for (const c of d.coolingUnits) add(c.groupId, c.id);
  return out;
}

describe.skipIf(!built)('templates at fit view (Chromium, browser host)', () => {
  const cases = [...TEMPLATES.map((t) => [t.id, 'en'] as const), ...TEMPLATES.map((t) => [t.id, 'zh-CN'] as const)];
  it.each(cases)('%s (%s): no overlaps, names at 9 px or more, cooling inside its unit', async (id, locale) => {
    await page.goto(host.appUrl);
    await page.waitForSelector(tid('kpi-it-power'), { timeout: 30_000 });
    if ((await page.inputValue(tid('locale-select'))) !== locale) await page.selectOption(tid('locale-select'), locale);
    await page.click(tid('btn-templates'));
    await page.click(tid(`template-${id}`));
    await page.waitForSelector(tid('templates-dialog'), { state: 'detached' });
    const design = await callApi<Design>(host, 'openTemplate', { id });
    const ids = [design.groups, design.racks, design.fabrics, design.servers, design.switches, design.storage, design.pdus, design.coolingUnits].flat().map((e) => e.id);
    await expect.poll(() => page.locator('.react-flow__node').count(), { timeout: 30_000 }).toBe(ids.length);
    await page.waitForSelector(tid('kpi-accelerators'));
    await page.click(tid('btn-fit'));
    await page.waitForTimeout(800);
    await screenshot(page, `template-fit-${id}${locale === 'en' ? '' : `-${locale}`}`);
    const m = await measure(page);

    // No two siblings overlap.
    const overlaps: string[] = [];
    for (const [parent, kids] of siblings(design)) {
      for (let i = 0; i < kids.length; i++) {
        for (let j = i + 1; j < kids.length; j++) {
          const a = m.nodes[kids[i]!]!;
          const b = m.nodes[kids[j]!]!;
          if (overlap(a.box, b.box) > 0) overlaps.push(`${parent || '(top)'}: ${kids[i]} x ${kids[j]}`);
        }
      }
    }
    expect(overlaps).toEqual([]);

    // Cooling units lie inside their group.
    for (const c of design.coolingUnits) {
      if (c.groupId) expect(inside(m.nodes[c.id]!.own, m.nodes[c.groupId]!.own), `${c.id} inside ${c.groupId}`).toBe(true);
    }

    // Every name drawn, on screen, at 9 px or more.
    const strips = new Set(design.pdus.filter((p) => p.rackId).map((p) => p.id));
    const small: string[] = [];
    for (const nid of ids) {
      if (strips.has(nid)) continue;
      const l = m.nodes[nid]!.label;
      if (!l || !l.text.trim()) small.push(`${nid}: no name drawn`);
      else if (l.px < MIN_LABEL_PX) small.push(`${nid}: "${l.text}" at ${l.px.toFixed(1)} px`);
      else if (!inside(l.rect, m.pane) && overlap(l.rect, m.pane) === 0) small.push(`${nid}: name off screen`);
    }
    expect(small).toEqual([]);

    // Cable labels are not over equipment, nor over each other.
    const equipment = [design.servers, design.switches, design.storage].flat().map((e) => e.id);
    expect(m.cableLabels.length).toBe(design.cables.length);
    m.cableLabels.forEach((c, i) => {
      for (const e of equipment) expect(overlap(c.rect, m.nodes[e]!.own), `${c.id} over ${e}`).toBe(0);
      for (const o of m.cableLabels.slice(i + 1)) expect(overlap(c.rect, o.rect), `${c.id} over ${o.id}`).toBe(0);
    });
  });
});
