/**
 * Canvas benchmarks in headless Chromium against the browser host (DESIGN.md budgets:
 * "a 10,000-accelerator template opens in under 2 s; dragging stays smooth (>= 30 fps)
 * with 2,000 nodes on screen").
 *
 * (a) Template open: the app is loaded (it opens its saved sample design) and left to
 *     settle; the templates gallery is opened; then, inside the page, the clock starts
 *     at the click on the "Ascend 910B cluster, 10,000 cards" card and stops at the
 *     first animation frame in which the gallery has closed, the canvas shows the
 *     template's nodes (none of the previous design's) and the results panel shows
 *     10,000 accelerators (engine evaluation in the worker included). The page is
 *     reloaded before each of the 3 runs; the median is reported.
 * (b) Drag: a design of 400 racks x 4 DGX H100 servers (2,000 canvas nodes) is saved
 *     through the HTTP API, so the app opens it at start and fits it in view; every
 *     node is checked to be rendered and on screen. One rack is dragged with the
 *     mouse (page.mouse, 2 px per move in screen space, paced at most 60 moves/s like
 *     a real mouse; each move waits for the page to take it; the drag stops after
 *     150 moves or 20 s) while the page records every requestAnimationFrame callback
 *     and the frames in which the dragged rack was drawn at a new position. Reported
 *     against 33.3 ms (30 fps): the mean rAF frame time, and the mean time between
 *     redraws of the dragged rack (what the user sees as smoothness: when the page is
 *     slow, frames keep coming between moves but the rack moves in few of them).
 *     Beside them: fps, 95th-percentile frame time, and the renderer main thread's
 *     CPU time per mouse move (CDP Performance ThreadTime), which does not depend on
 *     other load on the machine. The drag is checked to have moved the rack (React
 *     Flow marks it dragging, the drop commits a move and marks the design edited).
 *     The time for the drop to reach the screen and for a reload with the 2,000-node
 *     design are reported too, and the machine's load average.
 *
 * The renderer is built fresh with Vite into a temporary directory (the current
 * sources, without touching dist/renderer that e2e tests may be serving); if that
 * build fails, dist/renderer is used when it exists. CWB_BENCH_RENDERER=<dir>
 * serves an existing build instead. Headless Chromium runs with --disable-gpu
 * (software compositing): a desktop with a GPU draws faster.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { parseDesign } from '../core/model';
import type { Design, DesignInput } from '../core/model/design';
import { callApi, launchBrowser, rendererBuilt, ROOT, startHost } from '../e2e/harness';

type Figure = { name: string; value: number; unit: string; budget?: number };

const TEMPLATE_ID = 'ascend-910b-10k';
const TEMPLATE_ACCELERATORS = 10_000;
const OPEN_RUNS = 3;
const OPEN_BUDGET_MS = 2000;
/** 30 fps floor, as a ceiling on frame time. */
const FRAME_BUDGET_MS = 33.3;
const DRAG_MOVES = 150;
/** The drag stops early after this long (a slow canvas would otherwise take minutes). */
const DRAG_MAX_MS = 20_000;
const MOUSE_HZ = 60;

/** Parameters of the drag benchmark's design. */
export interface DragDesignParams {
  cols?: number;
  rows?: number;
  serversPerRack?: number;
}

/**
 * A fully drawn design of `cols x rows` racks, each with `serversPerRack` separate
 * DGX H100 servers (8U, quantity 1 each): racks x (1 + serversPerRack) canvas nodes.
 * Defaults: 40 x 10 racks x 4 servers = 2,000 nodes.
 */
export function buildDragDesign(p: DragDesignParams = {}): Design {
  const cols = p.cols ?? 40;
  const rows = p.rows ?? 10;
  const per = p.serversPerRack ?? 4;
  const racks: NonNullable<DesignInput['racks']> = [];
  const servers: NonNullable<DesignInput['servers']> = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const id = `r${r}-c${c}`;
      racks.push({ id, name: `Rack ${r + 1}.${c + 1}`, position: { x: c * 240, y: r * 600 }, heightU: 48, powerBudgetW: 45_000, cooling: 'air', count: 1 });
      for (let s = 0; s < per; s++) {
        servers.push({ id: `${id}-s${s}`, name: 'DGX H100', partId: 'dgx-h100', rackId: id, slotU: 2 + s * 8, quantity: 1 });
      }
    }
  }
  return parseDesign({
    schemaVersion: 2,
    id: 'bench-canvas-2000-nodes',
    name: `Canvas benchmark: ${racks.length} racks, ${servers.length} servers`,
    description: 'Every rack and server drawn (no replication), for the canvas drag benchmark.',
    site: { name: 'Bench site', climate: 'temperate', electricityUsdPerKWh: 0.08, gridKgCO2PerKWh: 0.55, waterUsdPerM3: 1, depreciationYears: 5 },
    groups: [],
    racks,
    servers,
    switches: [],
    storage: [],
    pdus: [],
    coolingUnits: [],
    cables: [],
    fabrics: [],
    assumptions: {},
  } satisfies DesignInput);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return 0;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return 0;
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tid = (id: string) => `[data-testid="${id}"]`;

/** Build the current renderer into a temporary directory; returns the directory and a cleanup. */
function buildRenderer(): { dir: string; cleanup: () => void; note: string } {
  const given = process.env.CWB_BENCH_RENDERER;
  if (given) return { dir: resolve(given), cleanup: () => undefined, note: `renderer from ${given}` };
  const out = mkdtempSync(join(tmpdir(), 'cwb-bench-renderer-'));
  try {
    execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return { dir: out, cleanup: () => rmSync(out, { recursive: true, force: true }), note: 'renderer built fresh from the current sources' };
  } catch (e) {
    rmSync(out, { recursive: true, force: true });
    if (rendererBuilt()) {
      const note = `vite build failed (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); using the existing dist/renderer`;
      return { dir: join(ROOT, 'dist', 'renderer'), cleanup: () => undefined, note };
    }
    throw e;
  }
}

/** Load the app and wait until it has opened a design and the engine has shown results. */
async function loadApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector(tid('app'));
  await page.waitForSelector(tid('kpi-accelerators'), { timeout: 60_000 });
  await page.waitForSelector('.react-flow__node', { timeout: 60_000 });
}

/** Wait until the number of rendered nodes stops changing (layout, fitView, virtualisation settled). */
async function settleNodes(page: Page, minCount: number, timeoutMs = 60_000): Promise<number> {
  const t0 = Date.now();
  let last = -1;
  let stable = 0;
  for (;;) {
    const n = await page.locator('.react-flow__node').count();
    if (n >= minCount && n === last) stable++;
    else stable = 0;
    if (stable >= 3) return n;
    if (Date.now() - t0 > timeoutMs) throw new Error(`canvas bench: ${n} nodes rendered after ${timeoutMs} ms (expected >= ${minCount})`);
    last = n;
    await sleep(250);
  }
}

interface OpenTiming {
  nodesMs: number;
  resultsMs: number;
  totalMs: number;
  nodes: number;
}

/** One timed template open, from the click on the card (page clock, frame resolution). */
async function timeTemplateOpen(page: Page): Promise<OpenTiming> {
  await page.click(tid('btn-templates'));
  await page.waitForSelector(tid(`template-${TEMPLATE_ID}`));
  await sleep(300);
  return page.evaluate(
    ({ templateId, accelerators }) =>
      new Promise<OpenTiming>((resolveTiming, reject) => {
        const oldIds = new Set([...document.querySelectorAll('.react-flow__node')].map((n) => n.getAttribute('data-id')));
        const card = document.querySelector<HTMLElement>(`[data-testid="template-${templateId}"]`);
        if (!card) return reject(new Error('template card missing'));
        let nodesMs: number | null = null;
        let resultsMs: number | null = null;
        const t0 = performance.now();
        const deadline = t0 + 60_000;
        const tick = () => {
          const now = performance.now();
          const nodes = [...document.querySelectorAll('.react-flow__node')];
          const dialogGone = !document.querySelector('[data-testid="templates-dialog"]');
          const shown = nodes.length > 0 && nodes.every((n) => !oldIds.has(n.getAttribute('data-id')));
          if (nodesMs === null && dialogGone && shown) nodesMs = now - t0;
          const kpi = document.querySelector('[data-testid="kpi-accelerators"]')?.getAttribute('data-value');
          if (resultsMs === null && Number(kpi) === accelerators) resultsMs = now - t0;
          if (nodesMs !== null && resultsMs !== null && shown && Number(kpi) === accelerators) {
            resolveTiming({ nodesMs, resultsMs, totalMs: now - t0, nodes: nodes.length });
            return;
          }
          if (now > deadline) return reject(new Error(`template not shown after 60 s (nodes ${String(nodesMs)}, results ${String(resultsMs)}, kpi ${String(kpi)})`));
          requestAnimationFrame(tick);
        };
        card.click();
        requestAnimationFrame(tick);
      }),
    { templateId: TEMPLATE_ID, accelerators: TEMPLATE_ACCELERATORS },
  );
}

interface DragStats {
  frames: number;
  durationMs: number;
  meanFrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  draggingFrames: number;
  /** Frames in which the dragged rack's position on screen changed, and the mean time between them. */
  updates: number;
  meanUpdateMs: number;
  /** Mouse moves sent during the drag. */
  moves: number;
  /** Renderer main-thread CPU time per mouse move (CDP Performance ThreadTime): independent of other load on the machine. */
  cpuPerMoveMs: number;
  /** Main-thread task wall time per move, and its script and layout+style parts. */
  taskPerMoveMs: number;
  scriptPerMoveMs: number;
  layoutStylePerMoveMs: number;
}

/** Drag one rack with the mouse in small paced steps while counting animation frames. */
async function dragRack(page: Page, rackId: string): Promise<{ stats: DragStats; commitMs: number }> {
  // A point on the rack's header that hits the rack node itself (not a server or a button).
  const start = await page.evaluate((id) => {
    const node = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`);
    const hdr = node?.querySelector<HTMLElement>('.hdr') ?? node;
    if (!node || !hdr) return null;
    const r = hdr.getBoundingClientRect();
    for (const fx of [0.25, 0.15, 0.4, 0.5]) {
      for (const fy of [0.5, 0.3, 0.7]) {
        const x = r.left + r.width * fx;
        const y = r.top + r.height * fy;
        const hit = document.elementFromPoint(x, y);
        const hitNode = hit?.closest('.react-flow__node');
        if (hitNode === node && !hit?.closest('button, .nodrag, .react-flow__handle')) return { x, y };
      }
    }
    return null;
  }, rackId);
  if (!start) throw new Error(`canvas bench: no grabbable point on rack ${rackId}`);
  // Where the rack is drawn: its transform while dragged, left/top at rest.
  const placementOf = () =>
    page.evaluate((id) => {
      const st = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)?.style;
      return st ? `${st.transform} ${st.left} ${st.top}` : '';
    }, rackId);
  const before = await placementOf();

  await page.evaluate((id) => {
    const w = window as unknown as { __benchFrames: number[]; __benchDragging: number; __benchUpdates: number[]; __benchRun: boolean };
    w.__benchFrames = [];
    w.__benchDragging = 0;
    w.__benchUpdates = [];
    w.__benchRun = true;
    let last: string | undefined;
    const tick = (t: number) => {
      if (!w.__benchRun) return;
      w.__benchFrames.push(t);
      const node = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`);
      if (node?.classList.contains('dragging')) w.__benchDragging++;
      const tr = node ? `${node.style.transform} ${node.style.left} ${node.style.top}` : undefined;
      if (last !== undefined && tr !== last) w.__benchUpdates.push(t);
      last = tr;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, rackId);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const interval = 1000 / MOUSE_HZ;
  let x = start.x;
  let y = start.y;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const m = (await cdp.send('Performance.getMetrics')).metrics;
    const get = (k: string) => m.find((e) => e.name === k)?.value ?? NaN;
    return { thread: get('ThreadTime'), task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), style: get('RecalcStyleDuration') };
  };
  const m0 = await metric();
  const dragStart = performance.now();
  let moves = 0;
  for (let i = 0; i < DRAG_MOVES && performance.now() - dragStart < DRAG_MAX_MS; i++) {
    moves++;
    const t = performance.now();
    // A path right, down, left, down: 2 px per move.
    const leg = Math.floor(i / (DRAG_MOVES / 4));
    if (leg === 0) x += 2;
    else if (leg === 1) y += 2;
    else if (leg === 2) x -= 2;
    else y += 2;
    await page.mouse.move(x, y);
    const left = interval - (performance.now() - t);
    if (left > 0) await sleep(left);
  }
  const stats = await page.evaluate(() => {
    const w = window as unknown as { __benchFrames: number[]; __benchDragging: number; __benchUpdates: number[]; __benchRun: boolean };
    w.__benchRun = false;
    return { frames: w.__benchFrames, dragging: w.__benchDragging, updates: w.__benchUpdates };
  });
  const m1 = await metric();
  await cdp.detach();
  // Drop, and time how long the committed move takes to reach the screen.
  const commitStart = Date.now();
  await page.mouse.up();
  await page.evaluate(
    (id) =>
      new Promise<void>((res) => {
        const check = () => {
          const n = document.querySelector(`.react-flow__node[data-id="${id}"]`);
          if (n && !n.classList.contains('dragging')) res();
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    rackId,
  );
  await page.evaluate(() => new Promise((res) => requestAnimationFrame(() => res(null))));
  const commitMs = Date.now() - commitStart;
  const after = await placementOf();
  if (after === before) throw new Error(`canvas bench: rack ${rackId} did not move (placement ${before})`);
  if ((await page.locator(tid('dirty-mark')).count()) !== 1) throw new Error('canvas bench: the drop did not mark the design as edited');

  const ts = stats.frames;
  const gaps = ts.slice(1).map((t, i) => t - ts[i]!);
  const durationMs = ts.length > 1 ? ts[ts.length - 1]! - ts[0]! : 0;
  // Frames in which the dragged rack was drawn somewhere new: the rate the user sees it follow the mouse.
  const updates = stats.updates;
  return {
    stats: {
      frames: ts.length,
      durationMs,
      meanFrameMs: gaps.length ? durationMs / gaps.length : Infinity,
      p95FrameMs: quantile(gaps, 0.95),
      maxFrameMs: gaps.length ? Math.max(...gaps) : 0,
      draggingFrames: stats.dragging,
      updates: updates.length,
      meanUpdateMs: updates.length > 1 ? (updates[updates.length - 1]! - updates[0]!) / (updates.length - 1) : Infinity,
      moves,
      cpuPerMoveMs: ((m1.thread - m0.thread) * 1000) / moves,
      taskPerMoveMs: ((m1.task - m0.task) * 1000) / moves,
      scriptPerMoveMs: ((m1.script - m0.script) * 1000) / moves,
      layoutStylePerMoveMs: ((m1.layout - m0.layout + m1.style - m0.style) * 1000) / moves,
    },
    commitMs,
  };
}

/** Nodes whose box intersects the visible canvas. */
async function nodesOnScreen(page: Page): Promise<{ rendered: number; visible: number }> {
  return page.evaluate(() => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    const nodes = [...document.querySelectorAll('.react-flow__node')];
    let visible = 0;
    for (const n of nodes) {
      const r = n.getBoundingClientRect();
      if (r.right > pane.left && r.left < pane.right && r.bottom > pane.top && r.top < pane.bottom && r.width > 0) visible++;
    }
    return { rendered: nodes.length, visible };
  });
}

export async function run(): Promise<Figure[]> {
  const renderer = buildRenderer();
  console.error(`canvas bench: ${renderer.note}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  const host = await startHost({ staticDir: renderer.dir });
  const browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
  const page = browser.page;
  page.on('dialog', (d) => void d.accept());
  // tsx (esbuild keepNames) wraps named functions in page.evaluate callbacks with __name().
  await browser.context.addInitScript('globalThis.__name = (f) => f;');
  const out: Figure[] = [];
  try {
    // (a) Template open, median of 3, page reloaded before each.
    const opens: OpenTiming[] = [];
    for (let i = 0; i < OPEN_RUNS; i++) {
      await loadApp(page, host.appUrl);
      await sleep(1000);
      opens.push(await timeTemplateOpen(page));
    }
    console.error(
      `canvas bench: template opens (nodes / results / total ms): ${opens.map((o) => `${o.nodesMs.toFixed(0)}/${o.resultsMs.toFixed(0)}/${o.totalMs.toFixed(0)}`).join(', ')}; ${opens[0]?.nodes} nodes`,
    );
    out.push({ name: `open 10,000-card template: nodes and results shown (median of ${OPEN_RUNS})`, value: median(opens.map((o) => o.totalMs)), unit: 'ms', budget: OPEN_BUDGET_MS });
    out.push({ name: 'open 10,000-card template: canvas nodes shown', value: median(opens.map((o) => o.nodesMs)), unit: 'ms' });
    out.push({ name: 'open 10,000-card template: results shown', value: median(opens.map((o) => o.resultsMs)), unit: 'ms' });

    // (b) Drag with 2,000 nodes on screen.
    const design = buildDragDesign();
    const expectedNodes = design.racks.length + design.servers.length;
    await callApi(host, 'saveDesign', { design });
    const t0 = Date.now();
    await loadApp(page, host.appUrl);
    const rendered = await settleNodes(page, expectedNodes);
    const openMs = Date.now() - t0;
    const onScreen = await nodesOnScreen(page);
    if (onScreen.visible < expectedNodes) {
      throw new Error(`canvas bench: only ${onScreen.visible} of ${expectedNodes} nodes on screen (${rendered} rendered)`);
    }
    await sleep(1000);
    const rackId = design.racks[Math.floor(design.racks.length / 2) + 20]!.id;
    const { stats, commitMs } = await dragRack(page, rackId);
    console.error(
      `canvas bench: drag ${stats.frames} frames in ${stats.durationMs.toFixed(0)} ms (${stats.draggingFrames} with the rack dragging), ${stats.moves} moves, ${stats.updates} redraws of the rack, max frame ${stats.maxFrameMs.toFixed(1)} ms; main thread per move: CPU ${stats.cpuPerMoveMs.toFixed(1)} ms, tasks ${stats.taskPerMoveMs.toFixed(1)} ms (script ${stats.scriptPerMoveMs.toFixed(1)}, layout+style ${stats.layoutStylePerMoveMs.toFixed(1)}); ${onScreen.visible} nodes on screen; page load to 2,000 nodes ${openMs} ms`,
    );
    if (stats.draggingFrames < stats.frames / 2) throw new Error(`canvas bench: the rack was dragging in only ${stats.draggingFrames} of ${stats.frames} frames`);
    out.push({ name: `drag a rack, ${onScreen.visible} nodes on screen: mean frame time`, value: stats.meanFrameMs, unit: 'ms', budget: FRAME_BUDGET_MS });
    out.push({ name: `drag a rack, ${onScreen.visible} nodes on screen: frame rate`, value: 1000 / stats.meanFrameMs, unit: 'fps' });
    out.push({ name: `drag a rack, ${onScreen.visible} nodes on screen: 95th percentile frame time`, value: stats.p95FrameMs, unit: 'ms' });
    out.push({ name: `drag a rack, ${onScreen.visible} nodes on screen: mean time between rack redraws`, value: stats.meanUpdateMs, unit: 'ms', budget: FRAME_BUDGET_MS });
    out.push({ name: `drag a rack, ${onScreen.visible} nodes: renderer main-thread CPU per mouse move`, value: stats.cpuPerMoveMs, unit: 'ms' });
    out.push({ name: `drop: committed move shown, ${onScreen.visible} nodes`, value: commitMs, unit: 'ms' });
    out.push({ name: `reload app with the ${expectedNodes}-node design until all nodes drawn`, value: openMs, unit: 'ms' });
    out.push({ name: `machine load average (1 min) at the end, ${cpus().length} cores`, value: loadavg()[0] ?? NaN, unit: '' });
  } finally {
    await browser.close();
    await host.close();
    renderer.cleanup();
  }
  return out;
}
