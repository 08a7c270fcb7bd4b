/**
 * Chart data of a reliability estimate (goodput against cluster size,
 * recovery time, checkpoint interval and spare nodes) and the comparison of
 * the recovery strategies, each point a full estimate with one input changed.
 */
import { RECOVERY_PRESETS } from './assumptions';
import { compute, type Core } from './compute';
import { defaultFabricCounts } from './formulas';
import { STRATEGIES, type Normalized } from './input';
import type { CheckpointIntervalPoint, ReliabilityCharts, StrategyComparison } from './types';

export const DEFAULT_CLUSTER_SIZES: readonly number[] = [
  64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072,
];
export const DEFAULT_RECOVERY_MINUTES: readonly number[] = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 240, 480];
export const DEFAULT_SPARE_NODES: readonly number[] = [0, 1, 2, 4, 8, 16, 32];
const INTERVAL_FACTORS: readonly number[] = [0.125, 0.25, 0.5, 0.75, 1, 1.5, 2, 4, 8];

function resized(n: Normalized, accelerators: number): Normalized {
  const fabric = defaultFabricCounts(accelerators, n.a.fabricSwitchRadix);
  const ratio = accelerators / n.accelerators;
  return {
    ...n,
    accelerators,
    nodes: Math.ceil(accelerators / n.perNode),
    // Keep the user's counts per accelerator when given, else the fat-tree defaults.
    switches: n.fabricDerived.switches ? fabric.switches : Math.round(n.switches * ratio),
    links: n.fabricDerived.links ? fabric.links : Math.round(n.links * ratio),
    nics: Math.round(n.nics * ratio),
  };
}

export function chartsFor(n: Normalized, core: Core): ReliabilityCharts {
  const goodputVsClusterSize = DEFAULT_CLUSTER_SIZES.map((size) => {
    const r = compute(resized(n, size)).result;
    return {
      accelerators: size,
      mtbfHours: r.mtbfHours,
      interruptionsPerDay: r.interruptionsPerDay,
      checkpointIntervalMin: r.checkpointIntervalMin,
      goodput: r.goodput,
    };
  });
  const goodputVsRecoveryTime = DEFAULT_RECOVERY_MINUTES.map((m) => ({
    recoveryMin: m,
    goodput: compute(n, { recoveryOverrideS: m * 60 }).result.goodput,
  }));
  const optimal = core.result.optimalCheckpointIntervalMin * 60;
  const seen = new Set<number>();
  const goodputVsCheckpointInterval: CheckpointIntervalPoint[] = [];
  for (const f of INTERVAL_FACTORS) {
    const r = compute(n, { intervalOverrideS: optimal * f }).result;
    if (seen.has(r.checkpointIntervalMin)) continue;
    seen.add(r.checkpointIntervalMin);
    goodputVsCheckpointInterval.push({ intervalMin: r.checkpointIntervalMin, goodput: r.goodput });
  }
  const goodputVsSpareNodes = DEFAULT_SPARE_NODES.map((s) => {
    const r = compute({ ...n, spareNodes: s }).result;
    return { spareNodes: s, pNoSpare: r.pNoSpare, recoveryS: r.recoveryS, goodput: r.goodput };
  });
  return { goodputVsClusterSize, goodputVsRecoveryTime, goodputVsCheckpointInterval, goodputVsSpareNodes };
}

export function strategiesFor(n: Normalized): StrategyComparison[] {
  const out: StrategyComparison[] = [];
  for (const strategy of STRATEGIES) {
    if (strategy !== 'in-memory' && n.storageWriteGBps === 0) continue;
    // Component-time overrides belong to the chosen strategy only.
    const r = compute({ ...n, strategy, recovery: strategy === n.strategy ? n.recovery : {} }).result;
    out.push({
      strategy,
      label: RECOVERY_PRESETS[strategy].label,
      recoveryS: r.recoveryS,
      checkpointIntervalMin: r.checkpointIntervalMin,
      goodput: r.goodput,
      wallClockDays: r.wallClockDays,
      lostCostUsd: r.lostCostUsd,
    });
  }
  return out;
}
