/**
 * The shared state of one mixed-chip plan and the pipeline it lays out: the
 * pools' contexts and memoised costs, the link between pools, and the stages
 * of one configuration (pool order, per-pool tp and stage counts) with what
 * each holds in memory at its pipeline position.
 */
import { collectiveTimeS, type CollectiveGroup, type CollectiveParams } from '../network/collectives';
import type { NormalizedModel, Recompute, TrainingParams, ZeroStage } from '../training';
import type { MixedParams } from './assumptions';
import { bytesPerParam, collectiveParams, profile, type PoolCtx, type Profile } from './profile';
import type { MixedInput } from './types';
import { GiB } from './validate';

/** One plan's pools, model and caches (the first pool's context sets the model-wide figures). */
export interface MixedContext {
  input: MixedInput;
  pcs: readonly PoolCtx[];
  /** Number of pools. */
  k: number;
  model: NormalizedModel;
  params: TrainingParams;
  /** Layers. */
  L: number;
  /** Global batch, sequences. */
  G: number;
  zero: ZeroStage;
  mixed: MixedParams;
  /** Profiles by pool and shape. */
  cache: Map<string, Profile>;
  /** Collective parameters of the link between pools, and of each pool's own network. */
  crossParams: CollectiveParams;
  poolCollParams: CollectiveParams[];
  crossCache: Map<string, number>;
}

export function createMixedContext(input: MixedInput, pcs: readonly PoolCtx[], mixed: MixedParams): MixedContext {
  const ctx0 = pcs[0]!.ctx;
  return {
    input,
    pcs,
    k: pcs.length,
    model: ctx0.model,
    params: ctx0.params,
    L: ctx0.model.L,
    G: ctx0.globalBatch,
    zero: ctx0.zero,
    mixed,
    cache: new Map(),
    crossParams: collectiveParams(ctx0.params, { interBusEfficiency: mixed.crossPoolBusEfficiency }),
    poolCollParams: pcs.map((pc) => collectiveParams(pc.ctx.params)),
    crossCache: new Map(),
  };
}

/** One layout of the pipeline. */
export interface Config {
  order: number[];
  v: number;
  mb: number;
  rc: Recompute;
  dp: number;
  ep: number;
  cp: number;
  /** tp per pool (by pool index). */
  tp: number[];
  /** stages per pool (by pool index). */
  stages: number[];
  micro: number;
}

export interface StagePlan {
  pool: number;
  prof: Profile;
  tp: number;
  first: boolean;
  last: boolean;
  position: number;
  /** Memory = fixedBytes + layers x perLayerBytes. */
  fixedBytes: number;
  perLayerBytes: number;
  capacityBytes: number;
  maxLayers: number;
}

/** Pipeline bubble per unit of (sum - max) stage time with `v` interleaved chunks. */
export function bubbleFactor(mc: MixedContext, v: number): number {
  return 1 - Math.min(1, mc.params.interleaveEfficiency) * (1 - 1 / v);
}

/** Per-accelerator rate between pools a and b, Gb/s: the link between pools and both pools' scale-out. */
export function crossGbpsBetween(mc: MixedContext, a: number, b: number): number {
  return Math.min(mc.input.crossPoolGbps ?? Infinity, mc.pcs[a]!.pool.scaleOutGbps, mc.pcs[b]!.pool.scaleOutGbps);
}

/** One point-to-point message between pools a and b, s. */
export function crossP2pS(mc: MixedContext, a: number, b: number, bytes: number): number {
  const g: CollectiveGroup = {
    size: 2,
    membersPerNode: 1,
    intraGBps: 1,
    interGBps: crossGbpsBetween(mc, a, b) / 8,
    interLatencyS: mc.mixed.crossPoolLatencyS,
  };
  const key = `${a}|${b}|${bytes}`;
  const hit = mc.crossCache.get(key);
  if (hit !== undefined) return hit;
  const t = collectiveTimeS('p2p', bytes, g, mc.crossParams);
  mc.crossCache.set(key, t);
  return t;
}

/** Activation bytes sent between two adjacent stages per micro-batch (16-bit, split over the smaller tp). */
export function p2pBytes(model: NormalizedModel, mb: number, cp: number, tpA: number, tpB: number): number {
  return (((mb * model.s) / cp) * model.h * 2) / Math.min(tpA, tpB);
}

/** Embedding matrices a stage holds: both ends of a one-stage pipeline (one when tied), else first and last. */
export function embeddingCopies(S: number, first: boolean, last: boolean, tied: boolean): number {
  return S === 1 ? (tied ? 1 : 2) : (first ? 1 : 0) + (last ? 1 : 0);
}

/** Per-micro-batch time a stage spends outside its layers (embedding, output layer), s. */
export function stageFixedS(st: StagePlan): number {
  return (st.first ? st.prof.embS : 0) + (st.last ? st.prof.headS : 0);
}

/** The stages of `cfg` in pipeline order, each with its memory model and the most layers it can hold. */
export function buildStages(mc: MixedContext, cfg: Config): StagePlan[] {
  const { model, zero } = mc;
  const S = cfg.order.reduce((s, i) => s + cfg.stages[i]!, 0);
  const out: StagePlan[] = [];
  let position = 0;
  for (const i of cfg.order) {
    const pc = mc.pcs[i]!;
    const tp = cfg.tp[i]!;
    const prof = profile(pc, tp, cfg.cp, cfg.ep, cfg.mb, cfg.rc, mc.cache);
    const bDense = bytesPerParam(pc.ctx.params, zero, cfg.dp * cfg.cp);
    const bExpert = bytesPerParam(pc.ctx.params, zero, (cfg.dp * cfg.cp) / cfg.ep);
    const zero3Buffer =
      zero === 3 ? 2 * (prof.denseLayerParams + prof.expertLayerParams) * pc.ctx.params.weightBytesPerParam : 0;
    for (let s = 0; s < cfg.stages[i]!; s++, position++) {
      const first = position === 0;
      const last = position === S - 1;
      const embCopies = embeddingCopies(S, first, last, model.tied);
      const inflight = S > 1 ? Math.min(cfg.micro, S - position) * (cfg.v > 1 ? 1 + (S - 1) / (S * cfg.v) : 1) : 1;
      const fixedBytes =
        embCopies * prof.embParams * bDense +
        prof.workingBytes +
        (last ? prof.headActBytes : 0) +
        pc.ctx.params.memoryReserveGiB * GiB +
        zero3Buffer;
      const perLayerBytes =
        prof.denseLayerParams * bDense + prof.expertLayerParams * bExpert + prof.actPerLayerBytes * inflight;
      const cap = pc.ctx.capacityBytes;
      const maxLayers = Math.max(0, Math.floor((cap - fixedBytes) / perLayerBytes));
      out.push({ pool: i, prof, tp, first, last, position, fixedBytes, perLayerBytes, capacityBytes: cap, maxLayers });
    }
  }
  return out;
}
