/**
 * When nothing fits: which constraint binds, and by how much. For each limit,
 * branch and bound on its lower bound finds the best value any configuration
 * reaches while meeting the other limits (or alone, when none does); when no
 * limit binds, no configuration fits in memory (or has a valid layout).
 */
import type { Evaluated, PlanContext, Slot } from './context';
import { metricsOf, timeOf } from './estimate';
import { fmtDays, fmtNum, fmtUsd, pct } from './format';
import { memoryBinding, type MemoryFailure } from './memory-binding';
import type { BindingConstraint, CandidateMetrics, ConstraintKey } from './plan-types';
import { lbViolations, tcoOf, violations } from './screen';
import type { TimeFailure } from './timeModel';
import { evaluateCandidate } from './verify';

type LimitKey = Exclude<ConstraintKey, 'memory'>;

interface LimitSpec {
  field: string;
  limit: number;
  unit: string;
  /** Lower bound of the constrained value from a slot's economics and time bound. */
  lb: (s: Slot) => number;
  val: (m: CandidateMetrics) => number;
}

function limitSpecs(ctx: PlanContext): Record<LimitKey, LimitSpec> {
  const { deadline, maxPower, maxCapex, maxTco } = ctx.limits;
  return {
    deadlineDays: {
      field: 'constraints.deadlineDays',
      limit: deadline ?? Infinity,
      unit: 'days',
      lb: (s) => s.tLB,
      val: (m) => m.wallClockDays,
    },
    maxFacilityPowerKW: {
      field: 'constraints.maxFacilityPowerKW',
      limit: maxPower ?? Infinity,
      unit: 'kW',
      lb: (s) => s.econ.facilityPowerKW,
      val: (m) => m.facilityPowerKW,
    },
    'budget.capexUsd': {
      field: 'constraints.budget.capexUsd',
      limit: maxCapex ?? Infinity,
      unit: 'USD',
      lb: (s) => s.econ.capexUsd,
      val: (m) => m.capexUsd,
    },
    'budget.tcoUsd': {
      field: 'constraints.budget.tcoUsd',
      limit: maxTco ?? Infinity,
      unit: 'USD',
      lb: (s) => tcoOf(s.econ, s.tLB),
      val: (m) => m.tcoUsd,
    },
  };
}

/** The limits the requirements set, in a fixed order. */
function activeLimits(ctx: PlanContext): LimitKey[] {
  const { deadline, maxPower, maxCapex, maxTco } = ctx.limits;
  const active: LimitKey[] = [];
  if (deadline !== undefined) active.push('deadlineDays');
  if (maxPower !== undefined) active.push('maxFacilityPowerKW');
  if (maxCapex !== undefined) active.push('budget.capexUsd');
  if (maxTco !== undefined) active.push('budget.tcoUsd');
  return active;
}

/** The slot's parallelism search and metrics, once per slot (counted as extra work). */
export async function exact(ctx: PlanContext, s: Slot): Promise<Evaluated | TimeFailure> {
  const prior = ctx.evaluatedBySlot.get(s.idx);
  if (prior) return prior;
  const t = timeOf(ctx, s);
  const r: Evaluated | TimeFailure = t.fits ? { slot: s, time: t, metrics: metricsOf(ctx, s, t) } : t;
  ctx.evaluatedBySlot.set(s.idx, r);
  ctx.progress.total += 1;
  await ctx.progress.tick();
  return r;
}

/** Least value of limit `sp` over slots that meet `others` (branch and bound on its lower bound). */
async function bestOf(
  ctx: PlanContext,
  slots: readonly Slot[],
  sp: LimitSpec,
  others: ConstraintKey[],
): Promise<{ best: number; slot: Slot } | null> {
  const order = [...slots].sort((a, b) => sp.lb(a) - sp.lb(b) || a.idx - b.idx);
  let best: { best: number; slot: Slot } | null = null;
  for (const s of order) {
    if (best && sp.lb(s) >= best.best) break;
    if (lbViolations(ctx, s).some((v) => others.includes(v))) continue;
    const r = await exact(ctx, s);
    if (!('slot' in r)) continue;
    if (violations(ctx.limits, r.metrics).some((v) => others.includes(v))) continue;
    const val = sp.val(r.metrics);
    if (!best || val < best.best) best = { best: val, slot: s };
  }
  return best;
}

/** The memory binding when no slot has a layout that fits (none when one does). */
async function memoryExplanation(ctx: PlanContext, slots: readonly Slot[]): Promise<BindingConstraint[]> {
  const failures: MemoryFailure[] = [];
  for (const s of slots) {
    const r = await exact(ctx, s);
    if ('slot' in r) return [];
    failures.push({ at: `${s.acc.id} x ${s.count}`, failure: r });
  }
  const m = ctx.model;
  return [memoryBinding(failures, { globalBatch: ctx.globalBatch, layers: m.layers, heads: m.heads })];
}

/** The binding constraints of a plan with no feasible candidate. */
export async function explain(ctx: PlanContext, slots: readonly Slot[]): Promise<BindingConstraint[]> {
  const active = activeLimits(ctx);
  const spec = limitSpecs(ctx);
  const out: BindingConstraint[] = [];
  for (const k of active) {
    const sp = spec[k];
    const others = active.filter((x) => x !== k);
    let alone = others.length === 0;
    let b = await bestOf(ctx, slots, sp, others);
    if (!b) {
      b = await bestOf(ctx, slots, sp, []);
      alone = true;
    }
    if (!b || b.best <= sp.limit) continue;
    // Report evaluate()'s number for that configuration (what the user sees when opening it).
    const ev = ctx.evaluatedBySlot.get(b.slot.idx);
    const exactCand = ev && 'slot' in ev ? evaluateCandidate(ctx, ev) : null;
    const best = exactCand ? Math.max(sp.val(exactCand.metrics), sp.limit * (1 + 1e-9)) : b.best;
    out.push(bindingOf(k, sp.field, sp.limit, best, sp.unit, alone, b.slot));
  }
  return out.length === 0 ? memoryExplanation(ctx, slots) : out;
}

export function bindingOf(
  k: ConstraintKey,
  field: string,
  limit: number,
  best: number,
  unit: string,
  alone: boolean,
  s: Slot,
): BindingConstraint {
  const which = alone ? 'allowed configuration' : 'allowed configuration that meets the other constraints';
  const at = `(${s.acc.id} x ${s.count}, ${s.cooling})`;
  let message: string;
  switch (k) {
    case 'deadlineDays':
      message = `deadline: the fastest ${which} needs ${fmtDays(best)} ${at}, ${pct(best, limit)} over the ${fmtNum(limit, 1)}-day deadline`;
      break;
    case 'maxFacilityPowerKW':
      message = `facility power: the lowest-power ${which} draws ${fmtNum(best)} kW ${at}, ${pct(best, limit)} over the ${fmtNum(limit)} kW limit`;
      break;
    case 'budget.capexUsd':
      message = `CAPEX budget: the cheapest ${which} costs ${fmtUsd(best)} ${at}, ${pct(best, limit)} over the ${fmtUsd(limit)} budget`;
      break;
    default:
      message = `TCO budget: the lowest-TCO ${which} costs ${fmtUsd(best)} ${at}, ${pct(best, limit)} over the ${fmtUsd(limit)} budget`;
  }
  return { constraint: k, field, limit, best, unit, overByFraction: (best - limit) / limit, alone, message };
}
