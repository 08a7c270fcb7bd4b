/**
 * Costs of one transformer layer, the output layer and the input embedding,
 * per micro-batch on one accelerator: compute (GEMMs and memory-bound ops,
 * with recomputation), tensor-, context- and expert-parallel communication,
 * and the activation memory kept for backward. Cached on the context.
 */
import type { EngineContext } from './context';
import { coll, gemmS, p2p, perDomain } from './kernels';
import type { Recompute } from './types';

const RC_INDEX: Record<Recompute, number> = { none: 0, selective: 1, full: 2 };

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

/** The shape of a layer's work on one accelerator. */
export interface LayerShape {
  /** Tokens of a micro-batch on this CP rank. */
  T: number;
  /** Ranks the K/V heads are split over: min(tp, kvHeads). */
  tpKv: number;
  /** Sequence-parallel divisor of the norm/dropout work (tp with SP, else 1). */
  spDiv: number;
  headsLocal: number;
  flash: boolean;
}

export function layerShape(ctx: EngineContext, tp: number, cp: number, mb: number): LayerShape {
  const m = ctx.model;
  return {
    T: (mb * m.s) / cp,
    tpKv: Math.min(tp, m.kv),
    spDiv: ctx.sp && tp > 1 ? tp : 1,
    headsLocal: m.a / tp,
    flash: ctx.params.flashAttention >= 0.5,
  };
}

/** Forward GEMMs on one TP rank: time of the linear layers, of the attention core, and their FLOPs. */
export function forwardGemms(
  ctx: EngineContext,
  g: LayerShape,
  tp: number,
  cp: number,
  ep: number,
  mb: number,
): { gemmFwd: number; linearFlops: number; attnCoreFwdGemm: number; attnFlops: number } {
  const m = ctx.model;
  const { h, kvDim, f, ffnMats, s, dqk, dv } = m;
  const { T, tpKv, headsLocal } = g;
  const PL = ctx.peakLinear;
  const qkvN = h / tp + (2 * kvDim) / tpKv;
  let gemmFwd = gemmS(ctx, PL, T, qkvN, h) + gemmS(ctx, PL, T, h, h / tp);
  let linearFlops = 2 * T * h * (qkvN + h / tp);
  // attention core: per head QK^T (s/cp x s x dqk) and AV (s/cp x dv x s), 16-bit
  const attnBatch = mb * headsLocal;
  const attnCoreFwdGemm =
    gemmS(ctx, ctx.peakAttn, s / cp, s, dqk, attnBatch) + gemmS(ctx, ctx.peakAttn, s / cp, dv, s, attnBatch);
  const attnFlops = 2 * T * s * headsLocal * (dqk + dv);
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
  return { gemmFwd, linearFlops, attnCoreFwdGemm, attnFlops };
}

/** Forward memory-bound ops (bytes through HBM): norms, residuals, activation, and the unfused softmax. */
export function forwardMemoryOps(ctx: EngineContext, g: LayerShape, tp: number): { memFwdS: number; softmaxFwdS: number } {
  const m = ctx.model;
  const { h, f, s } = m;
  const { T, spDiv, headsLocal } = g;
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
  const softmaxBytes = g.flash ? 0 : (drop ? 13 : 8) * scoreElems;
  const hbm = ctx.hbmBytesPerS * ctx.params.hbmEfficiency;
  return { memFwdS: memBytes / hbm, softmaxFwdS: softmaxBytes / hbm };
}

/** Forward and backward compute time and hardware FLOPs: backward = 2 x forward GEMMs, plus recomputation. */
export function layerCompute(
  ctx: EngineContext,
  g: LayerShape,
  tp: number,
  cp: number,
  ep: number,
  mb: number,
  rc: Recompute,
): { fwdS: number; bwdS: number; attnCoreFwdS: number; attnCoreFwdGemm: number; hardwareFlops: number } {
  const p = ctx.params;
  const { gemmFwd, linearFlops, attnCoreFwdGemm, attnFlops } = forwardGemms(ctx, g, tp, cp, ep, mb);
  const { memFwdS, softmaxFwdS } = forwardMemoryOps(ctx, g, tp);
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
  return { fwdS, bwdS, attnCoreFwdS, attnCoreFwdGemm, hardwareFlops };
}

/** Tensor parallel: two collectives per layer forward, two backward (+2 with full recompute); all-reduce, or all-gather + reduce-scatter with SP. */
export function tpComm(ctx: EngineContext, T: number, tp: number, rc: Recompute): { tpFwdS: number; tpBwdS: number } {
  const actBytes = T * ctx.model.h * 2;
  let tpOne = 0;
  if (tp > 1) {
    tpOne = ctx.sp
      ? coll(ctx, 'all-gather', actBytes, tp, 1) + coll(ctx, 'reduce-scatter', actBytes, tp, 1)
      : coll(ctx, 'all-reduce', actBytes, tp, 1);
  }
  const tpKeep = 1 - Math.min(1, ctx.params.tpCommOverlap);
  return { tpFwdS: 2 * tpOne * tpKeep, tpBwdS: (rc === 'full' ? 4 : 2) * tpOne * tpKeep };
}

/** Context parallel: ring attention passes K,V blocks (cp - 1) times, overlapped with attention compute. */
export function cpComm(
  ctx: EngineContext,
  g: LayerShape,
  tp: number,
  cp: number,
  rc: Recompute,
  attnCoreFwdGemm: number,
): { cpFwdS: number; cpBwdS: number } {
  if (cp <= 1) return { cpFwdS: 0, cpBwdS: 0 };
  const p = ctx.params;
  const kvBytes = (g.T * 2 * ctx.model.kvDim * 2) / g.tpKv;
  // the ring's slowest hop: inside the domain when the whole CP x TP block fits in it
  const hop = tp * cp <= ctx.domain ? 1 : ctx.domain;
  const ringFwd = (cp - 1) * p2p(ctx, kvBytes, hop);
  const ringBwd = (cp - 1) * p2p(ctx, 2 * kvBytes, hop);
  const fwdExposed = Math.max(0, ringFwd - p.cpCommOverlap * attnCoreFwdGemm);
  return {
    cpFwdS: fwdExposed,
    cpBwdS: Math.max(0, ringBwd - p.cpCommOverlap * 2 * attnCoreFwdGemm) + (rc === 'none' ? 0 : fwdExposed),
  };
}

/**
 * Node-limited routing (moeMaxNodesPerToken = M > 0): a token goes to at most M of the k scale-up
 * domains its EP group spans, once to each (then forwarded inside the domain), so the copies crossing
 * the scale-out network fall from topK (ep - g) / ep to at most M (k - 1) / k. Returns the ratio applied
 * to the all-to-all volume (1 without the limit or inside one domain).
 */
export function nodeLimitFactor(ctx: EngineContext, ep: number, stride: number): number {
  const M = ctx.params.moeMaxNodesPerToken;
  const g = perDomain(ctx, ep, stride);
  const k = Math.ceil(ep / g);
  if (!(M > 0) || k <= 1) return 1;
  const free = (ctx.model.topk * (ep - g)) / ep;
  return Math.min(1, (Math.min(M, k) * (k - 1)) / k / free);
}

/**
 * Expert parallel: the token all-to-all over the EP group (ranks tp x cp apart in the rank layout, so
 * inside the scale-up domain while the group fits in it, else over the scale-out network at the
 * fabric's bandwidth for the group's span). Each rank sends its T / spDiv tokens x topK copies of the
 * hidden vector, (ep - 1) / ep of them to other ranks: dispatch (at epDispatchBytes per element) and
 * combine (2 bytes) forward, their gradients (2 bytes each) backward, the forward again with full
 * recompute. epCommOverlap hides that share behind the same pass's compute (never more than the compute
 * itself); the hidden part costs epOverlapSmShare of the compute it runs beside.
 */
export function epComm(
  ctx: EngineContext,
  g: LayerShape,
  tp: number,
  cp: number,
  ep: number,
  rc: Recompute,
  compute: { fwdS: number; bwdS: number } = { fwdS: 0, bwdS: 0 },
): { epFwdS: number; epBwdS: number } {
  const m = ctx.model;
  if (!(m.moe && ep > 1)) return { epFwdS: 0, epBwdS: 0 };
  const p = ctx.params;
  const elems = ((g.T * m.topk * m.h) / g.spDiv) * nodeLimitFactor(ctx, ep, tp * cp);
  const one = (bytes: number) => coll(ctx, 'all-to-all', elems * bytes, ep, tp * cp);
  const wide = one(2);
  const fwd = one(p.epDispatchBytes) + wide;
  const bwd = 2 * wide + (rc === 'full' ? fwd : 0);
  const overlap = Math.min(1, p.epCommOverlap);
  const share = Math.min(0.9, p.epOverlapSmShare);
  const exposed = (a2a: number, computeS: number) => {
    const hidden = Math.min(overlap * a2a, computeS);
    return a2a - hidden + (hidden * share) / (1 - share);
  };
  return { epFwdS: exposed(fwd, compute.fwdS), epBwdS: exposed(bwd, compute.bwdS) };
}

/**
 * Activation memory (Korthikanti et al. 2022, generalised to GQA, gated and
 * MoE FFNs): bytes kept for backward, and bytes live while one layer is
 * recomputed (full recompute keeps only the layer input).
 */
export function layerActivations(ctx: EngineContext, g: LayerShape, tp: number, rc: Recompute): { activationBytes: number; workingBytes: number } {
  const m = ctx.model;
  const { h, kvDim, f, ffnMats, s } = m;
  const { T, tpKv, spDiv, headsLocal } = g;
  const kvAct = (4 * kvDim) / tpKv; // K and V, 2 bytes each
  const drop = m.dropout;
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
  const scoreActPerTok = g.flash ? 0 : (drop ? 5 : 2) * headsLocal * s; // softmax output 2, dropout mask 1, dropout output 2
  const fullLayer = T * (perTok + scoreActPerTok);
  if (rc === 'full') return { activationBytes: (T * 2 * h) / spDiv, workingBytes: fullLayer };
  if (rc === 'selective') return { activationBytes: T * perTok, workingBytes: T * scoreActPerTok };
  return { activationBytes: fullLayer, workingBytes: 0 };
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
  const g = layerShape(ctx, tp, cp, mb);
  const c = layerCompute(ctx, g, tp, cp, ep, mb, rc);
  const { tpFwdS, tpBwdS } = tpComm(ctx, g.T, tp, rc);
  const { cpFwdS, cpBwdS } = cpComm(ctx, g, tp, cp, rc, c.attnCoreFwdGemm);
  const { epFwdS, epBwdS } = epComm(ctx, g, tp, cp, ep, rc, c);
  const { activationBytes, workingBytes } = layerActivations(ctx, g, tp, rc);
  const out: LayerCosts = {
    fwdS: c.fwdS,
    bwdS: c.bwdS,
    attnCoreFwdS: c.attnCoreFwdS,
    tpFwdS,
    tpBwdS,
    cpFwdS,
    cpBwdS,
    epFwdS,
    epBwdS,
    activationBytes,
    workingBytes,
    hardwareFlops: c.hardwareFlops,
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
