/**
 * The main search over slots, cheapest work first: slots that surely break a
 * limit are dropped from their economics and time lower bound; the rest, in
 * order of their objective lower bound, get a parallelism search unless their
 * lower-bound vector is dominated by a found candidate and their objective
 * lower bound cannot enter the top results (both tests exact).
 */
import type { Evaluated, PlanContext, Slot } from './context';
import { metricsOf, timeOf } from './estimate';
import {
  addToFront,
  dominatedByFront,
  frontVector,
  insertSorted,
  lbObjective,
  lbVector,
  lbViolations,
  objectiveValue,
  violations,
} from './screen';

/** Slots that break no limit at their lower bounds, in objective-lower-bound order; the others are counted. */
export async function screenSlots(ctx: PlanContext, slots: readonly Slot[]): Promise<Slot[]> {
  const { stats, progress } = ctx;
  const survivors: Slot[] = [];
  for (const s of slots) {
    const v = lbViolations(ctx, s);
    if (v.length === 0) survivors.push(s);
    else {
      if (v.includes('maxFacilityPowerKW')) stats.screenedOut.power++;
      else if (v.includes('budget.capexUsd')) stats.screenedOut.capex++;
      else if (v.includes('deadlineDays')) stats.screenedOut.deadline++;
      else stats.screenedOut.tco++;
      await progress.tick();
    }
  }
  survivors.sort((a, b) => lbObjective(ctx.objective, a) - lbObjective(ctx.objective, b) || a.idx - b.idx);
  return survivors;
}

/** The feasible candidates among the survivors (screening model), in search order. */
export async function searchSurvivors(ctx: PlanContext, survivors: readonly Slot[]): Promise<Evaluated[]> {
  const { stats, progress, objective, maxResults } = ctx;
  const feasible: Evaluated[] = [];
  const objectiveValues: number[] = []; // sorted ascending, of feasible candidates
  let front: number[][] = [];
  for (const s of survivors) {
    const kth = objectiveValues[maxResults - 1];
    if (kth !== undefined && kth < lbObjective(objective, s) && dominatedByFront(front, lbVector(s))) {
      stats.prunedDominated++;
      await progress.tick();
      continue;
    }
    stats.searched++;
    const t = timeOf(ctx, s);
    if (!t.fits) {
      stats.noFit++;
      ctx.evaluatedBySlot.set(s.idx, t);
      await progress.tick();
      continue;
    }
    const m = metricsOf(ctx, s, t);
    const ev: Evaluated = { slot: s, time: t, metrics: m };
    ctx.evaluatedBySlot.set(s.idx, ev);
    if (violations(ctx.limits, m, ctx.tolerance).length === 0) {
      feasible.push(ev);
      insertSorted(objectiveValues, objectiveValue(objective, m));
      front = addToFront(front, frontVector(m));
    }
    await progress.tick();
  }
  stats.feasible = feasible.length;
  return feasible;
}
