/**
 * Save/load benchmarks (DESIGN.md budget: save/load of the largest template under
 * 100 ms). "Largest" is read two ways, both measured: the template with the most
 * accelerators (Ascend 910B, 10,000 cards) and the template with the largest
 * document (by JSON bytes). Each is measured at three layers, on a fresh database
 * in a temporary directory:
 *  - storage:   Storage.saveDesign / getDesign (SQLite transaction + JSON), no validation;
 *  - host API:  createHost().api.saveDesign / getDesign, what both hosts run per call
 *               (zod validation of the arguments and the design, accelerator count,
 *               recents list, SQLite);
 *  - HTTP:      POST /api/saveDesign and /api/getDesign on the browser host with the
 *               token, as the renderer calls them (JSON over loopback included).
 * Median of 10 after 3 warm-up calls. Every save writes a new version of the same
 * design (the version history grows, as it does for a user saving repeatedly).
 * A fully drawn 2,000-node design (400 racks x 4 servers, the canvas drag benchmark's
 * document) is measured too, without a budget, as a heavier case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Design } from '../core/model';
import { TEMPLATES } from '../core/model/templates';
import { createHost } from '../electron/services/host';
import { startServer } from '../electron/serve';
import { buildDragDesign } from './canvas.bench';

type Figure = { name: string; value: number; unit: string; budget?: number };

const REPEATS = 10;
const WARMUP = 3;
const BUDGET_MS = 100;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return 0;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

async function medianMs(fn: () => unknown): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(`storage bench: ${what}`);
}

async function measure(label: string, design: Design, budget: number | undefined): Promise<Figure[]> {
  const bytes = Buffer.byteLength(JSON.stringify(design), 'utf8');
  const tag = `${label} (${(bytes / 1024).toFixed(1)} KiB)`;
  const dir = mkdtempSync(join(tmpdir(), 'cwb-bench-storage-'));
  const out: Figure[] = [];
  const withBudget = (f: Omit<Figure, 'budget'>): Figure => (budget === undefined ? f : { ...f, budget });
  try {
    // Storage layer.
    const host = createHost({ dataDir: join(dir, 'host'), hostKind: 'browser' });
    try {
      const st = host.storage;
      const saveS = await medianMs(() => st.saveDesign(design));
      const loadS = await medianMs(() => st.getDesign(design.id));
      check(JSON.stringify(st.getDesign(design.id).design) === JSON.stringify(design), `${label}: storage round trip changed the design`);
      out.push(withBudget({ name: `save ${tag}, storage`, value: saveS, unit: 'ms' }));
      out.push(withBudget({ name: `load ${tag}, storage`, value: loadS, unit: 'ms' }));

      // Host API layer (validation included).
      const saveA = await medianMs(() => host.api.saveDesign({ design }));
      const loadA = await medianMs(() => host.api.getDesign({ id: design.id }));
      const got = await host.api.getDesign({ id: design.id });
      check(JSON.stringify(got.design) === JSON.stringify(design), `${label}: host API round trip changed the design`);
      out.push(withBudget({ name: `save ${tag}, host API`, value: saveA, unit: 'ms' }));
      out.push(withBudget({ name: `load ${tag}, host API`, value: loadA, unit: 'ms' }));
    } finally {
      host.close();
    }

    // HTTP layer (browser host).
    const server = await startServer({ port: 0, dataDir: join(dir, 'http') });
    try {
      const post = async (method: string, args: unknown): Promise<unknown> => {
        const res = await fetch(`${server.url}api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
          body: JSON.stringify(args),
        });
        const body = (await res.json()) as unknown;
        if (!res.ok) throw new Error(`${method} -> ${res.status}: ${JSON.stringify(body)}`);
        return body;
      };
      const saveH = await medianMs(() => post('saveDesign', { design }));
      const loadH = await medianMs(() => post('getDesign', { id: design.id }));
      const got = (await post('getDesign', { id: design.id })) as { design: unknown };
      check(JSON.stringify(got.design) === JSON.stringify(design), `${label}: HTTP round trip changed the design`);
      out.push(withBudget({ name: `save ${tag}, HTTP`, value: saveH, unit: 'ms' }));
      out.push(withBudget({ name: `load ${tag}, HTTP`, value: loadH, unit: 'ms' }));
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export async function run(): Promise<Figure[]> {
  const built = TEMPLATES.map((t) => ({ t, design: t.build(), bytes: JSON.stringify(t.build()).length }));
  const byAcc = [...built].sort((a, b) => (b.t.accelerators ?? 0) - (a.t.accelerators ?? 0))[0]!;
  const byBytes = [...built].sort((a, b) => b.bytes - a.bytes)[0]!;
  const out: Figure[] = [];
  out.push(...(await measure(`template ${byAcc.t.id}`, byAcc.design, BUDGET_MS)));
  if (byBytes.t.id !== byAcc.t.id) out.push(...(await measure(`template ${byBytes.t.id}`, byBytes.design, BUDGET_MS)));
  out.push(...(await measure('2,000-node drawn design', buildDragDesign(), undefined)));
  return out;
}
