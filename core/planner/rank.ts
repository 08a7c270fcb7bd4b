/**
 * Ranking: feasible candidates in objective order (ties by time, then TCO),
 * verified until maxResults pass; every member of the screening front is
 * verified too, and the Pareto front is then recomputed over everything that
 * passed.
 */
import type { Evaluated, PlanContext } from './context';
import { paretoFront } from './pareto';
import type { PlanCandidate } from './plan-types';
import type { Objective } from './requirements';
import { frontVector, objectiveValue } from './screen';
import { verify } from './verify';

/** Order of screened candidates: objective, wall-clock days, TCO, enumeration order. */
export function evaluatedOrder(objective: Objective): (a: Evaluated, b: Evaluated) => number {
  return (a, b) =>
    objectiveValue(objective, a.metrics) - objectiveValue(objective, b.metrics) ||
    a.metrics.wallClockDays - b.metrics.wallClockDays ||
    a.metrics.tcoUsd - b.metrics.tcoUsd ||
    a.slot.idx - b.slot.idx;
}

/** Order of returned candidates: objective, wall-clock days, TCO, id. */
export function candidateOrder(objective: Objective): (a: PlanCandidate, b: PlanCandidate) => number {
  return (a, b) =>
    objectiveValue(objective, a.metrics) - objectiveValue(objective, b.metrics) ||
    a.metrics.wallClockDays - b.metrics.wallClockDays ||
    a.metrics.tcoUsd - b.metrics.tcoUsd ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Verify the best feasible candidates until maxResults pass, then every member
 * of the screening front. `ranked`: those that passed in rank order; `passed`:
 * every verified candidate that passed, in verification order.
 */
export async function verifyCandidates(
  ctx: PlanContext,
  feasible: Evaluated[],
): Promise<{ ranked: PlanCandidate[]; passed: PlanCandidate[] }> {
  const { maxResults, progress } = ctx;
  feasible.sort(evaluatedOrder(ctx.objective));
  const frontSet = new Set(paretoFront(feasible, (e) => frontVector(e.metrics)));
  progress.total += Math.min(maxResults, feasible.length) + frontSet.size;
  const ranked: PlanCandidate[] = [];
  for (let i = 0; i < feasible.length && ranked.length < maxResults; i++) {
    const e = feasible[i]!;
    if (i >= maxResults) progress.total++;
    const v = await verify(ctx, e);
    if (v) ranked.push(v);
  }
  for (const e of frontSet) await verify(ctx, e);
  const passed = [...ctx.verified.values()].filter((v): v is PlanCandidate => v !== null);
  return { ranked, passed };
}

/** Ranks numbered from 1, front membership marked, and the front sorted by time then TCO. */
export function finalRanking(
  objective: Objective,
  rankedPass: PlanCandidate[],
  passed: readonly PlanCandidate[],
): { ranked: PlanCandidate[]; paretoList: PlanCandidate[] } {
  const candOrder = candidateOrder(objective);
  const finalFront = new Set(paretoFront(passed, (p) => frontVector(p.metrics)));
  const ranked = rankedPass.sort(candOrder);
  ranked.forEach((c, i) => {
    c.rank = i + 1;
  });
  for (const p of passed) p.onParetoFront = finalFront.has(p);
  const paretoList = [...finalFront].sort(
    (a, b) =>
      a.metrics.wallClockDays - b.metrics.wallClockDays || a.metrics.tcoUsd - b.metrics.tcoUsd || candOrder(a, b),
  );
  return { ranked, paretoList };
}
