/**
 * Step time of one laid-out pipeline (1F1B over heterogeneous stages):
 *   m x max_j T_j  +  b x (sum_j T_j - max_j T_j)  +  pipeline p2p  +  max_j (exposed DP comm + optimizer)_j
 * with T_j the stage's forward + backward time per micro-batch, m micro-batches
 * and b = 1 - interleaveEfficiency x (1 - 1/v). Data-parallel traffic of a stage
 * stays inside its pool; point-to-point traffic between pools runs on the link
 * between them.
 */
import { collectiveTimeS, type CollectiveGroup } from '../network/collectives';
import { dpExchangeTerms, optimizerParams, scaleTerms, type StepBreakdown } from '../training';
import {
  bubbleFactor,
  crossGbpsBetween,
  crossP2pS,
  embeddingCopies,
  p2pBytes,
  stageFixedS,
  type Config,
  type MixedContext,
  type StagePlan,
} from './layout';
import { coll, poolGroup, profile, type Profile } from './profile';

export interface PlanResult {
  stepTimeS: number;
  breakdown: StepBreakdown;
  stageTimes: number[];
  tails: number[];
  memory: number[];
  bottleneck: number;
  fits: boolean;
  hardwareFlopsPerStep: number;
  crossGbps: number;
}

/**
 * Data-parallel exchange of one stage (pool `pool`, `l` layers, `embCopies` embedding matrices):
 * the exposed time is the sum of max(0, term) over the returned terms; plus the optimizer step.
 * Each term is concave in l (a collective time, the fastest of affine algorithms, minus an
 * overlap linear in l), which the search's lower bound relies on.
 */
export function tailTerms(
  mc: MixedContext,
  cfg: Config,
  pool: number,
  prof: Profile,
  tp: number,
  l: number,
  embCopies: number,
): { terms: number[]; optS: number } {
  const pc = mc.pcs[pool]!;
  const p = pc.ctx.params;
  const cp = mc.poolCollParams[pool]!;
  const denseP = l * prof.denseLayerParams + embCopies * prof.embParams;
  const expertP = l * prof.expertLayerParams;
  const dpSize = cfg.dp * cfg.cp;
  const edp = dpSize / cfg.ep;
  const gDense = poolGroup(pc.ctx, dpSize, tp);
  const gExpert = poolGroup(pc.ctx, edp, tp * cfg.ep);
  const terms = dpExchangeTerms(
    mc.zero,
    denseP,
    expertP,
    p,
    l * prof.layerFwdS,
    l * prof.layerBwdS,
    cfg.micro,
    (op, dense, expert) => coll(cp, op, dense, gDense) + coll(cp, op, expert, gExpert),
  );
  const optParams = optimizerParams(mc.zero, denseP, expertP, dpSize, edp);
  const optS = (optParams * p.optimizerStepBytesPerParam) / (pc.ctx.hbmBytesPerS * p.hbmEfficiency);
  return { terms, optS };
}

/**
 * Lower bound on max_j (exposed DP exchange + optimizer)_j: some stage holds >= ceil(L / S) layers;
 * on whichever pool it is, its terms are concave in l, so over [l0, L] each is at least its smaller
 * end value, and the optimizer step grows with l. Embedding copies only add to the exchange.
 */
export function tailLowerBound(mc: MixedContext, cfg: Config): number {
  const { L, k, pcs, cache } = mc;
  const S = cfg.stages.reduce((a, b) => a + b, 0);
  const l0 = Math.ceil(L / S);
  let lb = Infinity;
  for (let i = 0; i < k; i++) {
    if (cfg.stages[i]! < 1) continue;
    const prof = profile(pcs[i]!, cfg.tp[i]!, cfg.cp, cfg.ep, cfg.mb, cfg.rc, cache);
    const lo = tailTerms(mc, cfg, i, prof, cfg.tp[i]!, l0, 0);
    const hi = tailTerms(mc, cfg, i, prof, cfg.tp[i]!, L, 0);
    let b = lo.optS;
    lo.terms.forEach((x, q) => (b += Math.max(0, Math.min(x, hi.terms[q]!))));
    lb = Math.min(lb, b);
  }
  return Number.isFinite(lb) ? lb : 0;
}

/** Exposed data-parallel exchange and optimizer step of every stage, [dpS, optS]. */
function stageTails(mc: MixedContext, cfg: Config, stages: StagePlan[], layers: number[]): [number, number][] {
  const S = stages.length;
  const tailCache = new Map<string, [number, number]>();
  return stages.map((st, j) => {
    const l = layers[j]!;
    const key = `${st.pool}|${l}|${st.first}|${st.last}`;
    const hit = tailCache.get(key);
    if (hit) return hit;
    const embCopies = embeddingCopies(S, st.first, st.last, mc.model.tied);
    const t = tailTerms(mc, cfg, st.pool, st.prof, st.tp, l, embCopies);
    let dpS = 0;
    for (const x of t.terms) dpS += Math.max(0, x);
    const r: [number, number] = [dpS, t.optS];
    tailCache.set(key, r);
    return r;
  });
}

/** One activation (or gradient) message between adjacent stages a and b: inside a pool on its network, else on the link between pools, s. */
export function boundaryP2pS(mc: MixedContext, cfg: Config, a: StagePlan, b: StagePlan): number {
  const bytes = p2pBytes(mc.model, cfg.mb, cfg.cp, a.tp, b.tp);
  if (a.pool !== b.pool) return crossP2pS(mc, a.pool, b.pool, bytes);
  const ctx = mc.pcs[a.pool]!.ctx;
  const g: CollectiveGroup = {
    ...poolGroup(ctx, 2, 1),
    membersPerNode: 2 * a.tp * cfg.cp * cfg.dp <= ctx.domain ? 2 : 1,
  };
  return collectiveTimeS('p2p', bytes, g, mc.poolCollParams[a.pool]!);
}

/** Pipeline point-to-point: the slowest boundary paces the exchange; and the slowest link between pools, Gb/s. */
function pipelineExchange(mc: MixedContext, cfg: Config, stages: StagePlan[]): { p2pMax: number; crossGbps: number } {
  const S = stages.length;
  let p2pMax = 0;
  let crossGbps = Infinity;
  for (let j = 0; j + 1 < S; j++) {
    const a = stages[j]!;
    const b = stages[j + 1]!;
    // boundaries inside one pool are all alike: one evaluation per pool
    if (a.pool === b.pool && j > 0 && stages[j - 1]!.pool === a.pool) continue;
    if (a.pool !== b.pool) crossGbps = Math.min(crossGbps, crossGbpsBetween(mc, a.pool, b.pool));
    p2pMax = Math.max(p2pMax, boundaryP2pS(mc, cfg, a, b));
  }
  return { p2pMax, crossGbps };
}

/** Index of the largest value (the first one on ties). */
function argMax(xs: readonly number[]): number {
  let best = 0;
  for (let j = 1; j < xs.length; j++) if (xs[j]! > xs[best]!) best = j;
  return best;
}

/** Step time, its breakdown, memory and FLOPs of `cfg` with `layers` per stage. */
export function evaluatePlan(mc: MixedContext, cfg: Config, stages: StagePlan[], layers: number[]): PlanResult {
  const { model, G } = mc;
  const S = stages.length;
  const m = cfg.micro;
  const stageTimes = stages.map((st, j) => layers[j]! * st.prof.layerS + stageFixedS(st));
  const bottleneck = argMax(stageTimes);
  const tMax = stageTimes[bottleneck]!;
  const sumT = stageTimes.reduce((a, b) => a + b, 0);

  // data-parallel exchange (inside the pool) and optimizer step, per stage
  const tails = stageTails(mc, cfg, stages, layers);
  const tailJ = argMax(tails.map((x) => x[0] + x[1]));
  const { p2pMax, crossGbps } = pipelineExchange(mc, cfg, stages);

  const bn = stages[bottleneck]!;
  const bl = layers[bottleneck]!;
  const breakdown: StepBreakdown = {
    computeS:
      m * (bl * bn.prof.layerComputeS + (bn.first ? bn.prof.embComputeS : 0) + (bn.last ? bn.prof.headComputeS : 0)),
    tpCommS: m * (bl * bn.prof.layerTpS + (bn.first ? bn.prof.embTpS : 0) + (bn.last ? bn.prof.headTpS : 0)),
    cpCommS: m * bl * bn.prof.layerCpS,
    epCommS: m * bl * bn.prof.layerEpS,
    ppCommS: S > 1 ? m * cfg.v * 2 * p2pMax : 0,
    pipelineBubbleS: S > 1 ? bubbleFactor(mc, cfg.v) * (sumT - tMax) : 0,
    dpCommExposedS: tails[tailJ]![0],
    optimizerS: tails[tailJ]![1],
    stragglerS: 0,
    frameworkOverheadS: 0,
  };
  const scale = scaleTerms(mc.params, breakdown.computeS + breakdown.tpCommS + breakdown.cpCommS + breakdown.epCommS, cfg.dp, m, cfg.v);
  breakdown.stragglerS = scale.stragglerS;
  breakdown.frameworkOverheadS = scale.frameworkOverheadS;
  const stepTimeS =
    breakdown.computeS +
    breakdown.tpCommS +
    breakdown.cpCommS +
    breakdown.epCommS +
    breakdown.ppCommS +
    breakdown.pipelineBubbleS +
    breakdown.dpCommExposedS +
    breakdown.optimizerS +
    breakdown.stragglerS +
    breakdown.frameworkOverheadS;
  const memory = stages.map((st, j) => st.fixedBytes + layers[j]! * st.perLayerBytes);
  const fits = memory.every((x, j) => x <= stages[j]!.capacityBytes);
  let hwLayers = 0;
  stages.forEach((st, j) => (hwLayers += layers[j]! * st.prof.hwLayerFlops));
  const hardwareFlopsPerStep = (G / cfg.mb) * (hwLayers + 3 * 2 * cfg.mb * model.s * model.h * model.V);
  return {
    stepTimeS,
    breakdown,
    stageTimes,
    tails: tails.map((x) => x[0] + x[1]),
    memory,
    bottleneck,
    fits,
    hardwareFlopsPerStep,
    crossGbps: Number.isFinite(crossGbps) ? crossGbps : 0,
  };
}
