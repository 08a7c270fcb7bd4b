/**
 * Reliability and goodput of a synchronous training job: job MTBF from
 * per-component failure rates, checkpoint size and write/read time,
 * Young/Daly checkpoint interval, recovery time (detection, rescheduling with
 * or without spare nodes, restart, reload) and the resulting goodput,
 * wall-clock time and lost accelerator-hours. Pure functions over plain data;
 * the model is written out in MODEL.md.
 */
import type { ReliabilityAssumptionKey } from './assumptions';
import { chartsFor, strategiesFor } from './charts';
import { compute } from './compute';
import { normalize } from './input';
import type { ComponentFailures, ReliabilityInput, ReliabilityResult } from './types';

// The model's steps: input.ts (validation) -> failures.ts -> checkpoint.ts ->
// recovery.ts -> compute.ts (interval, goodput, wall-clock, warnings) -> charts.ts.
export type * from './types';
export { DAYS_PER_MONTH, GOODPUT_FLOOR, HOURS_PER_DAY, dalyGoodput, defaultFabricCounts, logGoodput, poissonCdfBelow, youngDalyIntervalS } from './formulas';
export { resolveReliabilityAssumptions } from './input';
export { componentFailures } from './failures';
export { DEFAULT_CLUSTER_SIZES, DEFAULT_RECOVERY_MINUTES, DEFAULT_SPARE_NODES } from './charts';

/**
 * Reliability, checkpointing and goodput of a training job.
 * @param path field-path prefix for errors (e.g. 'reliability').
 * @throws InputError on bad input, naming the field.
 */
export function estimateReliability(input: ReliabilityInput, path = ''): ReliabilityResult {
  const n = normalize(input, path);
  const core = compute(n);
  if (input.charts === false) return core.result;
  return { ...core.result, charts: chartsFor(n, core), strategies: strategiesFor(n) };
}

/** Job failure rate and MTBF only (no checkpoint model), for quick sizing. */
export function jobMtbf(input: {
  accelerators: number;
  acceleratorsPerNode: number;
  switches?: number;
  links?: number;
  nics?: number;
  assumptions?: Partial<Record<ReliabilityAssumptionKey, number>>;
}): { mtbfHours: number; interruptionsPerDay: number; interruptionsPerMonth: number; components: ComponentFailures[] } {
  const r = estimateReliability(
    { ...input, parameterCount: 1, failureFreeDays: 1, storageWriteGBps: 1, charts: false },
  );
  return {
    mtbfHours: r.mtbfHours,
    interruptionsPerDay: r.interruptionsPerDay,
    interruptionsPerMonth: r.interruptionsPerMonth,
    components: r.components,
  };
}
