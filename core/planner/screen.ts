/**
 * Screening arithmetic: the objective of a candidate, its TCO and energy over a
 * number of days, the constraints it breaks, and the same from a slot's exact
 * economics and lower bound on time (so a slot can be dropped before its
 * parallelism search).
 */
import type { Economics } from './economics';
import type { Limits, PlanContext, Slot } from './context';
import { dominates } from './pareto';
import type { CandidateMetrics, ConstraintKey } from './plan-types';
import type { Objective } from './requirements';

export const DAYS_PER_YEAR = 365.25;

export function objectiveValue(
  o: Objective,
  m: Pick<CandidateMetrics, 'wallClockDays' | 'capexUsd' | 'tcoUsd' | 'energyMWh'>,
): number {
  switch (o) {
    case 'time':
      return m.wallClockDays;
    case 'capex':
      return m.capexUsd;
    case 'tco':
      return m.tcoUsd;
    case 'energy':
      return m.energyMWh;
  }
}

/** The Pareto coordinates (all minimised): wall-clock days, TCO, energy. */
export const frontVector = (m: CandidateMetrics): number[] => [m.wallClockDays, m.tcoUsd, m.energyMWh];

/** CAPEX plus OPEX over `days`, USD. */
export const tcoOf = (e: Economics, days: number): number => e.capexUsd + (e.opexUsdPerYear * days) / DAYS_PER_YEAR;

/** Facility energy over `days`, MWh. */
export const energyOf = (e: Economics, days: number): number => (e.facilityPowerKW * days * 24) / 1000;

/** The objective at the slot's lower bound on time (a lower bound on its objective). */
export function lbObjective(objective: Objective, s: Slot): number {
  return objectiveValue(objective, {
    wallClockDays: s.tLB,
    capexUsd: s.econ.capexUsd,
    tcoUsd: tcoOf(s.econ, s.tLB),
    energyMWh: energyOf(s.econ, s.tLB),
  });
}

/** The slot's lower-bound Pareto vector. */
export function lbVector(s: Slot): number[] {
  return [s.tLB, tcoOf(s.econ, s.tLB), energyOf(s.econ, s.tLB)];
}

/**
 * Constraints broken by metrics. `slack` widens the power and cost limits: the
 * screening model is within a few per cent of evaluate(), so screening keeps
 * candidates within `planner.screeningTolerance` of a limit and lets
 * evaluate() of their design decide (time is exact in both, so no slack).
 */
export function violations(
  limits: Limits,
  m: Pick<CandidateMetrics, 'wallClockDays' | 'facilityPowerKW' | 'capexUsd' | 'tcoUsd'>,
  slack = 0,
): ConstraintKey[] {
  const { deadline, maxPower, maxCapex, maxTco } = limits;
  const v: ConstraintKey[] = [];
  const f = 1 + slack;
  if (deadline !== undefined && m.wallClockDays > deadline) v.push('deadlineDays');
  if (maxPower !== undefined && m.facilityPowerKW > maxPower * f) v.push('maxFacilityPowerKW');
  if (maxCapex !== undefined && m.capexUsd > maxCapex * f) v.push('budget.capexUsd');
  if (maxTco !== undefined && m.tcoUsd > maxTco * f) v.push('budget.tcoUsd');
  return v;
}

/** Constraints a slot surely breaks, from exact economics and lower bounds on time. */
export function lbViolations(ctx: PlanContext, s: Slot): ConstraintKey[] {
  return violations(
    ctx.limits,
    {
      wallClockDays: s.tLB,
      facilityPowerKW: s.econ.facilityPowerKW,
      capexUsd: s.econ.capexUsd,
      tcoUsd: tcoOf(s.econ, s.tLB),
    },
    ctx.tolerance,
  );
}

/** Insert `v` into the ascending array `arr` (after equal values). */
export function insertSorted(arr: number[], v: number): void {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((arr[mid] ?? 0) <= v) lo = mid + 1;
    else hi = mid;
  }
  arr.splice(lo, 0, v);
}

/** True when some vector of the front dominates `vec`. */
export function dominatedByFront(front: readonly (readonly number[])[], vec: readonly number[]): boolean {
  return front.some((f) => dominates(f, vec));
}

/** The front with `vec` added (unless dominated) and the vectors it dominates removed. */
export function addToFront(front: number[][], vec: number[]): number[][] {
  if (dominatedByFront(front, vec)) return front;
  const out = front.filter((f) => !dominates(vec, f));
  out.push(vec);
  return out;
}
