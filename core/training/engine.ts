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
import { configSplit, inflightPerLayer, stageUnitCosts } from './stages';
import type { LayerCosts } from './layer-costs';
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
  /** Layers of every pipeline stage, first to last, and whether the input gave them or the engine balanced them. */
  layersPerStage: number[];
  splitSource: 'input' | 'balanced';
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
  const fixed = ctx.layersPerStage;
  if (fixed) {
    if (fixed.length !== pp) return 13;
    for (const n of fixed) if (n < v) return 14;
  } else if (m.L < pp * v) return 5;
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
        `(${m.L}) cannot fill training.parallelism.pp x training.parallelism.virtualStages (${c.pp} x ${c.virtualStages} = ${c.pp * c.virtualStages}) model chunks of at least one layer`,
      ];
    case 13:
      return ['training.layersPerStage', `must have one entry per pipeline stage: ${ctx.layersPerStage!.length} entries for training.parallelism.pp = ${c.pp}`];
    case 14:
      return [
        'training.layersPerStage',
        `every stage needs at least training.parallelism.virtualStages (${c.virtualStages}) layers, one per model chunk (smallest entry ${Math.min(...ctx.layersPerStage!)})`,
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

/**
 * Costs that grow with scale and with the number of micro-batches: waiting for the slowest of
 * `dp` data-parallel replicas (stragglerCv x busy time x sqrt(2 ln dp), the expected maximum of
 * dp Gaussian step times over their mean) and the framework overhead of every micro-batch on
 * every model chunk.
 */
export function scaleTerms(
  p: Pick<TrainingParams, 'stragglerCv' | 'microBatchOverheadS'>,
  busyS: number,
  dp: number,
  micro: number,
  v: number,
): { stragglerS: number; frameworkOverheadS: number } {
  return {
    stragglerS: dp > 1 ? p.stragglerCv * busyS * Math.sqrt(2 * Math.log(dp)) : 0,
    frameworkOverheadS: micro * v * p.microBatchOverheadS,
  };
}

/** Per-stage parameters one accelerator holds: its layers' dense and expert weights, the embedding on the end stages. */
function stageParams(ctx: EngineContext, c: ExecutionConfig, layers: readonly number[]): Array<{ dense: number; expert: number }> {
  const m = ctx.model;
  const local = localLayerParams(m, c.tp, c.ep);
  const embLocal = (m.V * m.h) / c.tp;
  const last = layers.length - 1;
  return layers.map((n, j) => {
    // with a pipeline the first stage holds the input embedding and the last the output layer (a copy when tied)
    const emb = last === 0 ? (m.tied ? 1 : 2) * embLocal : j === 0 || j === last ? embLocal : 0;
    return { dense: n * (local.attention + local.denseFfn) + emb, expert: n * local.experts };
  });
}

/** Memory of every stage: weights, gradients, optimizer states (ZeRO-sharded), activations in flight, buffers. */
function stageMemory(
  ctx: EngineContext,
  c: ExecutionConfig,
  layers: readonly number[],
  lc: LayerCosts,
  headActBytes: number,
  micro: number,
): Array<{ weights: number; grads: number; optimizer: number; activations: number; buffers: number; total: number }> {
  const p = ctx.params;
  const dpSize = c.dp * c.cp;
  const bDense = zeroBytesPerParam(p, ctx.zero, dpSize);
  const bExpert = zeroBytesPerParam(p, ctx.zero, dpSize / c.ep);
  const local = localLayerParams(ctx.model, c.tp, c.ep);
  const zero3Buffer = ctx.zero === 3 ? 2 * (local.attention + local.denseFfn + local.experts) * p.weightBytesPerParam : 0;
  const buffers = p.memoryReserveGiB * GiB + zero3Buffer;
  const last = layers.length - 1;
  return stageParams(ctx, c, layers).map((sp, j) => {
    const weights = sp.dense * bDense.weights + sp.expert * bExpert.weights;
    const grads = sp.dense * bDense.grads + sp.expert * bExpert.grads;
    const optimizer = sp.dense * bDense.optimizer + sp.expert * bExpert.optimizer;
    const activations =
      layers[j]! * lc.activationBytes * inflightPerLayer(layers.length, c.virtualStages, j, micro) + lc.workingBytes + (j === last ? headActBytes : 0);
    return { weights, grads, optimizer, activations, buffers, total: weights + grads + optimizer + activations + buffers };
  });
}

/** Most layers each stage can hold within the accelerator's memory (for the balanced split). */
function stageCaps(ctx: EngineContext, c: ExecutionConfig, lc: LayerCosts, headActBytes: number, micro: number): number[] {
  const pp = c.pp;
  const zeroL = stageMemory(ctx, c, new Array<number>(pp).fill(0), lc, headActBytes, micro);
  const oneL = stageMemory(ctx, c, new Array<number>(pp).fill(1), lc, headActBytes, micro);
  return zeroL.map((z, j) => Math.max(0, Math.floor((ctx.capacityBytes - z.total) / Math.max(1, oneL[j]!.total - z.total))));
}

/** Step time and memory of a valid configuration (call configProblem first). */
export function evaluateConfig(ctx: EngineContext, c: ExecutionConfig): ConfigResult {
  const m = ctx.model;
  const p = ctx.params;
  const { tp, pp, dp, cp, ep, microBatch: mb } = c;
  const v = c.virtualStages;
  const micro = ctx.globalBatch / (dp * mb);
  const lc = layerCosts(ctx, tp, cp, ep, mb, c.recompute);
  const head = headCosts(ctx, tp, cp, mb);
  const emb = embeddingCosts(ctx, tp, cp, mb);
  const u = stageUnitCosts(lc, emb, head);
  const split = configSplit(ctx, c, u, pp > 1 ? stageCaps(ctx, c, lc, head.activationBytes, micro) : undefined);
  const layers = split.layers;
  const last = pp - 1;

  // per micro-batch time of every stage; the slowest sets the pace, the others fill and drain the pipeline
  const stageS = layers.map((n, j) => n * u.layerS + (j === 0 ? u.embS : 0) + (j === last ? u.headS : 0));
  let b = 0;
  for (let j = 1; j < pp; j++) if (stageS[j]! > stageS[b]!) b = j;
  const nb = layers[b]!;
  const computeS = micro * (nb * (lc.fwdS + lc.bwdS) + (b === 0 ? emb.fwdS + emb.bwdS : 0) + (b === last ? head.fwdS + head.bwdS : 0));
  const tpCommS = micro * (nb * (lc.tpFwdS + lc.tpBwdS) + (b === 0 ? emb.tpS : 0) + (b === last ? head.tpS : 0));
  const cpCommS = micro * nb * (lc.cpFwdS + lc.cpBwdS);
  const epCommS = micro * nb * (lc.epFwdS + lc.epBwdS);
  // 1F1B fill and drain: the other stages' time once; interleaving over v chunks shrinks it towards 1/v,
  // of which only the fraction `interleaveEfficiency` is realised in measured runs
  const sumS = stageS.reduce((a, x) => a + x, 0);
  const pipelineBubbleS = pp > 1 ? (1 - Math.min(1, p.interleaveEfficiency) * (1 - 1 / v)) * (sumS - stageS[b]!) : 0;

  // pipeline point-to-point: activations forward and gradients backward at every chunk boundary (scatter/gather over TP)
  const ppCommS = pp > 1 ? micro * v * 2 * p2p(ctx, (((mb * m.s) / cp) * m.h * 2) / tp, tp * cp * dp) : 0;

  // each stage's data-parallel exchange (dense weights over dp x cp, expert weights over dp x cp / ep) and
  // optimizer step; the step waits for the slowest stage's
  const dpSize = dp * cp;
  const edpSize = (dp * cp) / ep;
  const params = stageParams(ctx, c, layers);
  let dpCommExposedS = 0;
  let optimizerS = 0;
  params.forEach((sp, j) => {
    const exposed = dpExchangeTerms(ctx.zero, sp.dense, sp.expert, p, layers[j]! * lc.fwdS, layers[j]! * lc.bwdS, micro, (op, dense, expert) =>
      coll(ctx, op, dense, dpSize, tp) + coll(ctx, op, expert, edpSize, tp * ep),
    ).reduce((t, x) => t + Math.max(0, x), 0);
    const opt = (optimizerParams(ctx.zero, sp.dense, sp.expert, dpSize, edpSize) * p.optimizerStepBytesPerParam) / (ctx.hbmBytesPerS * p.hbmEfficiency);
    if (exposed + opt > dpCommExposedS + optimizerS) {
      dpCommExposedS = exposed;
      optimizerS = opt;
    }
  });

  const { stragglerS, frameworkOverheadS } = scaleTerms(p, computeS + tpCommS + cpCommS + epCommS, dp, micro, v);
  const breakdown: StepBreakdown = {
    computeS,
    tpCommS,
    cpCommS,
    epCommS,
    ppCommS,
    pipelineBubbleS,
    dpCommExposedS,
    optimizerS,
    stragglerS,
    frameworkOverheadS,
  };
  const stepTimeS =
    computeS + tpCommS + cpCommS + epCommS + ppCommS + pipelineBubbleS + dpCommExposedS + optimizerS + stragglerS + frameworkOverheadS;

  // ---- memory per accelerator: the fullest stage
  const mem = stageMemory(ctx, c, layers, lc, head.activationBytes, micro);
  let f = 0;
  for (let j = 1; j < pp; j++) if (mem[j]!.total > mem[f]!.total) f = j;
  const full = mem[f]!;

  const tokensPerStep = ctx.globalBatch * m.s;
  const modelFlopsPerStep = tokensPerStep * ctx.counts.trainFlopsPerToken;
  const hwLayer = lc.hardwareFlops * tp * cp; // per micro-batch on one TP x CP slice -> whole micro-batch
  const hardwareFlopsPerStep = (ctx.globalBatch / mb) * (m.L * hwLayer + 3 * 2 * mb * m.s * m.h * m.V);

  return {
    stepTimeS,
    breakdown,
    memoryBytes: full.total,
    weightsBytes: full.weights,
    gradsBytes: full.grads,
    optimizerBytes: full.optimizer,
    activationBytes: full.activations,
    buffersBytes: full.buffers,
    microBatches: micro,
    hardwareFlopsPerStep,
    modelFlopsPerStep,
    layersPerStage: layers,
    splitSource: split.source,
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
