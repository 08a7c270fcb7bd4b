/**
 * A slot's training time (the capped parallelism search, cached by what the
 * network makes of it) and its metrics with failures: reliability gives the
 * wall-clock days, from which TCO, energy and CO2 follow.
 */
import { estimateReliability } from '../reliability';
import { plannerAssumption } from './assumptions';
import type { PlanContext, Slot } from './context';
import { scaleOutGbpsPerAccelerator } from './economics';
import type { CandidateMetrics } from './plan-types';
import { energyOf, tcoOf } from './screen';
import { searchTime, type TimeEstimate, type TimeFailure } from './timeModel';

/** The slot's parallelism search, run once per network-relevant key (timeKey). */
export function timeOf(ctx: PlanContext, s: Slot): TimeEstimate | TimeFailure {
  let r = ctx.timeCache.get(s.timeKey);
  if (!r) {
    const maxConfigs = ctx.req.options.maxConfigsPerCandidate;
    r = searchTime(
      {
        model: ctx.model,
        tokens: ctx.tokens,
        globalBatch: ctx.globalBatch,
        precision: ctx.precision,
        zeroStage: ctx.zeroStage,
        accelerator: s.acc,
        count: s.count,
        perNode: s.server.acceleratorsPerServer,
        scaleOutGbps: scaleOutGbpsPerAccelerator(s.server) || 1,
        oversubscription: s.econ.fabricTiers > 0 ? s.oversub : 1,
        inNetworkReduction: s.econ.inNetworkReduction,
        assumptions: ctx.overrides,
      },
      maxConfigs,
    );
    ctx.timeCache.set(s.timeKey, r);
    ctx.stats.timeSearches++;
    ctx.stats.parallelismConfigsEvaluated += r.configsEvaluated;
    if (r.fits && r.capped)
      ctx.notes.push(`${s.acc.id} x ${s.count}: parallelism search capped at ${maxConfigs} configurations.`);
  }
  return r;
}

/** Wall-clock days and goodput of the slot's run, cached by time key and node count. */
function reliabilityOf(ctx: PlanContext, s: Slot, t: TimeEstimate): { wallClockDays: number; goodput: number } {
  const rk = `${s.timeKey}|${s.econ.nodes}`;
  let rel = ctx.reliabilityCache.get(rk);
  if (!rel) {
    const r = estimateReliability({
      accelerators: s.count,
      acceleratorsPerNode: s.server.acceleratorsPerServer,
      ...(s.econ.switches > 0 ? { switches: s.econ.switches, links: Math.max(1, s.econ.links) } : {}),
      nics: Math.max(1, Math.round((s.server.computeNics.count / s.server.acceleratorsPerServer) * s.count)),
      parameterCount: ctx.counts.totalParams,
      failureFreeDays: t.trainingDays,
      storageWriteGBps: s.econ.nodes * plannerAssumption('planner.checkpointWriteGBpsPerNode', ctx.overrides),
      strategy: 'automatic',
      charts: false,
    });
    rel = { wallClockDays: r.wallClockDays, goodput: r.goodput };
    ctx.reliabilityCache.set(rk, rel);
  }
  return rel;
}

/** The screening metrics of a slot whose layout fits. */
export function metricsOf(ctx: PlanContext, s: Slot, t: TimeEstimate): CandidateMetrics {
  const rel = reliabilityOf(ctx, s, t);
  const days = Math.max(rel.wallClockDays, t.trainingDays);
  const energyMWh = energyOf(s.econ, days);
  return {
    trainingDays: t.trainingDays,
    wallClockDays: days,
    goodput: rel.goodput,
    stepTimeS: t.stepTimeS,
    tokensPerSecond: t.tokensPerSecond,
    mfu: t.mfu,
    memoryPerAcceleratorGiB: t.memoryPerAcceleratorGiB,
    itPowerKW: s.econ.itPowerKW,
    facilityPowerKW: s.econ.facilityPowerKW,
    pue: s.econ.pue,
    capexUsd: s.econ.capexUsd,
    opexUsdPerYear: s.econ.opexUsdPerYear,
    tcoUsd: tcoOf(s.econ, days),
    energyMWh,
    co2Tonnes: energyMWh * s.econ.gridKgCO2PerKWh,
  };
}
