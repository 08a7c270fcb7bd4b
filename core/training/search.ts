import { InputError } from '../errors';
import { configProblem, configProblemCode, createContext, evaluateConfig, GiB, type ConfigResult, type EngineContext } from './engine';
import { explainLayout } from './layout-choice';
import { countRefusal, divisibilityRefusal, memoryRefusal, nearestLayout, requestedLayout } from './refusal';
import {
  RECOMPUTE_MODES,
  type ExecutionConfig,
  type Recompute,
  type RejectedConfig,
  type SearchRule,
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

/** A configuration with its evaluation. */
export interface EvaluatedConfig {
  config: ExecutionConfig;
  result: ConfigResult;
  fits: boolean;
}

export interface SearchResult {
  /** Configurations that fit in memory, fastest first (at most `limit`). */
  candidates: RankedConfig[];
  /** Rejected configurations with their reason (at most `rejectedLimit`; memory rejections first, smallest memory first). */
  rejected: RejectedConfig[];
  /**
   * How many configurations the search that answered considered, found valid, fitting and rejected by
   * reason; `constraint` counts fitting ones left out by the context-parallel rule.
   * considered = valid + divisibility; valid = fitting + memory + constraint.
   */
  counts: { considered: number; valid: number; fitting: number; memory: number; divisibility: number; constraint: number };
  /** The best fitting configuration, or (when nothing fits) the one needing the least memory; null when none is valid. */
  best: EvaluatedConfig | null;
  /** Least memory per accelerator of any valid configuration, GiB. */
  minMemoryGiB: number | null;
  /**
   * The obvious layout: tensor parallelism filling one scale-up domain (the largest valid TP degree
   * within it), no context parallelism, the rest searched. Its fastest fitting configuration, or the
   * one needing the least memory when none fits; null when no such layout is valid.
   */
  obvious: EvaluatedConfig | null;
  /** Search rules that were lifted because no configuration fits under them. */
  relaxed: SearchRule[];
  /** Context parallelism is used because no layout fits without it (long sequences). */
  cpForMemory: boolean;
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

function checkFlag(v: unknown, path: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new InputError(path, 'must be true or false');
  return v;
}

/** Fastest first, then least memory; ties keep enumeration order (Array.prototype.sort is stable), so results are deterministic. */
function compareRanked(a: RankedConfig, b: RankedConfig): number {
  return a.stepTimeS - b.stepTimeS || a.memoryPerAcceleratorGiB - b.memoryPerAcceleratorGiB;
}

/** What the search enumerates, after the fixed fields of the input. */
interface SearchSpace {
  tps: number[];
  cps: number[];
  eps: number[];
  rcs: readonly Recompute[];
  mbs: number[];
  fPp: number | undefined;
  fDp: number | undefined;
  fV: number | undefined;
  /** Largest tensor-parallel degree of the obvious layout (within one scale-up domain), 0 when none. */
  obviousTp: number;
}

/**
 * The rules practitioners apply to a layout search, each of which the input may lift:
 * - `tpWithinDomain`: tensor parallelism stays inside one scale-up domain (its per-layer
 *   all-gathers and reduce-scatters are latency-bound on the scale-out network);
 *   lifted by `training.allowTpAcrossDomains` or a fixed `training.parallelism.tp`.
 * - `cpOnlyForMemory`: context parallelism only where activation memory needs it: a layout
 *   uses CP only when the same layout without it (its CP folded into data parallelism) fits
 *   under no recompute mode. It shards activations; used for speed alone it trades
 *   data-parallel replicas for ring-attention exchanges. Lifted by `training.allowCpForSpeed`
 *   or a fixed `training.parallelism.cp`.
 * Either way a sequence keeps at least `cpMinTokensPerRank` tokens per CP rank.
 */
function activeRules(input: TrainingInput): SearchRule[] {
  const t = input.training;
  const p = t.parallelism ?? {};
  const rules: SearchRule[] = [];
  if (!checkFlag(t.allowTpAcrossDomains, 'training.allowTpAcrossDomains') && p.tp === undefined) rules.push('tpWithinDomain');
  if (!checkFlag(t.allowCpForSpeed, 'training.allowCpForSpeed') && p.cp === undefined) rules.push('cpOnlyForMemory');
  return rules;
}

function searchSpace(ctx: EngineContext, input: TrainingInput, rules: readonly SearchRule[]): SearchSpace {
  const fixed = input.training.parallelism ?? {};
  const fTp = checkFixed(fixed.tp, 'training.parallelism.tp');
  const fCp = checkFixed(fixed.cp, 'training.parallelism.cp');
  const fEp = checkFixed(fixed.ep, 'training.parallelism.ep');
  const fMb = checkFixed(input.training.microBatch, 'training.microBatch');
  const fRc = input.training.recompute;
  if (fRc !== undefined && !RECOMPUTE_MODES.includes(fRc)) throw new InputError('training.recompute', 'must be none, selective or full');
  const m = ctx.model;
  const N = ctx.count;
  const allTps = POW2.filter((x) => x <= Math.min(64, N));
  const inDomain = allTps.filter((x) => x <= ctx.domain);
  const tps = fTp !== undefined ? [fTp] : rules.includes('tpWithinDomain') ? inDomain : allTps;
  const obviousTp = [...inDomain].reverse().find((tp) => N % tp === 0 && m.a % tp === 0 && (m.kv % tp === 0 || tp % m.kv === 0)) ?? 0;
  return {
    tps,
    cps: fCp !== undefined ? [fCp] : POW2.filter((x) => x === 1 || (x <= 64 && m.s / x >= ctx.params.cpMinTokensPerRank)),
    eps: fEp !== undefined ? [fEp] : m.moe ? POW2.filter((x) => x <= Math.min(m.E, 64)) : [1],
    rcs: fRc !== undefined ? [fRc] : RECOMPUTE_MODES,
    mbs: fMb !== undefined ? [fMb] : MICRO,
    fPp: checkFixed(fixed.pp, 'training.parallelism.pp') ?? ctx.layersPerStage?.length,
    fDp: checkFixed(fixed.dp, 'training.parallelism.dp'),
    fV: checkFixed(fixed.virtualStages, 'training.parallelism.virtualStages'),
    obviousTp,
  };
}

/** Every configuration of the space, in enumeration order (tp, cp ascending, pp, ep, v, micro-batch, recompute). */
function forEachConfig(ctx: EngineContext, sp: SearchSpace, visit: (c: ExecutionConfig) => void): void {
  const m = ctx.model;
  const N = ctx.count;
  const c: ExecutionConfig = { tp: 1, pp: 1, dp: 1, cp: 1, ep: 1, virtualStages: 1, microBatch: 1, recompute: 'none' };
  for (const tp of sp.tps) {
    if (N % tp !== 0) continue;
    for (const cp of sp.cps) {
      if (N % (tp * cp) !== 0) continue;
      const rest = N / (tp * cp);
      for (const pp of sp.fPp !== undefined ? [sp.fPp] : divisors(rest, Math.max(1, m.L))) {
        if (rest % pp !== 0) continue;
        const dp = rest / pp;
        if (sp.fDp !== undefined && dp !== sp.fDp) continue;
        const vs = sp.fV !== undefined ? [sp.fV] : pp === 1 ? [1] : VIRTUAL.filter((x) => x * pp <= m.L);
        for (const ep of sp.eps)
          for (const virtualStages of vs)
            for (const microBatch of sp.mbs)
              for (const recompute of sp.rcs) {
                c.tp = tp;
                c.pp = pp;
                c.dp = dp;
                c.cp = cp;
                c.ep = ep;
                c.virtualStages = virtualStages;
                c.microBatch = microBatch;
                c.recompute = recompute;
                visit(c);
              }
      }
    }
  }
}

/** Key of a layout up to its context and data parallelism and its recompute mode. */
function layoutKey(c: ExecutionConfig): string {
  return `${c.tp}/${c.pp}/${c.ep}/${c.virtualStages}/${c.microBatch}`;
}

function scan(ctx: EngineContext, sp: SearchSpace, cpRule: boolean, options: SearchOptions): Omit<SearchResult, 'relaxed' | 'cpForMemory'> {
  const limit = options.limit ?? 20;
  const rejectedLimit = options.rejectedLimit ?? 200;
  const capacity = ctx.capacityBytes;
  const N = ctx.count;
  const fitting: RankedConfig[] = [];
  const memRejected: RejectedConfig[] = [];
  const divRejected: RejectedConfig[] = [];
  const counts = { considered: 0, valid: 0, fitting: 0, memory: 0, divisibility: 0, constraint: 0 };
  /** Layouts (keyed without cp and recompute) that fit without context parallelism under some recompute mode. */
  const fitsWithoutCp = new Set<string>();
  let best: EvaluatedConfig | null = null;
  let bestRanked: RankedConfig | null = null;
  let leastMem: EvaluatedConfig | null = null;
  let obvious: EvaluatedConfig | null = null;
  let obviousLeast: EvaluatedConfig | null = null;

  forEachConfig(ctx, sp, (scratch) => {
    counts.considered++;
    if (configProblemCode(ctx, scratch) !== 0) {
      counts.divisibility++;
      if (divRejected.length < rejectedLimit) {
        const problem = configProblem(ctx, scratch)!;
        divRejected.push({ config: { ...scratch }, reason: 'divisibility', message: `${problem[0]}: ${problem[1]}` });
      }
      return;
    }
    const config: ExecutionConfig = { ...scratch };
    counts.valid++;
    const r = evaluateConfig(ctx, config);
    const fits = r.memoryBytes <= capacity;
    if (!leastMem || r.memoryBytes < leastMem.result.memoryBytes) leastMem = { config, result: r, fits };
    const isObvious = config.tp === sp.obviousTp && config.cp === 1;
    if (isObvious && (!obviousLeast || r.memoryBytes < obviousLeast.result.memoryBytes)) obviousLeast = { config, result: r, fits };
    const memGiB = r.memoryBytes / GiB;
    if (cpRule && fits && config.cp === 1) fitsWithoutCp.add(layoutKey(config));
    if (!fits) {
      counts.memory++;
      memRejected.push({ config, reason: 'memory', message: '', memoryGiB: memGiB });
      return;
    }
    // the same layout without CP (enumerated first: cp ascending) fits: CP is not needed for memory
    if (cpRule && config.cp > 1 && fitsWithoutCp.has(layoutKey(config))) {
      counts.constraint++;
      return;
    }
    const ranked: RankedConfig = {
      config,
      stepTimeS: r.stepTimeS,
      tokensPerSecond: (ctx.globalBatch * ctx.model.s) / r.stepTimeS,
      mfu: r.modelFlopsPerStep / (r.stepTimeS * N * ctx.peakPrecision),
      memoryPerAcceleratorGiB: memGiB,
    };
    fitting.push(ranked);
    if (!bestRanked || compareRanked(ranked, bestRanked) < 0) {
      bestRanked = ranked;
      best = { config, result: r, fits: true };
    }
    if (isObvious && (!obvious || r.stepTimeS < obvious.result.stepTimeS)) obvious = { config, result: r, fits: true };
  });
  counts.fitting = fitting.length;
  fitting.sort(compareRanked);
  memRejected.sort((a, b) => (a.memoryGiB ?? 0) - (b.memoryGiB ?? 0));
  const rejected = [...memRejected.slice(0, rejectedLimit), ...divRejected].slice(0, rejectedLimit);
  for (const r of rejected)
    if (r.reason === 'memory') r.message = `needs ${(r.memoryGiB ?? 0).toFixed(1)} GiB per accelerator, has ${(capacity / GiB).toFixed(1)} GiB`;
  const least = leastMem as EvaluatedConfig | null;
  return {
    candidates: fitting.slice(0, limit),
    rejected,
    counts,
    best: best ?? least,
    minMemoryGiB: least ? least.result.memoryBytes / GiB : null,
    obvious: obvious ?? obviousLeast,
  };
}

/** Every valid (tp, pp, dp, cp, ep, virtual stages, micro-batch, recompute) for the input, ranked by step time. */
export function searchParallelism(input: TrainingInput, options: SearchOptions = {}): SearchResult {
  return searchWithContext(createContext(input), input, options);
}

/**
 * The search under the practitioners' rules (see activeRules); when no configuration fits
 * under them, again without them, and the result says which were lifted.
 */
export function searchWithContext(ctx: EngineContext, input: TrainingInput, options: SearchOptions = {}): SearchResult {
  const rules = activeRules(input);
  const first = scan(ctx, searchSpace(ctx, input, rules), rules.includes('cpOnlyForMemory'), options);
  const usesCp = (r: typeof first) => r.best!.config.cp > 1;
  if (rules.length === 0 || first.best?.fits) return { ...first, relaxed: [], cpForMemory: !!first.best?.fits && rules.length > 0 && usesCp(first) };
  const free = scan(ctx, searchSpace(ctx, input, []), false, options);
  const obvious = first.obvious ?? free.obvious;
  if (!free.best?.fits) return { ...free, obvious, relaxed: [], cpForMemory: false };
  const relaxed = rules.filter((r) => (r === 'tpWithinDomain' ? free.best!.config.tp > ctx.domain : usesCp(free)));
  return { ...free, obvious, relaxed, cpForMemory: false };
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
    software: { id: ctx.software.id, label: ctx.software.label },
    stageSplit: { layersPerStage: [...r.layersPerStage], source: r.splitSource },
    notes,
  };
  if (!fits && minMemoryGiB !== null) est.minMemoryGiB = minMemoryGiB;
  return est;
}

/** The complete configuration an input fixes (every field given), or null when something is left to the search. */
function fixedConfig(ctx: EngineContext, input: TrainingInput): ExecutionConfig | null {
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
  if (!complete) return null;
  const tp = checkFixed(p.tp, 'training.parallelism.tp')!;
  const pp = checkFixed(p.pp, 'training.parallelism.pp')!;
  const cp = checkFixed(p.cp, 'training.parallelism.cp')!;
  if (p.dp === undefined && ctx.count % (tp * pp * cp) !== 0)
    throw countRefusal(
      `tp x pp x cp (${tp} x ${pp} x ${cp} = ${tp * pp * cp}) must divide cluster.count (${ctx.count})`,
      nearestLayout(alternatives(ctx, input).candidates, requestedLayout(input)),
    );
  const config: ExecutionConfig = {
    tp,
    pp,
    cp,
    dp: checkFixed(p.dp, 'training.parallelism.dp') ?? ctx.count / (tp * pp * cp),
    ep: checkFixed(p.ep, 'training.parallelism.ep') ?? 1,
    virtualStages: checkFixed(p.virtualStages, 'training.parallelism.virtualStages') ?? 1,
    microBatch: checkFixed(t.microBatch, 'training.microBatch')!,
    recompute: t.recompute!,
  };
  if (!RECOMPUTE_MODES.includes(config.recompute)) throw new InputError('training.recompute', 'must be none, selective or full');
  return config;
}

/** The input with every layout field left to the search (the search rules stay; `free` lifts them too). */
function openLayout(input: TrainingInput, free: boolean): TrainingInput {
  return {
    ...input,
    training: {
      ...input.training,
      parallelism: {},
      microBatch: undefined,
      recompute: undefined,
      ...(free ? { allowTpAcrossDomains: true, allowCpForSpeed: true } : {}),
    },
  };
}

/** What any layout of the input's model and cluster can do: the fitting layouts (rules applied) and the least memory of all. */
function alternatives(ctx: EngineContext, input: TrainingInput): { candidates: RankedConfig[]; minMemoryGiB: number | null } {
  const ruled = searchWithContext(ctx, openLayout(input, false), { limit: Number.MAX_SAFE_INTEGER, rejectedLimit: 0 });
  const free = searchWithContext(ctx, openLayout(input, true), { limit: 1, rejectedLimit: 0 });
  return { candidates: ruled.candidates, minMemoryGiB: free.minMemoryGiB };
}

/** Attach the memory refusal to an estimate that does not fit. */
function refuseMemory(ctx: EngineContext, input: TrainingInput, est: TrainingEstimate, field: string): TrainingEstimate {
  const alt = alternatives(ctx, input);
  const nearest = nearestLayout(alt.candidates, requestedLayout(input));
  est.refusal = memoryRefusal(ctx, field, est.memoryPerAcceleratorGiB, alt.minMemoryGiB, nearest);
  if (alt.minMemoryGiB !== null) est.minMemoryGiB = alt.minMemoryGiB;
  return est;
}

/**
 * Training estimate. Fields of training.parallelism, microBatch and recompute
 * that are absent are searched; the fastest configuration that fits is used.
 * `layoutChoice` says why the layout was chosen over the obvious one.
 *
 * A layout that breaks a divisibility rule is refused with a LayoutRefusal (an
 * InputError naming the field, the rule and the nearest working layout). When
 * the layout does not fit, the result has fitsInMemory = false, minMemoryGiB
 * and `refusal` (its times describe a run that cannot happen: callers showing
 * a forecast refuse it, see core/training/stage.ts).
 */
export function estimateTraining(input: TrainingInput): TrainingEstimate {
  const ctx = createContext(input);
  const config = fixedConfig(ctx, input);
  if (config) {
    const problem = configProblem(ctx, config);
    if (problem) throw divisibilityRefusal(ctx, config, problem, nearestLayout(alternatives(ctx, input).candidates, requestedLayout(input)));
    const r = evaluateConfig(ctx, config);
    const est = buildEstimate(ctx, config, r, null);
    est.layoutChoice = explainLayout(ctx, { config, result: r, fits: r.memoryBytes <= ctx.capacityBytes }, null, [], true, false);
    return est.fitsInMemory ? est : refuseMemory(ctx, input, est, 'training.parallelism');
  }
  const s = searchWithContext(ctx, input, { limit: 1, rejectedLimit: 1 });
  if (!s.best) {
    const first = s.rejected[0];
    const nearest = nearestLayout(alternatives(ctx, input).candidates, requestedLayout(input));
    if (first) throw divisibilityRefusal(ctx, first.config, configProblem(ctx, first.config)!, nearest);
    throw countRefusal(`no combination of tp x pp x dp x cp equals cluster.count (${ctx.count})`, nearest);
  }
  const est = buildEstimate(ctx, s.best.config, s.best.result, s.best.fits ? null : s.minMemoryGiB);
  est.layoutChoice = explainLayout(ctx, s.best, s.obvious, s.relaxed, false, s.cpForMemory);
  if (est.fitsInMemory) return est;
  return refuseMemory(ctx, input, est, Object.keys(requestedLayout(input)).length > 0 ? 'training.parallelism' : 'cluster.count');
}
