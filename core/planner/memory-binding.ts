/**
 * Why nothing fits in memory, stated for one configuration: the allowed
 * (accelerator, count) whose best layout comes closest to fitting, with that
 * layout's need and that accelerator's memory. Need and capacity always belong
 * to the same configuration, so the need exceeds the capacity and
 * overByFraction is positive (a global minimum need set against a global
 * maximum capacity can mix two accelerators and contradict itself).
 */
import type { BindingConstraint } from './plan-types';
import type { TimeFailure } from './timeModel';

export interface MemoryFailure {
  /** `ascend-910b x 512` */
  at: string;
  failure: TimeFailure;
}

const gib = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 0 });

/** The memory binding constraint of the plan when no configuration fits, from every configuration's failure. */
export function memoryBinding(failures: readonly MemoryFailure[], layout: { globalBatch: number; layers: number; heads: number }): BindingConstraint {
  let closest: { at: string; need: number; cap: number; over: number } | null = null;
  for (const { at, failure: f } of failures) {
    if (f.minMemoryGiB === null || !(f.capacityGiB > 0)) continue;
    const over = (f.minMemoryGiB - f.capacityGiB) / f.capacityGiB;
    if (!closest || over < closest.over) closest = { at, need: f.minMemoryGiB, cap: f.capacityGiB, over };
  }
  if (!closest) {
    return {
      constraint: 'memory',
      field: 'constraints.accelerators',
      limit: null,
      best: null,
      unit: 'GiB',
      overByFraction: null,
      alone: true,
      message: `memory: no allowed accelerator count has a valid parallel layout for this model and batch (workload.globalBatch ${layout.globalBatch}, model.layers ${layout.layers}, model.heads ${layout.heads})`,
    };
  }
  return {
    constraint: 'memory',
    field: 'constraints.accelerators',
    limit: closest.cap,
    best: closest.need,
    unit: 'GiB',
    overByFraction: closest.over,
    alone: true,
    message: `memory: the model does not fit on any allowed configuration: the closest (${closest.at}) needs ${gib(closest.need)} GiB per accelerator and has ${gib(closest.cap)} GiB (allow more accelerators or larger-memory ones)`,
  };
}
