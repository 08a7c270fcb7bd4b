/**
 * Each pool's standalone throughput, the reference of the aggregate
 * utilisation: the best of the training engine's search on the pool alone and
 * this planner on the pool alone; upper bounds when neither fits.
 */
import { InputError } from '../errors';
import { estimateTraining } from '../training';
import type { MixedContext } from './layout';
import { poolTrainingInput, profile, type PoolCtx } from './profile';
import type { MixedPoolResult } from './types';
import type { FixedDims } from './validate';

export interface Standalone {
  basis: MixedPoolResult['standaloneBasis'];
  tps: number;
}

/**
 * Standalone tokens/s of pool `pc`. `ownTps` is this planner's plan of the pool
 * alone (0 when none): it is not bound to layer counts divisible by pp x virtual
 * stages and may beat the uniform-split search of estimateTraining.
 */
export function standaloneThroughput(
  mc: MixedContext,
  pc: PoolCtx,
  trainingAssumptions: Record<string, number>,
  fixed: FixedDims,
  ownTps: number,
): Standalone {
  const alone = poolTrainingInput(mc.input, pc.pool, trainingAssumptions);
  let fitting = 0;
  let fallback: Standalone | null = null;
  try {
    const e = estimateTraining(alone);
    if (e.fitsInMemory) fitting = e.tokensPerSecond;
    else
      fallback = {
        basis: 'memory-unconstrained',
        tps: estimateTraining({
          ...alone,
          cluster: { ...alone.cluster, accelerator: { ...pc.pool.accelerator, memoryGB: 1e9, memoryGiB: 1e9 } },
        }).tokensPerSecond,
      };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    fallback = computeBound(mc, pc, fixed);
  }
  if (fitting > 0 || ownTps > 0)
    return { basis: ownTps > fitting ? 'non-uniform-split' : 'searched', tps: Math.max(ownTps, fitting) };
  return fallback ?? { basis: 'searched', tps: 0 };
}

/** No valid configuration alone: count / compute-only time per token at tp = 1 (an upper bound). */
function computeBound(mc: MixedContext, pc: PoolCtx, fixed: FixedDims): Standalone {
  const pr = profile(pc, 1, 1, 1, fixed.mb ?? 1, fixed.rc ?? 'none', mc.cache);
  const perMbS = mc.L * pr.layerComputeS + pr.embComputeS + pr.headComputeS;
  return { basis: 'compute-bound', tps: (pc.pool.count * (fixed.mb ?? 1) * mc.model.s) / perMbS };
}
