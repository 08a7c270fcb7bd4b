/**
 * One pool seen by the mixed-chip planner: its training-engine context, and
 * the per-layer and per-stage costs of one shape (tp, cp, ep, micro-batch,
 * recompute) on it, taken from the training engine's own cost functions so a
 * pool alone costs what estimateTraining says it costs.
 */
import { InputError } from '../errors';
import {
  collectiveTimeS,
  type CollectiveGroup,
  type CollectiveOp,
  type CollectiveParams,
} from '../network/collectives';
import {
  createContext,
  embeddingCosts,
  headCosts,
  layerCosts,
  localLayerParams,
  ranksPerDomain,
  zeroBytesPerParam,
  type EngineContext,
  type Recompute,
  type TrainingInput,
  type TrainingParams,
} from '../training';
import type { MixedInput, MixedPool } from './types';

export interface PoolCtx {
  name: string;
  index: number;
  pool: MixedPool;
  ctx: EngineContext;
}

/** Per-layer and per-stage constants of one pool at one (tp, ep, micro-batch, recompute). */
export interface Profile {
  layerS: number;
  layerComputeS: number;
  layerTpS: number;
  layerEpS: number;
  layerCpS: number;
  layerFwdS: number;
  layerBwdS: number;
  embS: number;
  embComputeS: number;
  embTpS: number;
  headS: number;
  headComputeS: number;
  headTpS: number;
  /** Parameters per accelerator. */
  denseLayerParams: number;
  expertLayerParams: number;
  embParams: number;
  actPerLayerBytes: number;
  workingBytes: number;
  headActBytes: number;
  /** Hardware FLOPs of one layer for one whole micro-batch. */
  hwLayerFlops: number;
}

/** The single-pool training input of `pool` (parallelism left to the search). */
export function poolTrainingInput(
  input: MixedInput,
  pool: MixedPool,
  assumptions: Record<string, number>,
): TrainingInput {
  return {
    model: input.model,
    training: { ...input.training, parallelism: {} },
    cluster: {
      accelerator: pool.accelerator,
      count: pool.count,
      perNode: pool.perNode,
      scaleOutGbps: pool.scaleOutGbps,
      ...(pool.oversubscription !== undefined ? { oversubscription: pool.oversubscription } : {}),
      ...(pool.scaleUpDomain !== undefined ? { scaleUpDomain: pool.scaleUpDomain } : {}),
      ...(pool.inNetworkReduction !== undefined ? { inNetworkReduction: pool.inNetworkReduction } : {}),
      ...(pool.scaleUpReduction !== undefined ? { scaleUpReduction: pool.scaleUpReduction } : {}),
    },
    assumptions,
  };
}

/** Run `f`, re-pathing `cluster.*` errors of a single-pool call to `cluster.pools[i].*`. */
export function inPool<T>(i: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError && e.path.startsWith('cluster.')) {
      throw new InputError(
        `cluster.pools[${i}].${e.path.slice('cluster.'.length)}`,
        e.message.slice(e.path.length + 2),
      );
    }
    throw e;
  }
}

/** One engine context per pool; pool names default to the accelerator id, repeats suffixed #2, #3, ... */
export function createPoolContexts(input: MixedInput, trainingAssumptions: Record<string, number>): PoolCtx[] {
  const seen = new Map<string, number>();
  return input.pools.map((pool, index) => {
    const ctx = inPool(index, () => createContext(poolTrainingInput(input, pool, trainingAssumptions)));
    const base = pool.name ?? pool.accelerator.id;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { name: n > 1 ? `${base}#${n}` : base, index, pool, ctx };
  });
}

/** A communicator of `size` ranks spaced `stride` apart inside one pool. */
export function poolGroup(ctx: EngineContext, size: number, stride: number): CollectiveGroup {
  return {
    size,
    membersPerNode: ranksPerDomain(ctx.domain, size, stride),
    intraGBps: ctx.intraGBps,
    interGBps: ctx.interGBps,
    scaleUpReduction: ctx.scaleUpReduction,
    scaleOutReduction: ctx.scaleOutReduction,
  };
}

/** The collective-model subset of the parameters (collectiveTimeS copies what it is given on every call). */
export function collectiveParams(p: TrainingParams, overrides: Partial<CollectiveParams> = {}): CollectiveParams {
  return {
    intraBusEfficiency: p.intraBusEfficiency,
    interBusEfficiency: p.interBusEfficiency,
    inNetworkEfficiency: p.inNetworkEfficiency,
    intraLatencyS: p.intraLatencyS,
    interLatencyS: p.interLatencyS,
    ...overrides,
  };
}

/** Time of a collective, 0 for a group of one or nothing to send. */
export function coll(params: CollectiveParams, op: CollectiveOp, bytes: number, g: CollectiveGroup): number {
  if (g.size <= 1 || bytes <= 0) return 0;
  return collectiveTimeS(op, bytes, g, params);
}

/** The costs of one shape on pool `pc`, memoised in `cache`. */
export function profile(
  pc: PoolCtx,
  tp: number,
  cp: number,
  ep: number,
  mb: number,
  rc: Recompute,
  cache: Map<string, Profile>,
): Profile {
  const key = `${pc.index}|${tp}|${cp}|${ep}|${mb}|${rc}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const ctx = pc.ctx;
  const m = ctx.model;
  const lc = layerCosts(ctx, tp, cp, ep, mb, rc);
  const head = headCosts(ctx, tp, cp, mb);
  const emb = embeddingCosts(ctx, tp, cp, mb);
  const local = localLayerParams(m, tp, ep);
  const p: Profile = {
    layerComputeS: lc.fwdS + lc.bwdS,
    layerTpS: lc.tpFwdS + lc.tpBwdS,
    layerEpS: lc.epFwdS + lc.epBwdS,
    layerCpS: lc.cpFwdS + lc.cpBwdS,
    layerS: 0,
    layerFwdS: lc.fwdS,
    layerBwdS: lc.bwdS,
    embComputeS: emb.fwdS + emb.bwdS,
    embTpS: emb.tpS,
    embS: emb.fwdS + emb.bwdS + emb.tpS,
    headComputeS: head.fwdS + head.bwdS,
    headTpS: head.tpS,
    headS: head.fwdS + head.bwdS + head.tpS,
    denseLayerParams: local.attention + local.denseFfn,
    expertLayerParams: local.experts,
    embParams: (m.V * m.h) / tp,
    actPerLayerBytes: lc.activationBytes,
    workingBytes: lc.workingBytes,
    headActBytes: head.activationBytes,
    hwLayerFlops: lc.hardwareFlops * tp * cp,
  };
  p.layerS = p.layerComputeS + p.layerTpS + p.layerEpS + p.layerCpS;
  cache.set(key, p);
  return p;
}

/** Bytes per parameter held by one accelerator under the ZeRO stage, for parameters sharded over `dpSize`. */
export function bytesPerParam(params: TrainingParams, zero: number, dpSize: number): number {
  const b = zeroBytesPerParam(params, zero, dpSize);
  return b.weights + b.grads + b.optimizer;
}
