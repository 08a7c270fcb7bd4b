/**
 * Runs the engine off the UI thread: the document is posted to a Web Worker on a
 * debounced snapshot (~50 ms after the last edit); results come back into
 * `useResults`. Results are derived, never saved.
 */
import { create } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from '../store';
import type { Design } from '../../core/model/design';
import type { Results } from '../../core/evaluate';
import type { CatalogPart } from '../../core/catalog/types';
import { useCatalog } from '../app/catalog';
import type { EngineRequest, EngineResponse } from './protocol';

export const DEBOUNCE_MS = 50;

export interface ResultsState {
  results: Results | null;
  /** The design the results belong to. */
  design: Design | null;
  error: string | null;
  evaluating: boolean;
  ms: number | null;
  seq: number;
}

export const useResults = create<ResultsState>(() => ({
  results: null,
  design: null,
  error: null,
  evaluating: false,
  ms: null,
  seq: 0,
}));

let worker: Worker | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let seq = 0;
const pending = new Map<number, Design>();

function post(design: Design, customParts: CatalogPart[]): void {
  if (!worker) return;
  const id = ++seq;
  pending.set(id, design);
  useResults.setState({ evaluating: true });
  const msg: EngineRequest = { seq: id, design, customParts };
  worker.postMessage(msg);
}

export function startEngine(store: StoreApi<AppState>): void {
  if (worker) return;
  worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (ev: MessageEvent<EngineResponse>) => {
    const r = ev.data;
    const design = pending.get(r.seq) ?? null;
    for (const k of [...pending.keys()]) if (k <= r.seq) pending.delete(k);
    if (r.seq < useResults.getState().seq) return;
    const evaluating = pending.size > 0;
    if (r.ok) useResults.setState({ results: r.results, design, error: null, ms: r.ms, seq: r.seq, evaluating });
    else useResults.setState({ results: null, design, error: r.error, ms: r.ms, seq: r.seq, evaluating });
  };
  worker.onerror = (ev) => {
    useResults.setState({ error: ev.message || 'worker error', evaluating: false });
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      post(store.getState().design, useCatalog.getState().customParts);
    }, DEBOUNCE_MS);
  };
  store.subscribe((s, prev) => {
    if (s.design !== prev.design) schedule();
  });
  useCatalog.subscribe((s, prev) => {
    if (s.customParts !== prev.customParts) schedule();
  });
  schedule();
}
