import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { createPlanContext, createProgress } from './context';

describe('plan progress', () => {
  it('reports done of total, never more done than total, and yields when the interval is up', async () => {
    let t = 0;
    const calls: Array<[number, number]> = [];
    const p = createProgress({ yieldEveryMs: 10, onProgress: (d, n) => calls.push([d, n]) }, () => t);
    p.total = 3;
    p.report();
    await p.tick(); // 0 ms since the last yield: no report
    t = 10;
    await p.tick(); // 10 ms: report and yield
    t = 15;
    await p.tick(2); // 5 ms since: no report
    p.report();
    expect(calls).toEqual([
      [0, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(p.done).toBe(4);
  });
  it('stops with "cancelled" once cancelled', async () => {
    let cancelled = false;
    const p = createProgress({ yieldEveryMs: 0, isCancelled: () => cancelled }, () => 0);
    await p.tick();
    cancelled = true;
    await expect(p.tick()).rejects.toThrow(InputError);
  });
});

describe('plan context', () => {
  it('resolves the workload, limits and site of the requirements', () => {
    const ctx = createPlanContext(
      {
        workload: { model: 'llama3-70b', tokens: 15e12 },
        constraints: {
          deadlineDays: 90,
          budget: { tcoUsd: 7e8 },
          accelerators: [{ id: 'h100-sxm5-80gb', maxCount: 1024 }],
        },
      },
      { evaluateDesign: null },
      () => 0,
    );
    // no globalBatch: 4,194,304 tokens / 8,192 = 512 sequences, said in a note
    expect(ctx.globalBatch).toBe(512);
    expect(ctx.notes).toEqual(['workload.globalBatch not given: using 512 sequences (4,194,304 tokens) per step.']);
    expect(ctx.limits).toEqual({ deadline: 90, maxPower: undefined, maxCapex: undefined, maxTco: 7e8 });
    expect(ctx.objective).toBe('time');
    expect(ctx.check).toBeUndefined();
    // 6 x parameters FLOPs per token and more (attention), about 70.6 B parameters
    expect(ctx.counts.totalParams / 1e9).toBeCloseTo(70.6, 1);
    expect(ctx.flopsPerToken).toBeGreaterThan(6 * ctx.counts.totalParams);
  });
});
