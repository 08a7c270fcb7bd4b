/**
 * The primitive costs on one accelerator: a collective over a group of ranks
 * in the rank layout, a point-to-point transfer, and a GEMM at its
 * shape-dependent efficiency. Everything else is built from these.
 */
import { collectiveTimeS, type CollectiveOp } from '../network/collectives';
import type { TrainingParams } from './assumptions';
import { interGBpsFor, type EngineContext } from './context';

/** Ranks per scale-up domain of `domain` accelerators, for a group of `size` ranks spaced `stride` apart. */
export function ranksPerDomain(domain: number, size: number, stride: number): number {
  if (size * stride <= domain) return size;
  return Math.max(1, Math.min(size, Math.floor(domain / stride)));
}

export function perDomain(ctx: EngineContext, size: number, stride: number): number {
  return ranksPerDomain(ctx.domain, size, stride);
}

/**
 * Time of a collective over `size` ranks spaced `stride` apart in the rank layout: across scale-up
 * domains at the scale-out bandwidth of the fabric scope its size x stride accelerators fit in.
 */
export function coll(ctx: EngineContext, op: CollectiveOp, bytes: number, size: number, stride: number): number {
  if (size <= 1 || bytes <= 0) return 0;
  const g = ctx.scratch;
  g.size = size;
  g.membersPerNode = perDomain(ctx, size, stride);
  g.intraGBps = ctx.intraGBps;
  g.interGBps = interGBpsFor(ctx, size * stride);
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
  g.interGBps = interGBpsFor(ctx, 2 * distance);
  g.scaleUpReduction = ctx.scaleUpReduction;
  g.scaleOutReduction = ctx.scaleOutReduction;
  return collectiveTimeS('p2p', bytes, g, ctx.params);
}

/** Matrix-multiply efficiency as a function of GEMM shape. */
export function gemmEfficiency(p: TrainingParams, M: number, N: number, K: number): number {
  const d = p.gemmHalfDim;
  return p.gemmEfficiencyMax * (M / (M + d)) * (N / (N + d)) * (K / (K + d));
}

export function gemmS(ctx: EngineContext, peak: number, M: number, N: number, K: number, batch = 1): number {
  const flops = 2 * M * N * K * batch;
  if (flops <= 0) return 0;
  return flops / (peak * gemmEfficiency(ctx.params, M, N, K));
}
