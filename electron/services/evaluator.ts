/**
 * Evaluation off the host's event loop, under a time budget. The host (Electron
 * main process or browser host) sends a design to a worker thread that
 * evaluates it and renders its report; meanwhile the host keeps answering other
 * calls. A design whose evaluation outlasts the budget is stopped (the worker is
 * terminated and a fresh one started for the next job) and the call fails with
 * EngineError('evaluation-timeout'): "evaluation took too long".
 *
 * The worker is the bundled dist-electron/eval-worker.cjs in the desktop app,
 * and eval-worker.ts loaded through tsx elsewhere (browser host, tests).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CatalogPart } from '../../core/catalog/types';
import { EngineError, InputError } from '../../core/errors';
import type { Design } from '../../core/model';
import type { Lang, ReportFormat } from '../../core/report';

/** Longest an evaluation may take in the host (the largest templates take well under a second). */
export const EVALUATION_TIMEOUT_MS = 30_000;
/** Longest a new evaluation thread may take to start (loading the engine; not part of the budget). */
export const WORKER_START_TIMEOUT_MS = 60_000;

export interface EvalJob {
  id: number;
  design: Design;
  customParts: CatalogPart[];
  format: ReportFormat;
  lang: Lang;
  date: string;
  appVersion: string;
}

export interface ReportFileData {
  data: string | Uint8Array;
  mime: string;
  extension: string;
  print: boolean;
}

export type EvalReply =
  | { id: number; ok: true; file: ReportFileData }
  | { id: number; ok: false; kind: 'input' | 'engine' | 'internal'; path: string; detail: string; code?: string | undefined };

export interface Evaluator {
  /** Evaluate the design and render its report file (for pdf: the HTML to print). */
  renderReport(job: Omit<EvalJob, 'id'>): Promise<ReportFileData>;
  close(): void;
}

export interface EvaluatorOptions {
  timeoutMs?: number;
  /** Starts a worker (default: the bundled or tsx-loaded eval-worker). */
  spawn?: () => Worker;
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** A worker running eval-worker: the bundled .cjs beside this module when built, else the TypeScript source through tsx. */
export function spawnEvalWorker(): Worker {
  const bundled = join(HERE, 'eval-worker.cjs');
  if (existsSync(bundled)) return new Worker(bundled);
  const source = pathToFileURL(join(HERE, 'eval-worker.ts')).href;
  // tsx's ESM API from its package exports (tsx is a dependency of the browser host).
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const exportsMap = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  const api = pathToFileURL(join(dirname(pkg), exportsMap['./esm/api']!.import.default)).href;
  return new Worker(`import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`, { eval: true });
}

function toError(r: Extract<EvalReply, { ok: false }>): Error {
  if (r.kind === 'input') {
    const e = new InputError(r.path, r.detail);
    if (r.code) Object.assign(e, { code: r.code });
    return e;
  }
  if (r.kind === 'engine') return new EngineError(r.code === 'evaluation-timeout' ? 'evaluation-timeout' : 'non-finite-result', r.path, r.detail);
  return new Error(r.detail);
}

export function createEvaluator(opts: EvaluatorOptions = {}): Evaluator {
  const timeoutMs = opts.timeoutMs ?? EVALUATION_TIMEOUT_MS;
  const spawn = opts.spawn ?? spawnEvalWorker;
  type Pending = { job: EvalJob; resolve: (f: ReportFileData) => void; reject: (e: Error) => void };
  const queue: Pending[] = [];
  // The job in the worker; its timer is the boot timeout until the worker is ready, then the budget.
  let current: (Pending & { timer: ReturnType<typeof setTimeout> | null; sent: boolean }) | null = null;
  let worker: Worker | null = null;
  let ready = false;
  let nextId = 1;
  let closed = false;

  const drop = () => {
    const w = worker;
    worker = null;
    ready = false;
    if (w) void w.terminate();
  };

  const settle = (fn: (p: Pending) => void) => {
    const c = current;
    if (!c) return;
    if (c.timer) clearTimeout(c.timer);
    current = null;
    fn(c);
    pump();
  };

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const w = spawn();
    w.unref();
    w.on('message', (r: EvalReply | { ready: true }) => {
      if (w !== worker) return;
      if ('ready' in r) {
        ready = true;
        dispatch();
        return;
      }
      if (!current || r.id !== current.job.id) return;
      settle((p) => (r.ok ? p.resolve(r.file) : p.reject(toError(r))));
    });
    w.on('error', (e) => {
      if (w !== worker) return;
      drop();
      settle((p) => p.reject(new Error(`the evaluation thread failed: ${e.message}`)));
    });
    w.on('exit', (code) => {
      if (w !== worker) return;
      worker = null;
      ready = false;
      settle((p) => p.reject(new Error(`the evaluation thread stopped (exit code ${code})`)));
    });
    worker = w;
    return w;
  };

  /** Send the current job to a ready worker and start its budget (a worker's start-up does not count). */
  function dispatch(): void {
    const c = current;
    if (!c || c.sent || !worker || !ready) return;
    c.sent = true;
    if (c.timer) clearTimeout(c.timer);
    c.timer = setTimeout(() => {
      // Stop the runaway evaluation; the next job gets a fresh worker.
      drop();
      settle((p) => p.reject(new EngineError('evaluation-timeout', '', `evaluation took too long (more than ${timeoutMs / 1000} s) and was stopped`)));
    }, timeoutMs);
    try {
      worker.postMessage(c.job);
    } catch (e) {
      settle((p) => p.reject(e instanceof Error ? e : new Error(String(e))));
    }
  }

  function pump(): void {
    if (current || closed) return;
    const next = queue.shift();
    if (!next) return;
    current = { ...next, timer: null, sent: false };
    try {
      ensureWorker();
    } catch (e) {
      settle((p) => p.reject(e instanceof Error ? e : new Error(String(e))));
      return;
    }
    if (ready) dispatch();
    else {
      current.timer = setTimeout(() => {
        drop();
        settle((p) => p.reject(new Error(`the evaluation thread did not start within ${WORKER_START_TIMEOUT_MS / 1000} s`)));
      }, WORKER_START_TIMEOUT_MS);
    }
  }

  return {
    renderReport(job) {
      if (closed) return Promise.reject(new Error('the host is closing'));
      return new Promise<ReportFileData>((resolve, reject) => {
        queue.push({ job: { ...job, id: nextId++ }, resolve, reject });
        pump();
      });
    },
    close() {
      closed = true;
      if (current?.timer) clearTimeout(current.timer);
      const pending = [...(current ? [current] : []), ...queue.splice(0)];
      current = null;
      drop();
      for (const p of pending) p.reject(new Error('the host is closing'));
    },
  };
}
