/**
 * Training time of a candidate: a compute-bound lower bound (free) and a capped
 * parallelism search on the training engine's own step-time model.
 *
 * The capped search differs from training/search.ts (which tries everything)
 * in three ways, each of which only drops configurations that cannot win:
 *  - tensor parallelism stays inside the scale-up domain,
 *  - recompute modes are tried cheapest first (none, selective, full) and the
 *    first that fits is kept (recompute only adds work to the same layout),
 *  - at most `maxConfigs` layouts are evaluated (the count is reported).
 */
import type { AcceleratorSpec } from '../catalog/types';
import { configProblem, createContext, evaluateConfig, GiB, type EngineContext } from '../training/engine';
import { modelCounts, normalizeModel } from '../training/model';
import { RECOMPUTE_MODES, type ExecutionConfig, type ModelSpec, type Precision, type ZeroStage } from '../training/types';

export interface TimeInput {
  model: ModelSpec;
  tokens: number;
  globalBatch: number;
  precision: Precision;
  zeroStage: ZeroStage;
  accelerator: AcceleratorSpec;
  count: number;
  perNode: number;
  scaleOutGbps: number;
  oversubscription: number;
  /** Scale-out switches reduce in the network (SHARP). */
  inNetworkReduction?: boolean;
  assumptions?: Record<string, number>;
}

export interface TimeEstimate {
  fits: true;
  config: ExecutionConfig;
  stepTimeS: number;
  tokensPerSecond: number;
  /** Failure-free training days. */
  trainingDays: number;
  mfu: number;
  memoryPerAcceleratorGiB: number;
  configsEvaluated: number;
  capped: boolean;
}

export interface TimeFailure {
  fits: false;
  /** 'memory': valid layouts exist but none fits; 'layout': no valid layout of this count. */
  reason: 'memory' | 'layout';
  minMemoryGiB: number | null;
  capacityGiB: number;
  configsEvaluated: number;
}

/** Peak FLOP/s per accelerator used for the MFU denominator and the lower bound. */
export function peakFlops(acc: AcceleratorSpec, precision: Precision): number {
  const p = acc.peakTflops;
  const t = precision === 'fp8' && p.fp8 > 0 ? p.fp8 : precision === 'fp16' ? p.fp16 || p.bf16 : p.bf16;
  return t * 1e12;
}

/** Model FLOPs per trained token (3 x forward, attention included). */
export function trainFlopsPerToken(model: ModelSpec): number {
  return modelCounts(normalizeModel(model)).trainFlopsPerToken;
}

/**
 * Failure-free days if every accelerator ran its model FLOPs at peak: no
 * configuration can be faster (MFU <= 1).
 */
export function lowerBoundDays(flopsPerToken: number, tokens: number, count: number, peak: number): number {
  return (flopsPerToken * tokens) / (count * peak) / 86400;
}

const POW2 = [1, 2, 4, 8, 16, 32, 64];
const VIRTUAL = [1, 2, 4];
const MICRO = [1, 2, 4];

function divisors(n: number, max: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= Math.min(n, max); d++) if (n % d === 0) out.push(d);
  return out;
}

export function contextFor(t: TimeInput): EngineContext {
  return createContext({
    model: t.model,
    training: { tokens: t.tokens, globalBatch: t.globalBatch, precision: t.precision, zeroStage: t.zeroStage },
    cluster: {
      accelerator: t.accelerator,
      count: t.count,
      perNode: t.perNode,
      scaleOutGbps: t.scaleOutGbps,
      oversubscription: t.oversubscription,
      inNetworkReduction: t.inNetworkReduction ?? false,
    },
    assumptions: t.assumptions,
  });
}

/** The fastest configuration that fits (capped search), or why none does. */
export function searchTime(t: TimeInput, maxConfigs: number): TimeEstimate | TimeFailure {
  const ctx = contextFor(t);
  const m = ctx.model;
  const N = ctx.count;
  const tpMax = Math.max(1, Math.min(64, N, ctx.domain));
  const tps = POW2.filter((x) => x <= tpMax);
  const cps = POW2.filter((x) => x <= 16 && m.s / x >= 512);
  const eps = m.moe ? POW2.filter((x) => x <= Math.min(m.E, 64)) : [1];
  let evaluated = 0;
  let capped = false;
  let best: { config: ExecutionConfig; stepTimeS: number; memoryBytes: number; modelFlops: number } | null = null;
  let leastMem: number | null = null;
  const capacity = ctx.capacityBytes;
  outer: for (const tp of tps) {
    if (N % tp !== 0) continue;
    for (const cp of cps) {
      if (N % (tp * cp) !== 0) continue;
      const rest = N / (tp * cp);
      for (const pp of divisors(rest, m.L)) {
        const dp = rest / pp;
        if (ctx.globalBatch % dp !== 0) continue;
        const vs = pp === 1 ? [1] : VIRTUAL.filter((x) => m.L % (pp * x) === 0);
        for (const ep of eps) {
          for (const virtualStages of vs) {
            for (const microBatch of MICRO) {
              for (const recompute of RECOMPUTE_MODES) {
                const config: ExecutionConfig = { tp, pp, dp, cp, ep, virtualStages, microBatch, recompute };
                if (configProblem(ctx, config)) break;
                if (evaluated >= maxConfigs) {
                  capped = true;
                  break outer;
                }
                evaluated++;
                const r = evaluateConfig(ctx, config);
                if (leastMem === null || r.memoryBytes < leastMem) leastMem = r.memoryBytes;
                if (r.memoryBytes > capacity) continue;
                if (!best || r.stepTimeS < best.stepTimeS) {
                  best = { config, stepTimeS: r.stepTimeS, memoryBytes: r.memoryBytes, modelFlops: r.modelFlopsPerStep };
                }
                break; // a heavier recompute of the same layout is only slower
              }
            }
          }
        }
      }
    }
  }
  if (!best) {
    return {
      fits: false,
      reason: leastMem === null ? 'layout' : 'memory',
      minMemoryGiB: leastMem === null ? null : leastMem / GiB,
      capacityGiB: capacity / GiB,
      configsEvaluated: evaluated,
    };
  }
  const tokensPerSecond = (ctx.globalBatch * m.s) / best.stepTimeS;
  return {
    fits: true,
    config: best.config,
    stepTimeS: best.stepTimeS,
    tokensPerSecond,
    trainingDays: ctx.tokens / tokensPerSecond / 86400,
    mfu: best.modelFlops / (best.stepTimeS * N * ctx.peakPrecision),
    memoryPerAcceleratorGiB: best.memoryBytes / GiB,
    configsEvaluated: evaluated,
    capped,
  };
}
