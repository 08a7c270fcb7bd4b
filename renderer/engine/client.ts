/**
 * Runs the engine off the UI thread: the document is posted to a Web Worker on a
 * debounced snapshot (~50 ms after the last edit); results come back into
 * `useResults`. Results are derived, never saved. An evaluation that outlasts
 * the budget is stopped (runner.ts).
 */
import { create } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from '../store';
import { useCatalog } from '../app/catalog';
import { DEFAULT_EVALUATION_BUDGET_S, EngineRunner, INITIAL_RESULTS, type ResultsState, type WorkerLike } from './runner';

export type { ResultsState } from './runner';

export const DEBOUNCE_MS = 50;

export const useResults = create<ResultsState>(() => ({ ...INITIAL_RESULTS }));

/** Whether the step-timeline chart is open: only then does the worker simulate the step. */
export const useTimelineWanted = create<{ wanted: boolean }>(() => ({ wanted: false }));

export function setTimelineWanted(wanted: boolean): void {
  useTimelineWanted.setState({ wanted });
}

let runner: EngineRunner | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

export function startEngine(store: StoreApi<AppState>, budgetS = DEFAULT_EVALUATION_BUDGET_S): void {
  if (runner) return;
  const r = new EngineRunner(
    () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
    () => useResults.getState(),
    (patch) => useResults.setState(patch),
    budgetS * 1000,
  );
  runner = r;
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      r.post(store.getState().design, useCatalog.getState().customParts, { timeline: useTimelineWanted.getState().wanted });
    }, DEBOUNCE_MS);
  };
  store.subscribe((s, prev) => {
    if (s.design !== prev.design) schedule();
  });
  useCatalog.subscribe((s, prev) => {
    if (s.customParts !== prev.customParts) schedule();
  });
  // opening the chart evaluates again with the timeline (closing keeps the one shown until the next edit)
  useTimelineWanted.subscribe((s, prev) => {
    if (s.wanted && !prev.wanted && !useResults.getState().results?.training?.timeline) schedule();
  });
  schedule();
}
