import { describe, expect, it } from 'vitest';
import { createPlanContext } from './context';
import { enumerateSlots } from './space';

describe('the search space as slots', () => {
  const ctx = createPlanContext(
    {
      workload: { model: 'llama3-8b', tokens: 1e12, globalBatch: 512 },
      constraints: {
        accelerators: [{ id: 'h100-sxm5-80gb', maxCount: 16, servers: ['hgx-h100'], counts: [8, 16] }],
        cooling: ['air', 'cold-plate'],
        oversubscription: [1, 2],
      },
    },
    { evaluateDesign: null },
    () => 0,
  );
  const slots = enumerateSlots(ctx);

  it('crosses counts with coolings, and oversubscriptions only where there is a fabric (more than one server)', () => {
    // 8 GPUs = one server: 2 coolings x oversubscription 1; 16 GPUs = two servers: 2 coolings x 2 ratios
    expect(slots.map((s) => `${s.count}/${s.cooling}/${s.oversub}`)).toEqual([
      '8/air/1',
      '8/cold-plate/1',
      '16/air/1',
      '16/air/2',
      '16/cold-plate/1',
      '16/cold-plate/2',
    ]);
    expect(ctx.stats.configurations).toBe(6);
    expect(slots.map((s) => s.idx)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('bounds each slot\u2019s time by compute at peak: FLOPs / (count x 989 TFLOP/s BF16) in days', () => {
    for (const s of slots) expect(s.tLB).toBeCloseTo((ctx.flopsPerToken * 1e12) / (s.count * 989e12) / 86400, 9);
  });

  it('shares one parallelism search between slots the network cannot tell apart', () => {
    // one server has no fabric: both coolings give the same key
    expect(slots[0]!.timeKey).toBe(slots[1]!.timeKey);
    expect(new Set(slots.map((s) => s.timeKey)).size).toBeLessThan(slots.length);
  });
});
