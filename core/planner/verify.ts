/**
 * Verification: every returned candidate's design is built and re-checked with
 * evaluate() (the screening model is within a few per cent of it; the returned
 * numbers are evaluate()'s). A candidate whose design cannot be built, cannot
 * run the workload or breaks a limit by evaluate() is dropped with a note.
 */
import { DEFAULT_CATALOG, type Catalog } from '../catalog';
import { InputError } from '../errors';
import { evaluate } from '../evaluate';
import type { Design } from '../model/design';
import { toCandidate } from './candidate';
import type { Evaluated, PlanContext } from './context';
import type { EvaluatedMetrics, PlanCandidate } from './plan-types';
import { DAYS_PER_YEAR, violations } from './screen';

/** evaluate() of a candidate design, reduced to what the planner checks. */
export function evaluateForPlan(design: Design, catalog: Catalog = DEFAULT_CATALOG): EvaluatedMetrics {
  const r = evaluate(design, { catalog });
  const warnings = r.warnings.filter((w) => w.severity !== 'info').map((w) => w.message);
  const t = r.training;
  const base = {
    itPowerKW: r.itPowerKW,
    facilityPowerKW: r.facilityPowerKW,
    pue: r.pue ?? 1,
    capexUsd: r.capexUsd,
    opexUsdPerYear: r.cost.opexPerYearUsd,
    warnings: warnings.slice(0, 10),
  };
  if (!t) return { ...base, problem: `no training estimate${warnings.length ? ` (${warnings[0]})` : ''}` };
  if (!t.fitsInMemory)
    return { ...base, problem: `does not fit in memory (${t.memoryPerAcceleratorGiB.toFixed(1)} GiB per accelerator)` };
  return {
    ...base,
    trainingDays: t.trainingDays,
    wallClockDays: t.reliability ? Math.max(t.reliability.wallClockDays, t.trainingDays) : t.trainingDays,
    goodput: t.reliability?.goodput,
    stepTimeS: t.stepTimeS,
    tokensPerSecond: t.tokensPerSecond,
    mfu: t.mfu,
    memoryPerAcceleratorGiB: t.memoryPerAcceleratorGiB,
  };
}

/** Replace the screening numbers of a candidate with evaluate()'s, and its derived TCO, energy and CO2. */
export function applyEvaluated(cand: PlanCandidate, ex: EvaluatedMetrics): void {
  const m = cand.metrics;
  m.itPowerKW = ex.itPowerKW;
  m.facilityPowerKW = ex.facilityPowerKW;
  m.pue = ex.pue;
  m.capexUsd = ex.capexUsd;
  m.opexUsdPerYear = ex.opexUsdPerYear;
  if (ex.trainingDays !== undefined) m.trainingDays = ex.trainingDays;
  if (ex.wallClockDays !== undefined) m.wallClockDays = ex.wallClockDays;
  if (ex.goodput !== undefined) m.goodput = ex.goodput;
  if (ex.stepTimeS !== undefined) m.stepTimeS = ex.stepTimeS;
  if (ex.tokensPerSecond !== undefined) m.tokensPerSecond = ex.tokensPerSecond;
  if (ex.mfu !== undefined) m.mfu = ex.mfu;
  if (ex.memoryPerAcceleratorGiB !== undefined) m.memoryPerAcceleratorGiB = ex.memoryPerAcceleratorGiB;
  const grid = m.energyMWh > 0 ? m.co2Tonnes / m.energyMWh : 0;
  m.tcoUsd = m.capexUsd + (m.opexUsdPerYear * m.wallClockDays) / DAYS_PER_YEAR;
  m.energyMWh = (m.facilityPowerKW * m.wallClockDays * 24) / 1000;
  m.co2Tonnes = m.energyMWh * grid;
  cand.warnings = ex.warnings ?? [];
  cand.checkedBy = 'evaluate';
}

/** The candidate with its design built and its numbers from evaluate(); null (with a note) when that fails. */
export function evaluateCandidate(ctx: PlanContext, e: Evaluated): PlanCandidate | null {
  const cand = toCandidate(ctx, e, 0);
  try {
    const design = ctx.build(cand.scenario);
    if (ctx.check) {
      const ex = ctx.check(design);
      if (ex.problem) {
        ctx.notes.push(`${cand.id}: dropped at verification: ${ex.problem}`);
        return null;
      }
      applyEvaluated(cand, ex);
    }
    if (ctx.req.options.designs) cand.design = design;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    ctx.notes.push(`${cand.id}: no design could be built: ${err.message}`);
    return null;
  }
  return cand;
}

/** evaluateCandidate once per slot, dropping (and counting) candidates over a limit by evaluate(). */
export async function verify(ctx: PlanContext, e: Evaluated): Promise<PlanCandidate | null> {
  const prior = ctx.verified.get(e.slot.idx);
  if (prior !== undefined) return prior;
  const cand = evaluateCandidate(ctx, e);
  let ok = cand !== null;
  if (cand && violations(ctx.limits, cand.metrics).length > 0) {
    ok = false;
    ctx.stats.droppedOnVerification++;
  }
  const out = ok ? cand : null;
  ctx.verified.set(e.slot.idx, out);
  await ctx.progress.tick();
  return out;
}
