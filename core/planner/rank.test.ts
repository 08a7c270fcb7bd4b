import { describe, expect, it } from 'vitest';
import type { PlanCandidate } from './plan-types';
import { candidateOrder, finalRanking } from './rank';

const cand = (id: string, wallClockDays: number, tcoUsd: number, energyMWh: number): PlanCandidate =>
  ({
    id,
    rank: 0,
    onParetoFront: false,
    metrics: { wallClockDays, tcoUsd, energyMWh, capexUsd: tcoUsd },
  }) as PlanCandidate;

describe('final ranking', () => {
  it('numbers candidates by the objective and marks the front over time, TCO and energy', () => {
    const a = cand('a', 10, 100, 50);
    const b = cand('b', 5, 120, 60); // faster but dearer than a: on the front
    const c = cand('c', 12, 130, 70); // worse than a in everything
    const { ranked, paretoList } = finalRanking('tco', [c, b, a], [a, b, c]);
    expect(ranked.map((x) => [x.id, x.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(paretoList.map((x) => x.id)).toEqual(['b', 'a']); // by wall-clock days
    expect([a, b, c].map((x) => x.onParetoFront)).toEqual([true, true, false]);
  });
  it('breaks objective ties by time, then TCO, then id', () => {
    const order = candidateOrder('capex');
    const x = cand('x', 10, 100, 1);
    const y = cand('y', 9, 100, 1);
    const z = cand('w', 10, 100, 1);
    expect([x, y, z].sort(order).map((c) => c.id)).toEqual(['y', 'w', 'x']);
  });
});
