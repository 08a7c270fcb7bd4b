/**
 * Step time and memory of one execution configuration.
 *
 * Rank layout (Megatron order): tensor parallel innermost, then context,
 * data (expert parallel carved out of data x context), pipeline outermost.
 * A group whose ranks fit in one scale-up domain communicates over it;
 * otherwise it uses the scale-out network (see collectives.ts).
 */
import type { TrainingParams } from './assumptions';
import { GiB, type EngineContext } from './context';
import { coll, p2p } from './kernels';
import { embeddingCosts, headCosts, layerCosts } from './layer-costs';
import type { NormalizedModel } from './model';
import type { ExecutionConfig, Recompute, StepBreakdown } from './types';

// The engine's parts: context.ts (createContext), kernels.ts (collective,
// point-to-point and GEMM times), layer-costs.ts (a layer, the output layer and
// the embedding per micro-batch); this module assembles a step from them.
export { GiB, createContext, type EngineContext } from './context';
export { coll, gemmEfficiency, p2p, ranksPerDomain } from './kernels';
export { embeddingCosts, headCosts, layerCosts, type EmbeddingCosts, type HeadCosts, type LayerCosts } from './layer-costs';

/** Bytes per parameter one accelerator holds for weights, gradients and optimizer state under a ZeRO stage, sharded over `shard` ranks. */
export function zeroBytesPerParam(
  p: Pick<TrainingParams, 'weightBytesPerParam' | 'gradBytesPerParam' | 'optimizerBytesPerParam'>,
  zero: number,
  shard: number,
): { weights: number; grads: number; optimizer: number } {
  return {
    weights: p.weightBytesPerParam * (zero === 3 ? 1 / shard : 1),
    grads: p.gradBytesPerParam * (zero >= 2 ? 1 / shard : 1),
    optimizer: p.optimizerBytesPerParam * (zero >= 1 ? 1 / shard : 1),
  };
}

/** One data-parallel collective over the dense and the expert parameters of a stage, in seconds. */
export type DpCollective = (op: 'all-reduce' | 'reduce-scatter' | 'all-gather', denseBytes: number, expertBytes: number) => number;

/**
 * The data-parallel exchange of one pipeline stage under a ZeRO stage, as terms whose positive
 * parts add up to the exposed time: ZeRO 0 all-reduces the gradients behind the last backward;
 * 1-2 reduce-scatter them behind the last backward and all-gather the updated weights behind
 * the first forward; 3 gathers the weights twice and scatters the gradients for every
 * micro-batch. A `dpCommOverlap` share of that compute hides them. Each term is a collective
 * time minus an overlap linear in the stage's layers (the mixed-chip search relies on it).
 */
export function dpExchangeTerms(
  zero: number,
  denseParams: number,
  expertParams: number,
  p: Pick<TrainingParams, 'gradReduceBytes' | 'paramGatherBytes' | 'dpCommOverlap'>,
  fwdS: number,
  bwdS: number,
  micro: number,
  coll: DpCollective,
): number[] {
  const ov = Math.min(1, p.dpCommOverlap);
  const grads = (op: 'all-reduce' | 'reduce-scatter') => coll(op, denseParams * p.gradReduceBytes, expertParams * p.gradReduceBytes);
  const gather = () => coll('all-gather', denseParams * p.paramGatherBytes, expertParams * p.paramGatherBytes);
  if (zero === 0) return [grads('all-reduce') - ov * bwdS];
  if (zero === 1 || zero === 2) return [grads('reduce-scatter') - ov * bwdS, gather() - ov * fwdS];
  return [micro * (2 * gather() + grads('reduce-scatter') - ov * (fwdS + bwdS))];
}

/** Parameters one accelerator updates in the optimizer step: sharded over the data-parallel ranks from ZeRO 1. */
export function optimizerParams(zero: number, denseParams: number, expertParams: number, dpSize: number, edpSize: number): number {
  return zero >= 1 ? denseParams / dpSize + expertParams / edpSize : denseParams + expertParams;
}

/**
 * Parameters of one transformer layer held by one accelerator: attention (Q and
 * output projections split over tp, K/V over min(tp, kvHeads), plus norms), the
 * dense FFN part (shared experts and router for MoE) and the routed experts
 * (E / ep experts, each split over tp).
 */
export function localLayerParams(m: NormalizedModel, tp: number, ep: number): { attention: number; denseFfn: number; experts: number } {
  const tpKv = Math.min(tp, m.kv);
  return {
    attention: m.h * (m.h / tp + (2 * m.kvDim) / tpKv) + (m.h * m.h) / tp + 4 * m.h,
    denseFfn: m.moe ? (m.shared * m.ffnMats * m.h * m.fe) / tp + m.h * m.E : (m.ffnMats * m.h * m.f) / tp,
    experts: m.moe ? ((m.E / ep) * m.ffnMats * m.h * m.fe) / tp : 0,
  };
}

export interface ConfigResult {
  stepTimeS: number;
  breakdown: StepBreakdown;
  memoryBytes: number;
  weightsBytes: number;
  gradsBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  buffersBytes: number;
  microBatches: number;
  hardwareFlopsPerStep: number;
  modelFlopsPerStep: number;
}

/**
 * Cheap divisibility check (no allocation): 0 when the configuration is
 * valid, otherwise the number of the first rule it breaks (see configProblem).
 */
export function configProblemCode(ctx: EngineContext, c: ExecutionConfig): number {
  const m = ctx.model;
  const { tp, pp, dp, cp, ep, virtualStages: v, microBatch: mb } = c;
  if (!(Number.isInteger(tp) && tp >= 1 && Number.isInteger(pp) && pp >= 1 && Number.isInteger(dp) && dp >= 1)) return 1;
  if (!(Number.isInteger(cp) && cp >= 1 && Number.isInteger(ep) && ep >= 1 && Number.isInteger(v) && v >= 1)) return 1;
  if (!(Number.isInteger(mb) && mb >= 1)) return 1;
  if (tp * pp * dp * cp !== ctx.count) return 2;
  if (m.a % tp !== 0) return 3;
  if (m.kv % tp !== 0 && tp % m.kv !== 0) return 4;
  if (m.L % (pp * v) !== 0) return 5;
  if (v > 1 && pp === 1) return 6;
  if (m.s % cp !== 0) return 7;
  if (ctx.globalBatch % (dp * mb) !== 0) return 8;
  if (v > 1 && (ctx.globalBatch / (dp * mb)) % pp !== 0) return 9;
  if (m.moe) {
    if (m.E % ep !== 0) return 10;
    if ((dp * cp) % ep !== 0) return 11;
  } else if (ep !== 1) return 12;
  return 0;
}

/**
 * Divisibility check of a configuration against the model and batch. Returns
 * [path, message] of the first problem, or null.
 */
export function configProblem(ctx: EngineContext, c: ExecutionConfig): [string, string] | null {
  const m = ctx.model;
  switch (configProblemCode(ctx, c)) {
    case 0:
      return null;
    case 1:
      for (const k of ['tp', 'pp', 'dp', 'cp', 'ep', 'virtualStages', 'microBatch'] as const) {
        const v = c[k];
        if (!Number.isInteger(v) || v < 1)
          return [k === 'microBatch' ? 'training.microBatch' : `training.parallelism.${k}`, 'must be a positive integer'];
      }
      return ['training.parallelism', 'must be positive integers'];
    case 2:
      return [
        'training.parallelism',
        `tp x pp x dp x cp (${c.tp} x ${c.pp} x ${c.dp} x ${c.cp} = ${c.tp * c.pp * c.dp * c.cp}) must equal cluster.count (${ctx.count})`,
      ];
    case 3:
      return ['model.heads', `must be divisible by training.parallelism.tp (${c.tp})`];
    case 4:
      return ['model.kvHeads', `must divide or be divisible by training.parallelism.tp (${c.tp})`];
    case 5:
      return [
        'model.layers',
        `must be divisible by training.parallelism.pp x training.parallelism.virtualStages (${c.pp} x ${c.virtualStages} = ${c.pp * c.virtualStages})`,
      ];
    case 6:
      return ['training.parallelism.virtualStages', 'must be 1 without pipeline parallelism (training.parallelism.pp = 1)'];
    case 7:
      return ['model.seqLength', `must be divisible by training.parallelism.cp (${c.cp})`];
    case 8:
      return [
        'training.globalBatch',
        `must be divisible by training.parallelism.dp x training.microBatch (${c.dp} x ${c.microBatch} = ${c.dp * c.microBatch})`,
      ];
    case 9:
      return [
        'training.parallelism.virtualStages',
        `interleaving needs micro-batches per step (${ctx.globalBatch / (c.dp * c.microBatch)}) divisible by training.parallelism.pp (${c.pp})`,
      ];
    case 10:
      return ['model.experts', `must be divisible by training.parallelism.ep (${c.ep})`];
    case 11:
      return ['training.parallelism.ep', `must divide training.parallelism.dp x cp (${c.dp * c.cp})`];
    default:
      return ['training.parallelism.ep', `must be 1 for a dense model (model.experts = ${m.E})`];
  }
}

/** Step time and memory of a valid configuration (call configProblem first). */
export function evaluateConfig(ctx: EngineContext, c: ExecutionConfig): ConfigResult {
  const m = ctx.model;
  const p = ctx.params;
  const { tp, pp, dp, cp, ep, microBatch: mb } = c;
  const v = c.virtualStages;
  const micro = ctx.globalBatch / (dp * mb);
  const lc = layerCosts(ctx, tp, cp, ep, mb, c.recompute);
  const lps = m.L / pp;
  const head = headCosts(ctx, tp, cp, mb);
  const emb = embeddingCosts(ctx, tp, cp, mb);

  // per micro-batch work of the first and last stage (identical when pp = 1)
  const layerCompute = lps * (lc.fwdS + lc.bwdS);
  const layerTp = lps * (lc.tpFwdS + lc.tpBwdS);
  const layerCp = lps * (lc.cpFwdS + lc.cpBwdS);
  const layerEp = lps * (lc.epFwdS + lc.epBwdS);
  const firstCompute = layerCompute + emb.fwdS + emb.bwdS + (pp === 1 ? head.fwdS + head.bwdS : 0);
  const firstTp = layerTp + emb.tpS + (pp === 1 ? head.tpS : 0);
  const lastCompute = layerCompute + head.fwdS + head.bwdS + (pp === 1 ? emb.fwdS + emb.bwdS : 0);
  const lastTp = layerTp + head.tpS + (pp === 1 ? emb.tpS : 0);
  const useLast = lastCompute + lastTp >= firstCompute + firstTp;
  const computeMb = useLast ? lastCompute : firstCompute;
  const tpMb = useLast ? lastTp : firstTp;
  const stageMb = computeMb + tpMb + layerCp + layerEp;

  const computeS = micro * computeMb;
  const tpCommS = micro * tpMb;
  const cpCommS = micro * layerCp;
  const epCommS = micro * layerEp;
  // 1F1B fill and drain: (pp - 1) stage slots; interleaving over v chunks shrinks it towards (pp - 1) / v,
  // of which only the fraction `interleaveEfficiency` is realised in measured runs
  const bubbleSlots = (pp - 1) * (1 - p.interleaveEfficiency * (1 - 1 / v));
  const pipelineBubbleS = pp > 1 ? bubbleSlots * stageMb : 0;

  // pipeline point-to-point: activations forward and gradients backward at every chunk boundary (scatter/gather over TP)
  let ppCommS = 0;
  if (pp > 1) {
    const bytes = ((mb * m.s) / cp) * m.h * 2 / tp;
    ppCommS = micro * v * 2 * p2p(ctx, bytes, tp * cp * dp);
  }

  // parameters held by one accelerator (heaviest stage)
  const { attention: attnLocal, denseFfn: denseFfnLocal, experts: expertLocal } = localLayerParams(m, tp, ep);
  const embLocal = (m.V * m.h) / tp;
  const embOnStage = pp === 1 ? (m.tied ? 1 : 2) * embLocal : embLocal;
  const denseParams = lps * (attnLocal + denseFfnLocal) + embOnStage;
  const expertParams = lps * expertLocal;

  // data-parallel gradient reduction (dense weights over dp x cp, expert weights over dp x cp / ep)
  const dpSize = dp * cp;
  const edpSize = (dp * cp) / ep;
  const zero = ctx.zero;
  const dpCommExposedS = dpExchangeTerms(zero, denseParams, expertParams, p, lps * lc.fwdS, lps * lc.bwdS, micro, (op, dense, expert) =>
    coll(ctx, op, dense, dpSize, tp) + coll(ctx, op, expert, edpSize, tp * ep),
  ).reduce((t, x) => t + Math.max(0, x), 0);

  // optimizer step: memory-bound over the (sharded) parameters
  const optParams = optimizerParams(zero, denseParams, expertParams, dpSize, edpSize);
  const optimizerS = (optParams * p.optimizerStepBytesPerParam) / (ctx.hbmBytesPerS * p.hbmEfficiency);

  const breakdown: StepBreakdown = {
    computeS,
    tpCommS,
    cpCommS,
    epCommS,
    ppCommS,
    pipelineBubbleS,
    dpCommExposedS,
    optimizerS,
  };
  const stepTimeS =
    computeS + tpCommS + cpCommS + epCommS + ppCommS + pipelineBubbleS + dpCommExposedS + optimizerS;

  // ---- memory per accelerator
  const bDense = zeroBytesPerParam(p, zero, dpSize);
  const bExpert = zeroBytesPerParam(p, zero, edpSize);
  const weightsBytes = denseParams * bDense.weights + expertParams * bExpert.weights;
  const gradsBytes = denseParams * bDense.grads + expertParams * bExpert.grads;
  const optimizerBytes = denseParams * bDense.optimizer + expertParams * bExpert.optimizer;
  const inflight = pp > 1 ? Math.min(micro, pp) * (v > 1 ? 1 + (pp - 1) / (pp * v) : 1) : 1;
  const firstAct = lps * lc.activationBytes * inflight + lc.workingBytes;
  const lastAct = lps * lc.activationBytes + lc.workingBytes + head.activationBytes;
  const activationBytes = pp === 1 ? firstAct + head.activationBytes : Math.max(firstAct, lastAct);
  const zero3Buffer = zero === 3 ? 2 * (attnLocal + denseFfnLocal + expertLocal) * p.weightBytesPerParam : 0;
  const buffersBytes = p.memoryReserveGiB * GiB + zero3Buffer;
  const memoryBytes = weightsBytes + gradsBytes + optimizerBytes + activationBytes + buffersBytes;

  const tokensPerStep = ctx.globalBatch * m.s;
  const modelFlopsPerStep = tokensPerStep * ctx.counts.trainFlopsPerToken;
  const hwLayer = lc.hardwareFlops * tp * cp; // per micro-batch on one TP x CP slice -> whole micro-batch
  const hardwareFlopsPerStep =
    (ctx.globalBatch / mb) * (m.L * hwLayer + 3 * 2 * mb * m.s * m.h * m.V);

  return {
    stepTimeS,
    breakdown,
    memoryBytes,
    weightsBytes,
    gradsBytes,
    optimizerBytes,
    activationBytes,
    buffersBytes,
    microBatches: micro,
    hardwareFlopsPerStep,
    modelFlopsPerStep,
  };
}

/**
 * For the mixed-chip pipeline planner: per-layer forward+backward time and
 * memory on one accelerator of a TP group, and the embedding / output layer
 * times, for a given accelerator (context) and parallel configuration.
 */
export function layerProfile(
  ctx: EngineContext,
  cfg: { tp: number; cp?: number; ep?: number; microBatch: number; recompute: Recompute },
) {
  const cp = cfg.cp ?? 1;
  const ep = cfg.ep ?? 1;
  const lc = layerCosts(ctx, cfg.tp, cp, ep, cfg.microBatch, cfg.recompute);
  const head = headCosts(ctx, cfg.tp, cp, cfg.microBatch);
  const emb = embeddingCosts(ctx, cfg.tp, cp, cfg.microBatch);
  const m = ctx.model;
  const p = ctx.params;
  const local = localLayerParams(m, cfg.tp, ep);
  const layerParams = local.attention + local.denseFfn + local.experts;
  const bytesPerParam = p.weightBytesPerParam + p.gradBytesPerParam + p.optimizerBytesPerParam;
  return {
    /** Forward + backward (incl. recompute and TP/CP/EP communication) of one layer for one micro-batch, s. */
    layerTimeS: lc.fwdS + lc.bwdS + lc.tpFwdS + lc.tpBwdS + lc.cpFwdS + lc.cpBwdS + lc.epFwdS + lc.epBwdS,
    layerForwardS: lc.fwdS + lc.tpFwdS + lc.cpFwdS + lc.epFwdS,
    layerBackwardS: lc.bwdS + lc.tpBwdS + lc.cpBwdS + lc.epBwdS,
    /** Activations kept per layer per in-flight micro-batch, GiB. */
    layerActivationGiB: lc.activationBytes / GiB,
    /** Weights + gradients + optimizer states per layer without optimizer sharding, GiB (divide the optimizer part by dp for ZeRO-1). */
    layerParamGiB: (layerParams * bytesPerParam) / GiB,
    layerParams,
    embeddingTimeS: emb.fwdS + emb.bwdS + emb.tpS,
    headTimeS: head.fwdS + head.bwdS + head.tpS,
    headActivationGiB: head.activationBytes / GiB,
    embeddingParamGiB: ((m.V * m.h) / cfg.tp * bytesPerParam) / GiB,
    /** Activation bytes sent between adjacent stages per micro-batch (forward; the same returns backward). */
    stageBoundaryBytes: ((cfg.microBatch * m.s) / cp) * m.h * 2,
  };
}
