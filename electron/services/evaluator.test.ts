/**
 * Evaluation off the host's event loop under a time budget (evaluator.ts), and
 * the browser host staying responsive while a slow design is evaluated.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../core/errors';
import { parseDesign } from '../../core/model';
import { scenarioToDesign } from '../../core/model/scenario';
import { startServer, type RunningServer } from '../serve';
import { createEvaluator, spawnEvalWorker } from './evaluator';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'cwb-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = parseDesign(JSON.parse(JSON.stringify(scenarioToDesign(JSON.parse(readFileSync(join(root, 'assets/examples/gpt3-175b-a100.json'), 'utf8'))))));

/**
 * A valid but slow design: the mixed H100 + Ascend example with 10,000 layers
 * (the bound), a batch of 2^20 sequences and 64x the pools. Its mixed-pool
 * search takes seconds (about 4 s on the 2-core test machine).
 */
function slowDesign() {
  const m = JSON.parse(readFileSync(join(root, 'assets/examples/mixed-h100-ascend.json'), 'utf8'));
  return scenarioToDesign({
    ...m,
    model: { ...m.model, layers: 10_000 },
    training: { ...m.training, globalBatch: 2 ** 20 },
    cluster: { ...m.cluster, pools: m.cluster.pools.map((p: { count: number }) => ({ ...p, count: p.count * 64 })) },
  });
}

/** A worker that starts, then never answers: it spins on every job, as a runaway evaluation would. */
const stuckWorker = () =>
  new Worker("const { parentPort } = require('node:worker_threads'); parentPort.on('message', () => { for (;;) {} }); parentPort.postMessage({ ready: true });", { eval: true });

const job = (design = small) => ({ design, customParts: [], format: 'md' as const, lang: 'en' as const, date: '2026-01-01', appVersion: 't' });

describe('evaluator', () => {
  it('renders a report in a worker thread', async () => {
    const ev = createEvaluator();
    try {
      const file = await ev.renderReport(job());
      expect(file.extension).toBe('md');
      expect(String(file.data)).toContain('GPT-3 175B');
    } finally {
      ev.close();
    }
  });

  it('stops an evaluation over its budget with "evaluation took too long", and the next job gets a fresh worker', async () => {
    let spawned = 0;
    const ev = createEvaluator({ timeoutMs: 400, spawn: () => (++spawned === 1 ? stuckWorker() : spawnEvalWorker()) });
    try {
      // The event loop keeps turning while the worker spins: the largest gap between 50 ms ticks stays small.
      let last = performance.now();
      let gap = 0;
      const tick = setInterval(() => {
        const now = performance.now();
        gap = Math.max(gap, now - last);
        last = now;
      }, 50);
      const t0 = performance.now();
      const e = await ev.renderReport(job()).catch((x: unknown) => x);
      clearInterval(tick);
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).code).toBe('evaluation-timeout');
      expect((e as EngineError).message).toMatch(/^evaluation took too long/);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(gap).toBeLessThan(300);
      const file = await ev.renderReport(job());
      expect(file.extension).toBe('md');
      expect(spawned).toBe(2);
    } finally {
      ev.close();
    }
  });
});

function post(srv: RunningServer, method: string, body: unknown): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const t0 = performance.now();
  return new Promise((ok, fail) => {
    const req = request(
      { host: '127.0.0.1', port: srv.port, method: 'POST', path: `/api/${method}`, headers: { Authorization: `Bearer ${srv.token}`, 'Content-Type': 'application/json' } },
      (res) => {
        let t = '';
        res.on('data', (c) => (t += c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, body: JSON.parse(t) as Record<string, unknown>, ms: performance.now() - t0 }));
      },
    );
    req.on('error', fail);
    req.end(JSON.stringify(body));
  });
}

describe('browser host: responsive while a slow design is evaluated', () => {
  it('answers other calls within 1 s during a multi-second export, which then succeeds', async () => {
    const srv = await startServer({ port: 0, dataDir: join(dir, 'a'), staticDir: join(dir, 'none') });
    try {
      const started = performance.now();
      const exporting = post(srv, 'exportReport', { design: slowDesign(), format: 'md' });
      const latencies: number[] = [];
      let done = false;
      void exporting.then(() => (done = true));
      while (!done) {
        const r = await post(srv, 'getAppInfo', {});
        expect(r.status).toBe(200);
        latencies.push(r.ms);
        await new Promise((w) => setTimeout(w, 100));
      }
      const exported = await exporting;
      expect(exported.status, JSON.stringify(exported.body)).toBe(200);
      // The export was slow enough to matter, and no other call waited for it.
      expect(performance.now() - started).toBeGreaterThan(1500);
      expect(latencies.length).toBeGreaterThan(5);
      expect(Math.max(...latencies)).toBeLessThan(1000);
    } finally {
      await srv.close();
    }
  });

  it('refuses an export over the time budget with 503 "evaluation took too long" and keeps serving', async () => {
    const srv = await startServer({ port: 0, dataDir: join(dir, 'b'), staticDir: join(dir, 'none'), evaluationTimeoutMs: 1000 });
    try {
      const slow = await post(srv, 'exportReport', { design: slowDesign(), format: 'md' });
      expect(slow.status).toBe(503);
      expect(slow.body).toMatchObject({ code: 'evaluation-timeout' });
      expect(String(slow.body.error)).toMatch(/^evaluation took too long/);
      expect((await post(srv, 'getAppInfo', {})).status).toBe(200);
      const ok = await post(srv, 'exportReport', { design: small, format: 'md' });
      expect(ok.status).toBe(200);
    } finally {
      await srv.close();
    }
  });
});
