/**
 * The engine worker behind the results, under a time budget: snapshots of the
 * document are posted to the worker; replies older than the newest shown are
 * dropped; and when the worker has not answered within the budget it is
 * terminated and a fresh one started, with "evaluation took too long" shown
 * instead of results. The UI thread never evaluates, so it stays usable
 * whatever the design; the next edit is evaluated by the new worker.
 */
import type { Design } from '../../core/model/design';
import type { Results } from '../../core/evaluate';
import type { CatalogPart } from '../../core/catalog/types';
import type { EngineRequest, EngineResponse } from './protocol';

/** Default budget of one evaluation in the UI, s (setting `engine.evaluationBudgetS`, bounded by BOUNDS.evaluationBudgetS). */
export const DEFAULT_EVALUATION_BUDGET_S = 10;
export const EVALUATION_BUDGET_SETTING = 'engine.evaluationBudgetS';

export interface ResultsState {
  results: Results | null;
  /** The design the results belong to. */
  design: Design | null;
  error: string | null;
  /** Set (to the budget, s) when the last evaluation took too long and was stopped. */
  timedOutS: number | null;
  evaluating: boolean;
  ms: number | null;
  seq: number;
}

export const INITIAL_RESULTS: ResultsState = { results: null, design: null, error: null, timedOutS: null, evaluating: false, ms: null, seq: 0 };

/** What the runner needs of a Web Worker (a fake in tests). */
export interface WorkerLike {
  postMessage(msg: EngineRequest): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent<EngineResponse>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
}

export class EngineRunner {
  private worker: WorkerLike | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Design>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly get: () => ResultsState,
    private readonly set: (patch: Partial<ResultsState>) => void,
    public budgetMs = DEFAULT_EVALUATION_BUDGET_S * 1000,
  ) {}

  post(design: Design, customParts: CatalogPart[], opts: { timeline?: boolean } = {}): void {
    const worker = this.ensureWorker();
    const id = ++this.seq;
    this.pending.set(id, design);
    this.set({ evaluating: true });
    worker.postMessage({ seq: id, design, customParts, ...(opts.timeline ? { timeline: true } : {}) });
    // The budget runs from the oldest unanswered snapshot.
    if (!this.timer) this.arm();
  }

  dispose(): void {
    this.disarm();
    this.worker?.terminate();
    this.worker = null;
    this.pending.clear();
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.spawn();
    w.onmessage = (ev) => {
      if (w === this.worker) this.receive(ev.data);
    };
    w.onerror = (ev) => {
      if (w !== this.worker) return;
      this.disarm();
      this.set({ error: ev.message || 'worker error', evaluating: false });
    };
    this.worker = w;
    return w;
  }

  private receive(r: EngineResponse): void {
    const design = this.pending.get(r.seq) ?? null;
    for (const k of [...this.pending.keys()]) if (k <= r.seq) this.pending.delete(k);
    this.disarm();
    if (this.pending.size > 0) this.arm();
    if (r.seq < this.get().seq) return;
    const evaluating = this.pending.size > 0;
    if (r.ok) this.set({ results: r.results, design, error: null, timedOutS: null, ms: r.ms, seq: r.seq, evaluating });
    else this.set({ results: null, design, error: r.error, timedOutS: null, ms: r.ms, seq: r.seq, evaluating });
  }

  private arm(): void {
    this.timer = setTimeout(() => this.timeout(), this.budgetMs);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private timeout(): void {
    this.timer = null;
    const newest = Math.max(0, ...this.pending.keys());
    const design = this.pending.get(newest) ?? null;
    this.worker?.terminate();
    this.worker = null;
    this.pending.clear();
    this.set({ results: null, design, error: null, timedOutS: this.budgetMs / 1000, ms: null, seq: this.seq, evaluating: false });
  }
}
