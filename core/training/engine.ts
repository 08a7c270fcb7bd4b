/**
 * Step time and memory of one execution configuration.
 *
 * Rank layout (Megatron order): tensor parallel innermost, then context,
 * data (expert parallel carved out of data x context), pipeline outermost.
 * A group whose ranks fit in one scale-up domain communicates over it;
 * otherwise it uses the scale-out network (see collectives.ts).
 */
import {
  collectiveTimeS,
  defaultScaleUpReduction,
  scaleOutUnidirectionalGBps,
  scaleUpUnidirectionalGBps,
  type CollectiveGroup,
  type CollectiveOp,
} from '../network/collectives';
import { acceleratorMemoryBytes, GIB_BYTES } from '../catalog/memory';
import { InputError } from '../errors';
import { resolveTrainingParams, type TrainingParams } from './assumptions';
import { modelCounts, normalizeModel, type ModelCounts, type NormalizedModel } from './model';
import type { ExecutionConfig, Precision, Recompute, StepBreakdown, TrainingInput, ZeroStage } from './types';

export const GiB = GIB_BYTES;

/** Everything about an input that does not depend on the execution configuration. */
export interface EngineContext {
  model: NormalizedModel;
  counts: ModelCounts;
  params: TrainingParams;
  precision: Precision;
  zero: ZeroStage;
  sp: boolean;
  globalBatch: number;
  tokens: number;
  count: number;
  /** Accelerators in one scale-up domain. */
  domain: number;
  intraGBps: number;
  interGBps: number;
  scaleUpReduction: boolean;
  scaleOutReduction: boolean;
  /** Effective peak FLOP/s for linear layers (training precision, FP8 derated) and for attention (16-bit). */
  peakLinear: number;
  peakAttn: number;
  /** Peak of the training precision, the MFU denominator. */
  peakPrecision: number;
  hbmBytesPerS: number;
  capacityBytes: number;
  layerCache: Map<number, LayerCosts>;
  headCache: Map<number, HeadCosts>;
  embCache: Map<number, EmbeddingCosts>;
  /** Reused communicator description (the search evaluates thousands of configurations). */
  scratch: CollectiveGroup;
}

function finitePos(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new InputError(path, 'must be a number > 0');
  return v;
}

export function createContext(input: TrainingInput): EngineContext {
  const model = normalizeModel(input.model);
  const counts = modelCounts(model);
  const params = resolveTrainingParams(input.assumptions);
  const t = input.training;
  const c = input.cluster;
  const acc = c.accelerator;
  if (!acc) throw new InputError('cluster.accelerator', 'is required');
  const precision: Precision = t.precision ?? 'bf16';
  if (!['bf16', 'fp16', 'fp8'].includes(precision)) throw new InputError('training.precision', 'must be bf16, fp16 or fp8');
  const zero = (t.zeroStage ?? 1) as ZeroStage;
  if (![0, 1, 2, 3].includes(zero)) throw new InputError('training.zeroStage', 'must be 0, 1, 2 or 3');
  const tokens = finitePos(t.tokens, 'training.tokens');
  const globalBatch = finitePos(t.globalBatch, 'training.globalBatch');
  if (!Number.isInteger(globalBatch)) throw new InputError('training.globalBatch', 'must be a positive integer');
  const count = finitePos(c.count, 'cluster.count');
  if (!Number.isInteger(count)) throw new InputError('cluster.count', 'must be a positive integer');
  const perNode = finitePos(c.perNode, 'cluster.perNode');
  const scaleOutGbps = finitePos(c.scaleOutGbps, 'cluster.scaleOutGbps');
  const bf16 = finitePos(acc.peakTflops?.bf16, 'cluster.accelerator.peakTflops.bf16') * 1e12;
  const fp16 = (acc.peakTflops.fp16 > 0 ? acc.peakTflops.fp16 : acc.peakTflops.bf16) * 1e12;
  const fp8 = acc.peakTflops.fp8 > 0 ? acc.peakTflops.fp8 * 1e12 : 0;
  const sixteen = precision === 'fp16' ? fp16 : bf16;
  const useFp8 = precision === 'fp8' && fp8 > 0;
  const peakPrecision = useFp8 ? fp8 : sixteen;
  // FP8 GEMMs: the FP8 peak derated by fp8GemmFactor (scaling, casts, lower achieved efficiency)
  const peakLinear = useFp8 ? Math.max(sixteen, fp8 * params.fp8GemmFactor) : sixteen;
  const domain =
    c.scaleUpDomain ??
    (acc.scaleUp.kind === 'nvl72' ? Math.max(perNode, acc.scaleUp.domainSize) : perNode);
  return {
    model,
    counts,
    params,
    precision,
    zero,
    sp: t.sequenceParallel ?? true,
    globalBatch,
    tokens,
    count,
    domain: Math.max(1, Math.floor(domain)),
    intraGBps: scaleUpUnidirectionalGBps(finitePos(acc.scaleUp.bandwidthGBps, 'cluster.accelerator.scaleUp.bandwidthGBps')),
    interGBps: scaleOutUnidirectionalGBps(scaleOutGbps, c.oversubscription ?? 1),
    scaleUpReduction: c.scaleUpReduction ?? defaultScaleUpReduction(acc),
    scaleOutReduction: c.inNetworkReduction ?? false,
    peakLinear,
    peakAttn: sixteen,
    peakPrecision,
    hbmBytesPerS: finitePos(acc.memoryTBps, 'cluster.accelerator.memoryTBps') * 1e12,
    capacityBytes: acceleratorMemoryBytes({
      memoryGB: finitePos(acc.memoryGB, 'cluster.accelerator.memoryGB'),
      ...(acc.memoryGiB !== undefined ? { memoryGiB: finitePos(acc.memoryGiB, 'cluster.accelerator.memoryGiB') } : {}),
    }),
    layerCache: new Map(),
    headCache: new Map(),
    embCache: new Map(),
    scratch: { size: 1, membersPerNode: 1, intraGBps: 0, interGBps: 0 },
  };
}

/** Ranks per scale-up domain of `domain` accelerators, for a group of `size` ranks spaced `stride` apart. */
export function ranksPerDomain(domain: number, size: number, stride: number): number {
  if (size * stride <= domain) return size;
  return Math.max(1, Math.min(size, Math.floor(domain / stride)));
}

function perDomain(ctx: EngineContext, size: number, stride: number): number {
  return ranksPerDomain(ctx.domain, size, stride);
}

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

/** Time of a collective over `size` ranks spaced `stride` apart in the rank layout. */
export function coll(ctx: EngineContext, op: CollectiveOp, bytes: number, size: number, stride: number): number {
  if (size <= 1 || bytes <= 0) return 0;
  const g = ctx.scratch;
  g.size = size;
  g.membersPerNode = perDomain(ctx, size, stride);
  g.intraGBps = ctx.intraGBps;
  g.interGBps = ctx.interGBps;
  g.scaleUpReduction = ctx.scaleUpReduction;
  g.scaleOutReduction = ctx.scaleOutReduction;
  return collectiveTimeS(op, bytes, g, ctx.params);
}

/** Point-to-point between ranks `distance` apart in the rank layout. */
export function p2p(ctx: EngineContext, bytes: number, distance: number): number {
  if (bytes <= 0) return 0;
  const g = ctx.scratch;
  g.size = 2;
  g.membersPerNode = 2 * distance <= ctx.domain ? 2 : 1;
  g.intraGBps = ctx.intraGBps;
  g.interGBps = ctx.interGBps;
  g.scaleUpReduction = ctx.scaleUpReduction;
  g.scaleOutReduction = ctx.scaleOutReduction;
  return collectiveTimeS('p2p', bytes, g, ctx.params);
}

const RC_INDEX: Record<Recompute, number> = { none: 0, selective: 1, full: 2 };

/** Matrix-multiply efficiency as a function of GEMM shape. */
export function gemmEfficiency(p: TrainingParams, M: number, N: number, K: number): number {
  const d = p.gemmHalfDim;
  return p.gemmEfficiencyMax * (M / (M + d)) * (N / (N + d)) * (K / (K + d));
}

function gemmS(ctx: EngineContext, peak: number, M: number, N: number, K: number, batch = 1): number {
  const flops = 2 * M * N * K * batch;
  if (flops <= 0) return 0;
  return flops / (peak * gemmEfficiency(ctx.params, M, N, K));
}

/** Per-layer, per-micro-batch costs on one accelerator. */
export interface LayerCosts {
  /** Forward compute (GEMMs + memory-bound ops), s. */
  fwdS: number;
  /** Backward compute including recomputation, s. */
  bwdS: number;
  /** Of the forward, the attention core (recomputed by selective recompute), s. */
  attnCoreFwdS: number;
  tpFwdS: number;
  tpBwdS: number;
  cpFwdS: number;
  cpBwdS: number;
  epFwdS: number;
  epBwdS: number;
  /** Activation bytes kept for backward per layer per micro-batch. */
  activationBytes: number;
  /** Extra bytes live while one layer is recomputed/backpropagated (full recompute). */
  workingBytes: number;
  /** Hardware FLOPs per micro-batch per accelerator for this layer (incl. recompute). */
  hardwareFlops: number;
}

export function layerCosts(
  ctx: EngineContext,
  tp: number,
  cp: number,
  ep: number,
  mb: number,
  rc: Recompute,
): LayerCosts {
  const key = (((tp * 1024 + cp) * 1024 + ep) * 4096 + mb) * 3 + RC_INDEX[rc];
  const hit = ctx.layerCache.get(key);
  if (hit) return hit;
  const m = ctx.model;
  const p = ctx.params;
  const { h, a, kvDim, f, ffnMats, s, dh } = m;
  const T = (mb * s) / cp;
  const tpKv = Math.min(tp, m.kv);
  const spDiv = ctx.sp && tp > 1 ? tp : 1;
  const flash = p.flashAttention >= 0.5;
  const PL = ctx.peakLinear;

  // ---- forward GEMMs on one TP rank
  const qkvN = h / tp + (2 * kvDim) / tpKv;
  let gemmFwd = gemmS(ctx, PL, T, qkvN, h) + gemmS(ctx, PL, T, h, h / tp);
  let linearFlops = 2 * T * h * (qkvN + h / tp);
  // attention core: per head QK^T (s/cp x s x dh) and AV (s/cp x dh x s), 16-bit
  const headsLocal = a / tp;
  const attnBatch = mb * headsLocal;
  const attnCoreFwdGemm =
    gemmS(ctx, ctx.peakAttn, s / cp, s, dh, attnBatch) + gemmS(ctx, ctx.peakAttn, s / cp, dh, s, attnBatch);
  const attnFlops = 4 * T * s * headsLocal * dh;
  if (m.moe) {
    const assigned = T * ep * m.topk; // token-expert pairs arriving at this rank's E/ep experts
    const perExpertM = Math.max(1, assigned / m.E);
    const localExperts = m.E / ep;
    const up = (ffnMats - 1) * m.fe;
    gemmFwd += localExperts * (gemmS(ctx, PL, perExpertM, up / tp, h) + gemmS(ctx, PL, perExpertM, h, m.fe / tp));
    linearFlops += 2 * T * m.topk * h * (up + m.fe) / tp;
    if (m.shared > 0) {
      gemmFwd += m.shared * (gemmS(ctx, PL, T, up / tp, h) + gemmS(ctx, PL, T, h, m.fe / tp));
      linearFlops += (2 * T * m.shared * h * (up + m.fe)) / tp;
    }
    gemmFwd += gemmS(ctx, ctx.peakAttn, T, m.E, h); // router
    linearFlops += 2 * T * m.E * h;
  } else {
    const up = (ffnMats - 1) * f;
    gemmFwd += gemmS(ctx, PL, T, up / tp, h) + gemmS(ctx, PL, T, h, f / tp);
    linearFlops += (2 * T * h * (up + f)) / tp;
  }

  // ---- forward memory-bound ops (bytes through HBM)
  // two layernorms (read+write 2h each = 8h) and two residual adds (read two, write one: 6h each;
  // 7h each with a dropout mask written)
  const drop = m.dropout;
  let memBytes = ((drop ? 22 : 20) * h * T) / spDiv;
  const actBytesPerElem = m.gated ? 6 : 4; // gated: read two inputs, write one; plain: read one, write one (2 bytes each)
  if (m.moe) {
    memBytes += (T * (m.topk + m.shared) * actBytesPerElem * m.fe) / tp;
    memBytes += 4 * T * m.topk * h; // token permutation for dispatch and combine
  } else {
    memBytes += (T * actBytesPerElem * f) / tp;
  }
  // unfused attention: scores written (2), scale-mask-softmax read+write (4), dropout read+write+mask (5), read by AV (2)
  const scoreElems = T * headsLocal * s;
  const softmaxBytes = flash ? 0 : (drop ? 13 : 8) * scoreElems;
  const hbm = ctx.hbmBytesPerS * p.hbmEfficiency;
  const memFwdS = memBytes / hbm;
  const softmaxFwdS = softmaxBytes / hbm;
  const attnCoreFwdS = attnCoreFwdGemm + softmaxFwdS;

  const fwdS = gemmFwd + attnCoreFwdGemm + memFwdS + softmaxFwdS;
  let bwdS = 2 * (gemmFwd + attnCoreFwdGemm) + p.elementwiseBackwardFactor * (memFwdS + softmaxFwdS);
  const fwdFlops = linearFlops + attnFlops;
  let hardwareFlops = 3 * fwdFlops;
  if (rc === 'full') {
    bwdS += fwdS;
    hardwareFlops += fwdFlops;
  } else if (rc === 'selective') {
    bwdS += attnCoreFwdS;
    hardwareFlops += attnFlops;
  }
  bwdS += p.kernelOverheadS;

  // ---- tensor-parallel communication: two per layer forward, two backward (all-reduce, or all-gather + reduce-scatter with SP)
  const actBytes = T * h * 2;
  let tpOne = 0;
  if (tp > 1) {
    tpOne = ctx.sp
      ? coll(ctx, 'all-gather', actBytes, tp, 1) + coll(ctx, 'reduce-scatter', actBytes, tp, 1)
      : coll(ctx, 'all-reduce', actBytes, tp, 1);
  }
  const tpKeep = 1 - Math.min(1, p.tpCommOverlap);
  const tpFwdS = 2 * tpOne * tpKeep;
  const tpBwdS = (rc === 'full' ? 4 : 2) * tpOne * tpKeep;

  // ---- context parallel: ring attention passes K,V blocks (cp-1) times, overlapped with attention compute
  let cpFwdS = 0;
  let cpBwdS = 0;
  if (cp > 1) {
    const kvBytes = (T * 2 * kvDim * 2) / tpKv;
    // the ring's slowest hop: inside the domain when the whole CP x TP block fits in it
    const hop = tp * cp <= ctx.domain ? 1 : ctx.domain;
    const ringFwd = (cp - 1) * p2p(ctx, kvBytes, hop);
    const ringBwd = (cp - 1) * p2p(ctx, 2 * kvBytes, hop);
    const fwdExposed = Math.max(0, ringFwd - p.cpCommOverlap * attnCoreFwdGemm);
    cpFwdS = fwdExposed;
    cpBwdS = Math.max(0, ringBwd - p.cpCommOverlap * 2 * attnCoreFwdGemm) + (rc === 'none' ? 0 : fwdExposed);
  }

  // ---- expert parallel: dispatch + combine all-to-all, forward and backward
  let epFwdS = 0;
  let epBwdS = 0;
  if (m.moe && ep > 1) {
    const a2aBytes = (T * m.topk * h * 2) / spDiv;
    const one = coll(ctx, 'all-to-all', a2aBytes, ep, tp * cp) * (1 - Math.min(1, p.epCommOverlap));
    epFwdS = 2 * one;
    epBwdS = (rc === 'full' ? 4 : 2) * one;
  }

  // ---- activation memory (Korthikanti et al. 2022, generalised to GQA, gated and MoE FFNs)
  const kvAct = (4 * kvDim) / tpKv; // K and V, 2 bytes each
  let perTok =
    (4 * h + (drop ? h : 0)) / spDiv + // LN1 input, QKV input, attention-output dropout mask
    (2 * h) / tp + kvAct + // Q; K, V
    (2 * h) / tp + // projection input
    (4 * h + (drop ? h : 0)) / spDiv; // LN2 input, MLP input, MLP-output dropout mask
  if (m.moe) {
    const perExpertTok = ((ffnMats - 1) * 2 * m.fe) / tp + (2 * m.fe) / tp;
    perTok += m.topk * (2 * h + perExpertTok) + m.shared * perExpertTok;
  } else {
    perTok += ((ffnMats - 1) * 2 * f) / tp + (2 * f) / tp;
  }
  const scoreActPerTok = flash ? 0 : (drop ? 5 : 2) * headsLocal * s; // softmax output 2, dropout mask 1, dropout output 2
  const fullLayer = T * (perTok + scoreActPerTok);
  let activationBytes: number;
  let workingBytes = 0;
  if (rc === 'full') {
    activationBytes = (T * 2 * h) / spDiv;
    workingBytes = fullLayer;
  } else if (rc === 'selective') {
    activationBytes = T * perTok;
    workingBytes = T * scoreActPerTok;
  } else {
    activationBytes = fullLayer;
  }

  const out: LayerCosts = {
    fwdS,
    bwdS,
    attnCoreFwdS,
    tpFwdS,
    tpBwdS,
    cpFwdS,
    cpBwdS,
    epFwdS,
    epBwdS,
    activationBytes,
    workingBytes,
    hardwareFlops,
  };
  ctx.layerCache.set(key, out);
  return out;
}

export interface HeadCosts {
  fwdS: number;
  bwdS: number;
  tpS: number;
  /** FP32 logits kept for the loss gradient (Korthikanti: 4 s b v / t). */
  activationBytes: number;
  hardwareFlops: number;
}

/** Output (logit) layer and loss on the last stage, per micro-batch on one accelerator. */
export function headCosts(ctx: EngineContext, tp: number, cp: number, mb: number): HeadCosts {
  const key = (tp * 1024 + cp) * 4096 + mb;
  const hit = ctx.headCache.get(key);
  if (hit) return hit;
  const m = ctx.model;
  const T = (mb * m.s) / cp;
  const gemm = gemmS(ctx, ctx.peakLinear, T, m.V / tp, m.h);
  const hbm = ctx.hbmBytesPerS * ctx.params.hbmEfficiency;
  // logits written in 16-bit, cast to FP32 and softmaxed for the loss: ~10 bytes per logit forward
  const memFwd = (10 * T * m.V) / tp / hbm;
  const actBytes = T * m.h * 2;
  // SP: all-gather before the logit GEMM, reduce-scatter of its input gradient; else one all-reduce backward
  const tpS = ctx.sp
    ? coll(ctx, 'all-gather', actBytes, tp, 1) + coll(ctx, 'reduce-scatter', actBytes, tp, 1)
    : coll(ctx, 'all-reduce', actBytes, tp, 1);
  const out: HeadCosts = {
    fwdS: gemm + memFwd,
    bwdS: 2 * gemm + ctx.params.elementwiseBackwardFactor * memFwd,
    tpS: tpS * (1 - Math.min(1, ctx.params.tpCommOverlap)),
    activationBytes: (4 * T * m.V) / tp,
    hardwareFlops: 3 * 2 * T * m.h * (m.V / tp),
  };
  ctx.headCache.set(key, out);
  return out;
}

export interface EmbeddingCosts {
  fwdS: number;
  bwdS: number;
  tpS: number;
}

/** Input embedding on the first stage, per micro-batch on one accelerator. */
export function embeddingCosts(ctx: EngineContext, tp: number, cp: number, mb: number): EmbeddingCosts {
  const key = (tp * 1024 + cp) * 4096 + mb;
  const hit = ctx.embCache.get(key);
  if (hit) return hit;
  const m = ctx.model;
  const T = (mb * m.s) / cp;
  const hbm = ctx.hbmBytesPerS * ctx.params.hbmEfficiency;
  const fwdS = (4 * T * m.h) / hbm; // gather rows, write activations
  const actBytes = T * m.h * 2;
  // vocabulary-parallel embedding: partial rows summed over TP (reduce-scatter with SP)
  const tpS = ctx.sp ? coll(ctx, 'reduce-scatter', actBytes, tp, 1) : coll(ctx, 'all-reduce', actBytes, tp, 1);
  const out: EmbeddingCosts = { fwdS, bwdS: 2 * fwdS, tpS: tpS * (1 - Math.min(1, ctx.params.tpCommOverlap)) };
  ctx.embCache.set(key, out);
  return out;
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
