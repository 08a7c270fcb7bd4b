import { InputError } from '../errors';
import { configProblem, configProblemCode, createContext, evaluateConfig, GiB, type ConfigResult, type EngineContext } from './engine';
import {
  RECOMPUTE_MODES,
  type ExecutionConfig,
  type Recompute,
  type RejectedConfig,
  type TrainingEstimate,
  type TrainingInput,
} from './types';

export interface RankedConfig {
  config: ExecutionConfig;
  stepTimeS: number;
  tokensPerSecond: number;
  mfu: number;
  memoryPerAcceleratorGiB: number;
}

export interface SearchResult {
  /** Configurations that fit in memory, fastest first (at most `limit`). */
  candidates: RankedConfig[];
  /** Rejected configurations with their reason (at most `rejectedLimit`; memory rejections first, smallest memory first). */
  rejected: RejectedConfig[];
  /** How many configurations were considered, valid, fitting and rejected by reason. */
  counts: { considered: number; valid: number; fitting: number; memory: number; divisibility: number };
  /** The best fitting configuration, or (when nothing fits) the one needing the least memory; null when none is valid. */
  best: { config: ExecutionConfig; result: ConfigResult; fits: boolean } | null;
  /** Least memory per accelerator of any valid configuration, GiB. */
  minMemoryGiB: number | null;
}

export interface SearchOptions {
  limit?: number;
  rejectedLimit?: number;
}

const POW2 = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
const VIRTUAL = [1, 2, 3, 4, 6, 8];
const MICRO = [1, 2, 4, 8, 16];

function divisors(n: number, max: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= Math.min(n, max); d++) if (n % d === 0) out.push(d);
  return out;
}

function checkFixed(v: unknown, path: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError(path, 'must be a positive integer');
  return v;
}

/** Fastest first, then least memory; ties keep enumeration order (Array.prototype.sort is stable), so results are deterministic. */
function compareRanked(a: RankedConfig, b: RankedConfig): number {
  return a.stepTimeS - b.stepTimeS || a.memoryPerAcceleratorGiB - b.memoryPerAcceleratorGiB;
}

/** Every valid (tp, pp, dp, cp, ep, virtual stages, micro-batch, recompute) for the input, ranked by step time. */
export function searchParallelism(input: TrainingInput, options: SearchOptions = {}): SearchResult {
  return searchWithContext(createContext(input), input, options);
}

export function searchWithContext(ctx: EngineContext, input: TrainingInput, options: SearchOptions = {}): SearchResult {
  const limit = options.limit ?? 20;
  const rejectedLimit = options.rejectedLimit ?? 200;
  const fixed = input.training.parallelism ?? {};
  const fTp = checkFixed(fixed.tp, 'training.parallelism.tp');
  const fPp = checkFixed(fixed.pp, 'training.parallelism.pp');
  const fDp = checkFixed(fixed.dp, 'training.parallelism.dp');
  const fCp = checkFixed(fixed.cp, 'training.parallelism.cp');
  const fEp = checkFixed(fixed.ep, 'training.parallelism.ep');
  const fV = checkFixed(fixed.virtualStages, 'training.parallelism.virtualStages');
  const fMb = checkFixed(input.training.microBatch, 'training.microBatch');
  const fRc = input.training.recompute;
  if (fRc !== undefined && !RECOMPUTE_MODES.includes(fRc))
    throw new InputError('training.recompute', 'must be none, selective or full');

  const m = ctx.model;
  const N = ctx.count;
  const tps = fTp !== undefined ? [fTp] : POW2.filter((x) => x <= Math.min(64, N));
  const cps = fCp !== undefined ? [fCp] : POW2.filter((x) => x <= 16 && m.s / x >= 512);
  const eps = fEp !== undefined ? [fEp] : m.moe ? POW2.filter((x) => x <= Math.min(m.E, 64)) : [1];
  const rcs: readonly Recompute[] = fRc !== undefined ? [fRc] : RECOMPUTE_MODES;
  const mbs = fMb !== undefined ? [fMb] : MICRO;

  const fitting: RankedConfig[] = [];
  const memRejected: RejectedConfig[] = [];
  const divRejected: RejectedConfig[] = [];
  let considered = 0;
  let valid = 0;
  let nMem = 0;
  let nDiv = 0;
  let best: SearchResult['best'] = null;
  let bestRanked: RankedConfig | null = null;
  let leastMem: SearchResult['best'] = null;
  const capacity = ctx.capacityBytes;

  const scratch: ExecutionConfig = { tp: 1, pp: 1, dp: 1, cp: 1, ep: 1, virtualStages: 1, microBatch: 1, recompute: 'none' };
  for (const tp of tps) {
    if (N % tp !== 0) continue;
    for (const cp of cps) {
      if (N % (tp * cp) !== 0) continue;
      const rest = N / (tp * cp);
      const pps = fPp !== undefined ? [fPp] : divisors(rest, Math.max(1, m.L));
      for (const pp of pps) {
        if (rest % pp !== 0) continue;
        const dp = rest / pp;
        if (fDp !== undefined && dp !== fDp) continue;
        const vs = fV !== undefined ? [fV] : pp === 1 ? [1] : VIRTUAL.filter((x) => x <= m.L / pp);
        for (const ep of eps) {
          for (const virtualStages of vs) {
            for (const microBatch of mbs) {
              for (const recompute of rcs) {
                considered++;
                scratch.tp = tp;
                scratch.pp = pp;
                scratch.dp = dp;
                scratch.cp = cp;
                scratch.ep = ep;
                scratch.virtualStages = virtualStages;
                scratch.microBatch = microBatch;
                scratch.recompute = recompute;
                if (configProblemCode(ctx, scratch) !== 0) {
                  nDiv++;
                  if (divRejected.length < rejectedLimit) {
                    const problem = configProblem(ctx, scratch)!;
                    divRejected.push({ config: { ...scratch }, reason: 'divisibility', message: `${problem[0]}: ${problem[1]}` });
                  }
                  continue;
                }
                const config: ExecutionConfig = { ...scratch };
                valid++;
                const r = evaluateConfig(ctx, config);
                if (!leastMem || r.memoryBytes < leastMem.result.memoryBytes) leastMem = { config, result: r, fits: r.memoryBytes <= capacity };
                const memGiB = r.memoryBytes / GiB;
                if (r.memoryBytes > capacity) {
                  nMem++;
                  memRejected.push({ config, reason: 'memory', message: '', memoryGiB: memGiB });
                  continue;
                }
                const ranked: RankedConfig = {
                  config,
                  stepTimeS: r.stepTimeS,
                  tokensPerSecond: (ctx.globalBatch * m.s) / r.stepTimeS,
                  mfu: r.modelFlopsPerStep / (r.stepTimeS * N * ctx.peakPrecision),
                  memoryPerAcceleratorGiB: memGiB,
                };
                fitting.push(ranked);
                if (!bestRanked || compareRanked(ranked, bestRanked) < 0) {
                  bestRanked = ranked;
                  best = { config, result: r, fits: true };
                }
              }
            }
          }
        }
      }
    }
  }
  fitting.sort(compareRanked);
  memRejected.sort((a, b) => (a.memoryGiB ?? 0) - (b.memoryGiB ?? 0));
  const rejected = [...memRejected.slice(0, rejectedLimit), ...divRejected].slice(0, rejectedLimit);
  for (const r of rejected)
    if (r.reason === 'memory')
      r.message = `needs ${(r.memoryGiB ?? 0).toFixed(1)} GiB per accelerator, has ${(capacity / GiB).toFixed(1)} GiB`;
  return {
    candidates: fitting.slice(0, limit),
    rejected,
    counts: { considered, valid, fitting: fitting.length, memory: nMem, divisibility: nDiv },
    best: best ?? leastMem,
    minMemoryGiB: leastMem ? leastMem.result.memoryBytes / GiB : null,
  };
}

function buildEstimate(ctx: EngineContext, config: ExecutionConfig, r: ConfigResult, minMemoryGiB: number | null): TrainingEstimate {
  const m = ctx.model;
  const N = ctx.count;
  const tokensPerStep = ctx.globalBatch * m.s;
  const step = r.stepTimeS;
  const tokensPerSecond = tokensPerStep / step;
  const fits = r.memoryBytes <= ctx.capacityBytes;
  const notes: string[] = [];
  if (config.tp > ctx.domain) notes.push(`tensor-parallel group (${config.tp}) spans scale-up domains of ${ctx.domain}: TP traffic crosses the scale-out network`);
  if (config.tp * config.cp > ctx.domain && config.cp > 1) notes.push('context-parallel ring crosses scale-up domains');
  if (ctx.precision === 'fp8' && ctx.peakPrecision === ctx.peakAttn)
    notes.push('the accelerator has no FP8 peak: 16-bit peak used for FP8 training');
  if (!fits) notes.push(`does not fit: needs ${(r.memoryBytes / GiB).toFixed(1)} GiB per accelerator, has ${(ctx.capacityBytes / GiB).toFixed(1)} GiB`);
  const est: TrainingEstimate = {
    stepTimeS: step,
    tokensPerSecond,
    mfu: r.modelFlopsPerStep / (step * N * ctx.peakPrecision),
    hfu: r.hardwareFlopsPerStep / (step * N * ctx.peakPrecision),
    modelTflopsPerAccelerator: r.modelFlopsPerStep / step / N / 1e12,
    hardwareTflopsPerAccelerator: r.hardwareFlopsPerStep / step / N / 1e12,
    trainingDays: ctx.tokens / tokensPerSecond / 86400,
    memoryPerAcceleratorGiB: r.memoryBytes / GiB,
    fitsInMemory: fits,
    parallelism: config,
    breakdown: r.breakdown,
    memory: {
      weightsGiB: r.weightsBytes / GiB,
      gradientsGiB: r.gradsBytes / GiB,
      optimizerGiB: r.optimizerBytes / GiB,
      activationsGiB: r.activationBytes / GiB,
      buffersGiB: r.buffersBytes / GiB,
      totalGiB: r.memoryBytes / GiB,
      capacityGiB: ctx.capacityBytes / GiB,
    },
    steps: Math.ceil(ctx.tokens / tokensPerStep),
    microBatchesPerStep: r.microBatches,
    modelFlopsPerStep: r.modelFlopsPerStep,
    hardwareFlopsPerStep: r.hardwareFlopsPerStep,
    parameters: ctx.counts.totalParams,
    activeParameters: ctx.counts.activeParams,
    notes,
  };
  if (!fits && minMemoryGiB !== null) est.minMemoryGiB = minMemoryGiB;
  return est;
}

/**
 * Training estimate. Fields of training.parallelism, microBatch and recompute
 * that are absent are searched; the fastest configuration that fits is used.
 * When nothing fits, the result has fitsInMemory = false and minMemoryGiB.
 */
export function estimateTraining(input: TrainingInput): TrainingEstimate {
  const ctx = createContext(input);
  const t = input.training;
  const p = t.parallelism ?? {};
  const complete =
    p.tp !== undefined &&
    p.pp !== undefined &&
    p.cp !== undefined &&
    p.virtualStages !== undefined &&
    (p.ep !== undefined || !ctx.model.moe) &&
    t.microBatch !== undefined &&
    t.recompute !== undefined;
  if (complete) {
    const tp = checkFixed(p.tp, 'training.parallelism.tp')!;
    const pp = checkFixed(p.pp, 'training.parallelism.pp')!;
    const cp = checkFixed(p.cp, 'training.parallelism.cp')!;
    if (p.dp === undefined && ctx.count % (tp * pp * cp) !== 0)
      throw new InputError(
        'training.parallelism',
        `tp x pp x cp (${tp} x ${pp} x ${cp} = ${tp * pp * cp}) must divide cluster.count (${ctx.count})`,
      );
    const dp = checkFixed(p.dp, 'training.parallelism.dp') ?? ctx.count / (tp * pp * cp);
    const config: ExecutionConfig = {
      tp,
      pp,
      cp,
      dp,
      ep: checkFixed(p.ep, 'training.parallelism.ep') ?? 1,
      virtualStages: checkFixed(p.virtualStages, 'training.parallelism.virtualStages') ?? 1,
      microBatch: checkFixed(t.microBatch, 'training.microBatch')!,
      recompute: t.recompute!,
    };
    if (!RECOMPUTE_MODES.includes(config.recompute)) throw new InputError('training.recompute', 'must be none, selective or full');
    const problem = configProblem(ctx, config);
    if (problem) throw new InputError(problem[0], problem[1]);
    const r = evaluateConfig(ctx, config);
    let minMem: number | null = null;
    if (r.memoryBytes > ctx.capacityBytes) minMem = searchWithContext(ctx, { ...input, training: { ...t, parallelism: {}, microBatch: undefined, recompute: undefined } }, { limit: 1, rejectedLimit: 0 }).minMemoryGiB;
    return buildEstimate(ctx, config, r, minMem);
  }
  const s = searchWithContext(ctx, input, { limit: 1, rejectedLimit: 1 });
  if (!s.best) {
    const first = s.rejected[0];
    if (first) {
      const i = first.message.indexOf(': ');
      throw new InputError(first.message.slice(0, i), first.message.slice(i + 2));
    }
    throw new InputError('training.parallelism', `no combination of tp x pp x dp x cp equals cluster.count (${ctx.count})`);
  }
  return buildEstimate(ctx, s.best.config, s.best.result, s.best.fits ? null : s.minMemoryGiB);
}
