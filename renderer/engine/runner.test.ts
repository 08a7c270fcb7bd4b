/**
 * The engine runner's time budget (runner.ts), with a stand-in worker and fake
 * timers: a worker that does not answer within the budget is terminated, the
 * results say the evaluation took too long, and the next snapshot goes to a
 * fresh worker whose answer is shown.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Results } from '../../core/evaluate';
import type { Design } from '../../core/model/design';
import type { EngineRequest, EngineResponse } from './protocol';
import { EngineRunner, INITIAL_RESULTS, type ResultsState, type WorkerLike } from './runner';

class FakeWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  readonly received: EngineRequest[] = [];
  terminated = false;
  postMessage(msg: EngineRequest): void {
    this.received.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(seq: number, results: Partial<Results> = { accelerators: seq }): void {
    this.onmessage?.({ data: { seq, ok: true, results: results as Results, ms: 1 } as EngineResponse } as MessageEvent<EngineResponse>);
  }
}

const design = (name: string) => ({ name }) as unknown as Design;

let state: ResultsState;
let workers: FakeWorker[];
let runner: EngineRunner;

beforeEach(() => {
  vi.useFakeTimers();
  state = { ...INITIAL_RESULTS };
  workers = [];
  runner = new EngineRunner(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    () => state,
    (patch) => (state = { ...state, ...patch }),
    2000,
  );
});
afterEach(() => {
  runner.dispose();
  vi.useRealTimers();
});

describe('engine runner', () => {
  it('shows the answer of the worker and keeps the budget idle', () => {
    runner.post(design('a'), []);
    expect(state.evaluating).toBe(true);
    workers[0]!.answer(1);
    expect(state).toMatchObject({ evaluating: false, timedOutS: null, seq: 1 });
    expect(state.results?.accelerators).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(state.timedOutS).toBeNull();
    expect(workers[0]!.terminated).toBe(false);
  });

  it('stops a worker silent for the whole budget, says so, and evaluates the next edit in a fresh worker', () => {
    runner.post(design('slow'), []);
    vi.advanceTimersByTime(1999);
    expect(state.timedOutS).toBeNull();
    vi.advanceTimersByTime(1);
    expect(workers[0]!.terminated).toBe(true);
    expect(state).toMatchObject({ timedOutS: 2, evaluating: false, results: null });
    expect((state.design as unknown as { name: string }).name).toBe('slow');
    // A late answer from the stopped worker is ignored.
    workers[0]!.answer(1);
    expect(state.results).toBeNull();
    // The next edit goes to a new worker, and its answer clears the notice.
    runner.post(design('small'), []);
    expect(workers).toHaveLength(2);
    workers[1]!.answer(2);
    expect(state).toMatchObject({ timedOutS: null, seq: 2 });
    expect(state.results?.accelerators).toBe(2);
  });

  it('measures the budget from the oldest unanswered snapshot, not the newest', () => {
    runner.post(design('a'), []);
    vi.advanceTimersByTime(1500);
    runner.post(design('b'), []); // editing again does not extend the budget
    vi.advanceTimersByTime(500);
    expect(state.timedOutS).toBe(2);
    expect((state.design as unknown as { name: string }).name).toBe('b');
  });

  it('restarts the budget when an answer arrives with snapshots still pending', () => {
    runner.post(design('a'), []);
    runner.post(design('b'), []);
    vi.advanceTimersByTime(1500);
    workers[0]!.answer(1);
    vi.advanceTimersByTime(1500);
    expect(state.timedOutS).toBeNull();
    workers[0]!.answer(2);
    expect(state.results?.accelerators).toBe(2);
  });
});
