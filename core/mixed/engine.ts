/**
 * Mixed-chip training: one model across pools of different accelerators.
 *
 * Layout. Every data-parallel replica is one pipeline spanning all pools:
 * pool i contributes s_i consecutive stages of tensor-parallel width tp_i, so
 * the job uses dp x cp x s_i x tp_i accelerators of pool i (dp and cp are
 * common to all pools). Data-parallel gradient traffic of a stage therefore stays inside its
 * pool; only pipeline point-to-point traffic crosses between pools, at the
 * slowest of crossPoolGbps and the two pools' scale-out rates.
 *
 * Split. Stages get different layer counts, found by a min-max search: the
 * smallest per-micro-batch stage time T such that the layers each stage can do
 * within T (and hold in memory at its pipeline position) add up to the model;
 * surplus layers are then taken from the stages that are slowest per layer.
 * The search runs over pool order, dp, tp per pool, micro-batch, recompute,
 * interleaving, context parallelism (common to all pools) and (MoE) expert
 * parallelism.
 *
 * Step time (1F1B, heterogeneous stages T_j per micro-batch, m micro-batches):
 *   m x max_j T_j  +  b x (sum_j T_j - max_j T_j)  +  pipeline p2p  +  max_j (exposed DP comm + optimizer)_j
 * with b = 1 - interleaveEfficiency x (1 - 1/v). For identical stages this is
 * the training engine's (m + b (pp - 1)) x T.
 *
 * Where each part lives: input checks and the memory floor (validate.ts), pool
 * contexts and per-shape costs (profile.ts), the search space (space.ts), stage
 * memory and the link between pools (layout.ts), the step time (step.ts), the
 * layer split (split.ts), branch and bound (search.ts), standalone references
 * (standalone.ts) and the estimate (assemble.ts); this file composes them.
 */
import { InputError } from '../errors';
import { resolveTrainingParams } from '../training';
import { assembleEstimate, poolResult } from './assemble';
import { createMixedContext, type MixedContext } from './layout';
import { createPoolContexts } from './profile';
import { planReplicas } from './replicas';
import { enumerateCandidates, noPlanError, searchLayouts, type BestPlan } from './search';
import { searchSpace } from './space';
import { uniformSplit } from './split';
import { standaloneThroughput, type Standalone } from './standalone';
import { evaluatePlan } from './step';
import type { MixedEstimate, MixedInput } from './types';
import {
  checkMemoryFloor,
  fail,
  memoryFloor,
  resolveFixedDims,
  splitAssumptions,
  validatePools,
  type FixedDims,
} from './validate';

export { minMaxSplit } from './split';
export { splitAssumptions } from './validate';

/**
 * Mixed-chip training estimate: the fastest non-uniform pipeline across the
 * pools, its uniform-split counterpart, and each pool's standalone throughput.
 */
export function estimateMixed(input: MixedInput): MixedEstimate {
  const pipeline = planMixed(input, true);
  let replicas: MixedEstimate | null = null;
  if (input.pools.length >= 2) {
    const { training, mixed } = splitAssumptions(input.assumptions);
    const gradReduceBytes = resolveTrainingParams(training).gradReduceBytes;
    replicas = planReplicas(input, pipeline, (x) => planMixed(x, false), { ...mixed, gradReduceBytes });
  }
  if (replicas && replicas.tokensPerSecond > pipeline.tokensPerSecond) return replicas;
  if (replicas) pipeline.alternatives.replicasTokensPerSecond = replicas.tokensPerSecond;
  return pipeline;
}

/** Each pool planned alone (its standalone reference, and a guide for the tp search); null where it has no plan. */
function planPoolsAlone(input: MixedInput, mc: MixedContext, withStandalone: boolean): (MixedEstimate | null)[] {
  return mc.pcs.map((pc) => {
    if (mc.k === 1 || !withStandalone) return null;
    try {
      return planMixed({ ...input, pools: [pc.pool], crossPoolGbps: undefined }, false);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return null;
    }
  });
}

/** The pools' results, with standalone throughputs when `alonePlans` were run (`withStandalone`). */
function poolResults(
  mc: MixedContext,
  best: BestPlan,
  alonePlans: readonly (MixedEstimate | null)[],
  trainingAssumptions: Record<string, number>,
  fixed: FixedDims,
  withStandalone: boolean,
) {
  const tokensPerStep = mc.G * mc.model.s;
  return mc.pcs.map((pc, i) => {
    let standalone: Standalone = { basis: 'searched', tps: 0 };
    if (withStandalone) {
      const own = mc.k === 1 ? tokensPerStep / best.r.stepTimeS : (alonePlans[i]?.tokensPerSecond ?? 0);
      standalone = standaloneThroughput(mc, pc, trainingAssumptions, fixed, own);
    }
    return poolResult(mc, i, best, standalone);
  });
}

/** The pipeline layout only (no standalone references when `withStandalone` is false). */
export function planMixed(input: MixedInput, withStandalone: boolean): MixedEstimate {
  if (!input || typeof input !== 'object') fail('', 'input must be an object');
  validatePools(input);
  const { training: trainingAssumptions, mixed } = splitAssumptions(input.assumptions);
  const pcs = createPoolContexts(input, trainingAssumptions);
  const mc = createMixedContext(input, pcs, mixed);
  const fixed = resolveFixedDims(input, mc.model, pcs);
  const counts = pcs[0]!.ctx.counts;
  const floor = memoryFloor(pcs, mc.params, counts.totalParams);
  checkMemoryFloor(floor, mc.params, counts.totalParams);

  const alonePlans = planPoolsAlone(input, mc, withStandalone);
  const space = searchSpace(pcs, mc.model, mc.G, fixed, alonePlans);
  const { candidates, anyShape } = enumerateCandidates(mc, space, fixed.pp);
  const { best, searched, tightest } = searchLayouts(mc, candidates);
  if (!best) noPlanError(mc, anyShape, tightest, floor);

  // the same configuration with its layers split evenly
  const uLayers = uniformSplit(mc.L / best.cfg.v, best.stages.length).map((u) => u * best.cfg.v);
  const uniform = evaluatePlan(mc, best.cfg, best.stages, uLayers);
  const pools = poolResults(mc, best, alonePlans, trainingAssumptions, fixed, withStandalone);
  return assembleEstimate(mc, best, pools, uniform, searched, floor.totalAccelerators);
}
