/**
 * Mixed-chip training: one model across pools of different accelerators.
 *
 * Layout. Every data-parallel replica is one pipeline spanning all pools:
 * pool i contributes s_i consecutive stages of tensor-parallel width tp_i, so
 * the job uses dp x cp x s_i x tp_i accelerators of pool i (dp and cp are
 * common to all pools). Data-parallel gradient traffic of a stage therefore stays inside its
 * pool; only pipeline point-to-point traffic crosses between pools, at the
 * slowest of crossPoolGbps and the two pools' scale-out rates.
 *
 * Split. Stages get different layer counts, found by a min-max search: the
 * smallest per-micro-batch stage time T such that the layers each stage can do
 * within T (and hold in memory at its pipeline position) add up to the model;
 * surplus layers are then taken from the stages that are slowest per layer.
 * The search runs over pool order, dp, tp per pool, micro-batch, recompute,
 * interleaving, context parallelism (common to all pools) and (MoE) expert
 * parallelism.
 *
 * Step time (1F1B, heterogeneous stages T_j per micro-batch, m micro-batches):
 *   m x max_j T_j  +  b x (sum_j T_j - max_j T_j)  +  pipeline p2p  +  max_j (exposed DP comm + optimizer)_j
 * with b = 1 - interleaveEfficiency x (1 - 1/v). For identical stages this is
 * the training engine's (m + b (pp - 1)) x T.
 */
import { InputError } from '../errors';
import {
  collectiveTimeS,
  type CollectiveGroup,
  type CollectiveOp,
  type CollectiveParams,
} from '../network/collectives';
import {
  createContext,
  embeddingCosts,
  estimateTraining,
  headCosts,
  layerCosts,
  localLayerParams,
  ranksPerDomain,
  zeroBytesPerParam,
  dpExchangeTerms,
  optimizerParams,
  RECOMPUTE_MODES,
  resolveTrainingParams,
  type EngineContext,
  type ExecutionConfig,
  type Recompute,
  type StepBreakdown,
  type TrainingInput,
  type TrainingParams,
} from '../training';
import { MIXED_ASSUMPTIONS, MIXED_ASSUMPTION_KEYS, type MixedParams } from './assumptions';
import { planReplicas } from './replicas';
import type { MixedEstimate, MixedInput, MixedPool, MixedPoolResult, MixedStage } from './types';

const GiB = 2 ** 30;
const TiB = 2 ** 40;
const POW2 = [1, 2, 4, 8, 16, 32, 64];
const MICRO = [1, 2, 4, 8];
const VIRTUAL = [1, 2, 3, 4];

interface PoolCtx {
  name: string;
  index: number;
  pool: MixedPool;
  ctx: EngineContext;
  tps: number[];
}

/** Per-layer and per-stage constants of one pool at one (tp, ep, micro-batch, recompute). */
interface Profile {
  layerS: number;
  layerComputeS: number;
  layerTpS: number;
  layerEpS: number;
  layerCpS: number;
  layerFwdS: number;
  layerBwdS: number;
  embS: number;
  embComputeS: number;
  embTpS: number;
  headS: number;
  headComputeS: number;
  headTpS: number;
  /** Parameters per accelerator. */
  denseLayerParams: number;
  expertLayerParams: number;
  embParams: number;
  actPerLayerBytes: number;
  workingBytes: number;
  headActBytes: number;
  /** Hardware FLOPs of one layer for one whole micro-batch. */
  hwLayerFlops: number;
}

interface Config {
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

interface StagePlan {
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

interface PlanResult {
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

function fail(path: string, message: string): never {
  throw new InputError(path, message);
}

function validatePools(input: MixedInput): void {
  const pools = input.pools;
  if (!Array.isArray(pools) || pools.length === 0) fail('cluster.pools', 'must list at least one pool');
  pools.forEach((p, i) => {
    const path = `cluster.pools[${i}]`;
    if (!p || typeof p !== 'object') fail(path, 'must be an object');
    if (!p.accelerator || typeof p.accelerator !== 'object') fail(`${path}.accelerator`, 'is required');
    if (typeof p.count !== 'number' || !Number.isFinite(p.count) || p.count < 1) fail(`${path}.count`, 'must be >= 1');
    if (!Number.isInteger(p.count)) fail(`${path}.count`, 'must be an integer');
    if (typeof p.perNode !== 'number' || !Number.isInteger(p.perNode) || p.perNode < 1)
      fail(`${path}.perNode`, 'must be an integer >= 1');
    if (typeof p.scaleOutGbps !== 'number' || !Number.isFinite(p.scaleOutGbps) || p.scaleOutGbps <= 0)
      fail(`${path}.scaleOutGbps`, 'must be a number > 0');
  });
  if (input.crossPoolGbps !== undefined) {
    const c = input.crossPoolGbps;
    if (typeof c !== 'number' || !Number.isFinite(c) || c <= 0) fail('cluster.crossPoolGbps', 'must be a number > 0');
  }
}

export function splitAssumptions(a: Record<string, number> | undefined): {
  training: Record<string, number>;
  mixed: MixedParams;
} {
  const training: Record<string, number> = {};
  const mixed: Record<string, number> = Object.fromEntries(MIXED_ASSUMPTIONS.map((x) => [x.key, x.value]));
  for (const [k, v] of Object.entries(a ?? {})) {
    if (MIXED_ASSUMPTION_KEYS.has(k)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        fail(`assumptions.${k}`, 'must be a finite number >= 0');
      mixed[k] = v;
    } else training[k] = v;
  }
  if ((mixed.crossPoolBusEfficiency ?? 0) <= 0) fail('assumptions.crossPoolBusEfficiency', 'must be > 0');
  return { training, mixed: mixed as unknown as MixedParams };
}

function poolTrainingInput(input: MixedInput, pool: MixedPool, assumptions: Record<string, number>): TrainingInput {
  return {
    model: input.model,
    training: { ...input.training, parallelism: {} },
    cluster: {
      accelerator: pool.accelerator,
      count: pool.count,
      perNode: pool.perNode,
      scaleOutGbps: pool.scaleOutGbps,
      ...(pool.oversubscription !== undefined ? { oversubscription: pool.oversubscription } : {}),
      ...(pool.scaleUpDomain !== undefined ? { scaleUpDomain: pool.scaleUpDomain } : {}),
      ...(pool.inNetworkReduction !== undefined ? { inNetworkReduction: pool.inNetworkReduction } : {}),
      ...(pool.scaleUpReduction !== undefined ? { scaleUpReduction: pool.scaleUpReduction } : {}),
    },
    assumptions,
  };
}

/** Run `f`, re-pathing `cluster.*` errors of a single-pool call to `cluster.pools[i].*`. */
function inPool<T>(i: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError && e.path.startsWith('cluster.')) {
      throw new InputError(
        `cluster.pools[${i}].${e.path.slice('cluster.'.length)}`,
        e.message.slice(e.path.length + 2),
      );
    }
    throw e;
  }
}

function fixedInt(v: unknown, path: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(path, 'must be a positive integer');
  return v;
}

function permutations(n: number): number[][] {
  const ids = Array.from({ length: n }, (_, i) => i);
  if (n > 3) return n === 1 ? [ids] : [ids, [...ids].reverse()];
  const out: number[][] = [];
  const rec = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) {
      out.push(prefix);
      return;
    }
    rest.forEach((x, i) => rec([...prefix, x], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  rec([], ids);
  return out;
}

function poolGroup(ctx: EngineContext, size: number, stride: number): CollectiveGroup {
  return {
    size,
    membersPerNode: ranksPerDomain(ctx.domain, size, stride),
    intraGBps: ctx.intraGBps,
    interGBps: ctx.interGBps,
    scaleUpReduction: ctx.scaleUpReduction,
    scaleOutReduction: ctx.scaleOutReduction,
  };
}

/** The collective-model subset of the parameters (collectiveTimeS copies what it is given on every call). */
function collectiveParams(p: TrainingParams, overrides: Partial<CollectiveParams> = {}): CollectiveParams {
  return {
    intraBusEfficiency: p.intraBusEfficiency,
    interBusEfficiency: p.interBusEfficiency,
    inNetworkEfficiency: p.inNetworkEfficiency,
    intraLatencyS: p.intraLatencyS,
    interLatencyS: p.interLatencyS,
    ...overrides,
  };
}

function coll(params: CollectiveParams, op: CollectiveOp, bytes: number, g: CollectiveGroup): number {
  if (g.size <= 1 || bytes <= 0) return 0;
  return collectiveTimeS(op, bytes, g, params);
}

function profile(
  pc: PoolCtx,
  tp: number,
  cp: number,
  ep: number,
  mb: number,
  rc: Recompute,
  cache: Map<string, Profile>,
): Profile {
  const key = `${pc.index}|${tp}|${cp}|${ep}|${mb}|${rc}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const ctx = pc.ctx;
  const m = ctx.model;
  const lc = layerCosts(ctx, tp, cp, ep, mb, rc);
  const head = headCosts(ctx, tp, cp, mb);
  const emb = embeddingCosts(ctx, tp, cp, mb);
  const local = localLayerParams(m, tp, ep);
  const p: Profile = {
    layerComputeS: lc.fwdS + lc.bwdS,
    layerTpS: lc.tpFwdS + lc.tpBwdS,
    layerEpS: lc.epFwdS + lc.epBwdS,
    layerCpS: lc.cpFwdS + lc.cpBwdS,
    layerS: 0,
    layerFwdS: lc.fwdS,
    layerBwdS: lc.bwdS,
    embComputeS: emb.fwdS + emb.bwdS,
    embTpS: emb.tpS,
    embS: emb.fwdS + emb.bwdS + emb.tpS,
    headComputeS: head.fwdS + head.bwdS,
    headTpS: head.tpS,
    headS: head.fwdS + head.bwdS + head.tpS,
    denseLayerParams: local.attention + local.denseFfn,
    expertLayerParams: local.experts,
    embParams: (m.V * m.h) / tp,
    actPerLayerBytes: lc.activationBytes,
    workingBytes: lc.workingBytes,
    headActBytes: head.activationBytes,
    hwLayerFlops: lc.hardwareFlops * tp * cp,
  };
  p.layerS = p.layerComputeS + p.layerTpS + p.layerEpS + p.layerCpS;
  cache.set(key, p);
  return p;
}

/** Bytes per parameter held by one accelerator under the ZeRO stage, for parameters sharded over `dpSize`. */
function bytesPerParam(params: TrainingParams, zero: number, dpSize: number): number {
  const b = zeroBytesPerParam(params, zero, dpSize);
  return b.weights + b.grads + b.optimizer;
}

/**
 * Min-max layer split. Stage j costs fixed_j + units x unitS_j per micro-batch
 * and holds at most cap_j units. Returns units per stage (each >= 1, summing to
 * U) minimising the slowest stage, or null when the caps cannot hold U units.
 */
export function minMaxSplit(
  U: number,
  unitS: readonly number[],
  fixedS: readonly number[],
  cap: readonly number[],
): number[] | null {
  const S = unitS.length;
  if (S === 0 || S > U) return null;
  let total = 0;
  let lo = 0;
  let hi = 0;
  for (let j = 0; j < S; j++) {
    const c = cap[j]!;
    if (c < 1) return null;
    total += c;
    lo = Math.max(lo, fixedS[j]! + unitS[j]!);
    hi = Math.max(hi, fixedS[j]! + Math.min(c, U) * unitS[j]!);
  }
  if (total < U) return null;
  const count = (T: number, out?: number[]): number => {
    let n = 0;
    for (let j = 0; j < S; j++) {
      const k = Math.max(0, Math.min(cap[j]!, U, Math.floor((T - fixedS[j]!) / unitS[j]! + 1e-9)));
      if (out) out[j] = k;
      n += k;
    }
    return n;
  };
  if (count(lo) < U) {
    for (let it = 0; it < 64 && hi - lo > hi * 1e-12; it++) {
      const mid = (lo + hi) / 2;
      if (count(mid) >= U) hi = mid;
      else lo = mid;
    }
  } else hi = lo;
  const units = new Array<number>(S).fill(0);
  let n = count(hi, units);
  // surplus: take units back from the stages slowest per unit (they lengthen the pipeline fill the most)
  if (n > U) {
    const idx = Array.from({ length: S }, (_, j) => j).sort((a, b) => unitS[b]! - unitS[a]! || a - b);
    while (n > U) {
      let moved = false;
      for (const j of idx) {
        if (n <= U) break;
        if (units[j]! > 1) {
          units[j]!--;
          n--;
          moved = true;
        }
      }
      if (!moved) return null;
    }
  }
  return units;
}

/** Spread U units evenly over S stages (extra units on the first stages). */
function uniformSplit(U: number, S: number): number[] {
  const base = Math.floor(U / S);
  const extra = U - base * S;
  return Array.from({ length: S }, (_, j) => base + (j < extra ? 1 : 0));
}

/**
 * Mixed-chip training estimate: the fastest non-uniform pipeline across the
 * pools, its uniform-split counterpart, and each pool's standalone throughput.
 */
export function estimateMixed(input: MixedInput): MixedEstimate {
  const pipeline = planMixed(input, true);
  let replicas: MixedEstimate | null = null;
  if (input.pools.length >= 2) {
    const { training, mixed } = splitAssumptions(input.assumptions);
    const gradReduceBytes = resolveTrainingParams(training).gradReduceBytes;
    replicas = planReplicas(input, pipeline, (x) => planMixed(x, false), { ...mixed, gradReduceBytes });
  }
  if (replicas && replicas.tokensPerSecond > pipeline.tokensPerSecond) return replicas;
  if (replicas) pipeline.alternatives.replicasTokensPerSecond = replicas.tokensPerSecond;
  return pipeline;
}

/** The pipeline layout only (no standalone references when `withStandalone` is false). */
export function planMixed(input: MixedInput, withStandalone: boolean): MixedEstimate {
  if (!input || typeof input !== 'object') fail('', 'input must be an object');
  validatePools(input);
  const { training: trainingAssumptions, mixed } = splitAssumptions(input.assumptions);
  const poolsIn = input.pools;
  const k = poolsIn.length;
  const seen = new Map<string, number>();
  const pcs: PoolCtx[] = poolsIn.map((pool, index) => {
    const ctx = inPool(index, () => createContext(poolTrainingInput(input, pool, trainingAssumptions)));
    const base = pool.name ?? pool.accelerator.id;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { name: n > 1 ? `${base}#${n}` : base, index, pool, ctx, tps: [] };
  });
  const ctx0 = pcs[0]!.ctx;
  const model = ctx0.model;
  const params = ctx0.params;
  const L = model.L;
  const G = ctx0.globalBatch;
  const zero = ctx0.zero;

  // ---- fixed dimensions
  const t = input.training;
  const fixed = t.parallelism ?? {};
  const fTp = fixedInt(fixed.tp, 'training.parallelism.tp');
  const fPp = fixedInt(fixed.pp, 'training.parallelism.pp');
  const fDp = fixedInt(fixed.dp, 'training.parallelism.dp');
  const fCp = fixedInt(fixed.cp, 'training.parallelism.cp');
  const fEp = fixedInt(fixed.ep, 'training.parallelism.ep');
  const fV = fixedInt(fixed.virtualStages, 'training.parallelism.virtualStages');
  const fMb = fixedInt(t.microBatch, 'training.microBatch');
  const fRc = t.recompute;
  if (fRc !== undefined && !RECOMPUTE_MODES.includes(fRc))
    fail('training.recompute', 'must be none, selective or full');
  if (fCp !== undefined && model.s % fCp !== 0)
    fail('model.seqLength', `must be divisible by training.parallelism.cp (${fCp})`);
  if (k > L) fail('model.layers', `${L} layers cannot fill a pipeline of ${k} stages (at least one stage per pool)`);
  if (fPp !== undefined && fPp > L) fail('model.layers', `${L} layers cannot fill a pipeline of ${fPp} stages`);
  if (fPp !== undefined && fPp < k) fail('training.parallelism.pp', `must be at least the number of pools (${k})`);
  if (fV !== undefined && L % fV !== 0) fail('training.parallelism.virtualStages', `must divide model.layers (${L})`);
  if (fV !== undefined && fPp !== undefined && fPp * fV > L)
    fail('model.layers', `${L} layers cannot fill a pipeline of ${fPp} stages x ${fV} virtual stages`);
  if (fTp !== undefined) {
    if (model.a % fTp !== 0) fail('model.heads', `must be divisible by training.parallelism.tp (${fTp})`);
    if (model.kv % fTp !== 0 && fTp % model.kv !== 0)
      fail('model.kvHeads', `must divide or be divisible by training.parallelism.tp (${fTp})`);
    pcs.forEach((pc, i) => {
      if (fTp > pc.pool.count) fail(`cluster.pools[${i}].count`, `must be >= training.parallelism.tp (${fTp})`);
    });
  }
  if (fEp !== undefined) {
    if (!model.moe && fEp !== 1) fail('training.parallelism.ep', 'must be 1 for a dense model (model.experts = 0)');
    if (model.moe && model.E % fEp !== 0)
      fail('model.experts', `must be divisible by training.parallelism.ep (${fEp})`);
  }

  // ---- memory lower bound: one replica's weights, gradients and optimizer states (dp = 1) plus the runtime reserve everywhere
  const totalAcc = pcs.reduce((s, pc) => s + pc.pool.count, 0);
  const stateBytesPerParam = params.weightBytesPerParam + params.gradBytesPerParam + params.optimizerBytesPerParam;
  const needBytes = ctx0.counts.totalParams * stateBytesPerParam + totalAcc * params.memoryReserveGiB * GiB;
  const holdBytes = pcs.reduce((s, pc) => s + pc.pool.count * pc.ctx.capacityBytes, 0);
  if (needBytes > holdBytes)
    fail(
      'cluster.pools',
      `the model needs at least ${(needBytes / TiB).toFixed(2)} TiB (${(ctx0.counts.totalParams / 1e9).toFixed(1)} B parameters x ${stateBytesPerParam} B for weights, gradients and optimizer states, plus ${params.memoryReserveGiB} GiB runtime reserve per accelerator) and the pools hold ${(holdBytes / TiB).toFixed(2)} TiB`,
    );

  // ---- each pool planned alone (its standalone reference, and a guide for the tp search below)
  const alonePlans: (MixedEstimate | null)[] = pcs.map((pc) => {
    if (k === 1 || !withStandalone) return null;
    try {
      return planMixed({ ...input, pools: [pc.pool], crossPoolGbps: undefined }, false);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return null;
    }
  });

  // ---- search space
  for (const [i, pc] of pcs.entries()) {
    const lim = Math.min(Math.max(1, pc.ctx.domain), pc.pool.count, 64);
    pc.tps =
      fTp !== undefined
        ? [fTp]
        : POW2.filter((x) => x <= lim && model.a % x === 0 && (model.kv % x === 0 || x % model.kv === 0));
    // Three or more pools: the product of per-pool tp choices explodes, so each pool searches the tp of
    // its own standalone plan and the neighbouring powers of two.
    const aloneTp = alonePlans[i]?.parallelism.tp;
    if (k >= 3 && aloneTp !== undefined && fTp === undefined) {
      const near = pc.tps.filter((x) => x >= aloneTp / 2 && x <= aloneTp * 2);
      if (near.length) pc.tps = near;
    }
  }
  const minCount = Math.min(...pcs.map((pc) => pc.pool.count));
  const dps: number[] = [];
  if (fDp !== undefined) dps.push(fDp);
  else for (let d = 1; d <= Math.min(G, minCount); d++) if (G % d === 0) dps.push(d);
  const mbs = fMb !== undefined ? [fMb] : MICRO;
  const rcs: readonly Recompute[] = fRc !== undefined ? [fRc] : RECOMPUTE_MODES;
  const vs = fV !== undefined ? [fV] : VIRTUAL.filter((v) => L % v === 0 && v * k <= L);
  const cps = fCp !== undefined ? [fCp] : POW2.filter((x) => x <= 16 && model.s % x === 0 && model.s / x >= 512);
  const eps = fEp !== undefined ? [fEp] : model.moe ? POW2.filter((x) => x <= model.E && model.E % x === 0) : [1];
  const orders = permutations(k);
  const bubbleFactor = (v: number) => 1 - Math.min(1, params.interleaveEfficiency) * (1 - 1 / v);
  const cache = new Map<string, Profile>();

  const crossGbpsBetween = (a: number, b: number): number =>
    Math.min(input.crossPoolGbps ?? Infinity, pcs[a]!.pool.scaleOutGbps, pcs[b]!.pool.scaleOutGbps);

  const crossParams = collectiveParams(params, { interBusEfficiency: mixed.crossPoolBusEfficiency });
  const poolCollParams = pcs.map((pc) => collectiveParams(pc.ctx.params));
  const crossCache = new Map<string, number>();
  /** One point-to-point message between pools a and b, s. */
  const crossP2pS = (a: number, b: number, bytes: number): number => {
    const g: CollectiveGroup = {
      size: 2,
      membersPerNode: 1,
      intraGBps: 1,
      interGBps: crossGbpsBetween(a, b) / 8,
      interLatencyS: mixed.crossPoolLatencyS,
    };
    const key = `${a}|${b}|${bytes}`;
    const hit = crossCache.get(key);
    if (hit !== undefined) return hit;
    const t = collectiveTimeS('p2p', bytes, g, crossParams);
    crossCache.set(key, t);
    return t;
  };

  const buildStages = (cfg: Config): StagePlan[] => {
    const S = cfg.order.reduce((s, i) => s + cfg.stages[i]!, 0);
    const out: StagePlan[] = [];
    let position = 0;
    for (const i of cfg.order) {
      const pc = pcs[i]!;
      const tp = cfg.tp[i]!;
      const prof = profile(pc, tp, cfg.cp, cfg.ep, cfg.mb, cfg.rc, cache);
      const bDense = bytesPerParam(pc.ctx.params, zero, cfg.dp * cfg.cp);
      const bExpert = bytesPerParam(pc.ctx.params, zero, (cfg.dp * cfg.cp) / cfg.ep);
      const zero3Buffer =
        zero === 3 ? 2 * (prof.denseLayerParams + prof.expertLayerParams) * pc.ctx.params.weightBytesPerParam : 0;
      for (let s = 0; s < cfg.stages[i]!; s++, position++) {
        const first = position === 0;
        const last = position === S - 1;
        const embCopies = S === 1 ? (model.tied ? 1 : 2) : (first ? 1 : 0) + (last ? 1 : 0);
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
        out.push({
          pool: i,
          prof,
          tp,
          first,
          last,
          position,
          fixedBytes,
          perLayerBytes,
          capacityBytes: cap,
          maxLayers,
        });
      }
    }
    return out;
  };

  const stageFixedS = (st: StagePlan): number => (st.first ? st.prof.embS : 0) + (st.last ? st.prof.headS : 0);

  /**
   * Data-parallel exchange of one stage (pool `pool`, `l` layers, `embCopies` embedding matrices):
   * the exposed time is the sum of max(0, term) over the returned terms; plus the optimizer step.
   * Each term is concave in l (a collective time, the fastest of affine algorithms, minus an
   * overlap linear in l), which the search's lower bound relies on.
   */
  const tailTerms = (cfg: Config, pool: number, prof: Profile, tp: number, l: number, embCopies: number) => {
    const pc = pcs[pool]!;
    const p = pc.ctx.params;
    const cp = poolCollParams[pool]!;
    const denseP = l * prof.denseLayerParams + embCopies * prof.embParams;
    const expertP = l * prof.expertLayerParams;
    const dpSize = cfg.dp * cfg.cp;
    const edp = dpSize / cfg.ep;
    const gDense = poolGroup(pc.ctx, dpSize, tp);
    const gExpert = poolGroup(pc.ctx, edp, tp * cfg.ep);
    const terms = dpExchangeTerms(
      zero,
      denseP,
      expertP,
      p,
      l * prof.layerFwdS,
      l * prof.layerBwdS,
      cfg.micro,
      (op, dense, expert) => coll(cp, op, dense, gDense) + coll(cp, op, expert, gExpert),
    );
    const optParams = optimizerParams(zero, denseP, expertP, dpSize, edp);
    const optS = (optParams * p.optimizerStepBytesPerParam) / (pc.ctx.hbmBytesPerS * p.hbmEfficiency);
    return { terms, optS };
  };

  /**
   * Lower bound on max_j (exposed DP exchange + optimizer)_j: some stage holds >= ceil(L / S) layers;
   * on whichever pool it is, its terms are concave in l, so over [l0, L] each is at least its smaller
   * end value, and the optimizer step grows with l. Embedding copies only add to the exchange.
   */
  const tailLowerBound = (cfg: Config): number => {
    const S = cfg.stages.reduce((a, b) => a + b, 0);
    const l0 = Math.ceil(L / S);
    let lb = Infinity;
    for (let i = 0; i < k; i++) {
      if (cfg.stages[i]! < 1) continue;
      const prof = profile(pcs[i]!, cfg.tp[i]!, cfg.cp, cfg.ep, cfg.mb, cfg.rc, cache);
      const lo = tailTerms(cfg, i, prof, cfg.tp[i]!, l0, 0);
      const hi = tailTerms(cfg, i, prof, cfg.tp[i]!, L, 0);
      let b = lo.optS;
      lo.terms.forEach((x, q) => (b += Math.max(0, Math.min(x, hi.terms[q]!))));
      lb = Math.min(lb, b);
    }
    return Number.isFinite(lb) ? lb : 0;
  };

  const evaluatePlan = (cfg: Config, stages: StagePlan[], layers: number[]): PlanResult => {
    const S = stages.length;
    const m = cfg.micro;
    const stageTimes = stages.map((st, j) => layers[j]! * st.prof.layerS + stageFixedS(st));
    let bottleneck = 0;
    for (let j = 1; j < S; j++) if (stageTimes[j]! > stageTimes[bottleneck]!) bottleneck = j;
    const tMax = stageTimes[bottleneck]!;
    const sumT = stageTimes.reduce((a, b) => a + b, 0);

    // data-parallel exchange (inside the pool) and optimizer step, per stage
    const tailCache = new Map<string, [number, number]>();
    const tails: [number, number][] = stages.map((st, j) => {
      const l = layers[j]!;
      const key = `${st.pool}|${l}|${st.first}|${st.last}`;
      const hit = tailCache.get(key);
      if (hit) return hit;
      const embCopies = S === 1 ? (model.tied ? 1 : 2) : (st.first ? 1 : 0) + (st.last ? 1 : 0);
      const t = tailTerms(cfg, st.pool, st.prof, st.tp, l, embCopies);
      let dpS = 0;
      for (const x of t.terms) dpS += Math.max(0, x);
      const r: [number, number] = [dpS, t.optS];
      tailCache.set(key, r);
      return r;
    });
    let tailJ = 0;
    for (let j = 1; j < S; j++) if (tails[j]![0] + tails[j]![1] > tails[tailJ]![0] + tails[tailJ]![1]) tailJ = j;

    // pipeline point-to-point: the slowest boundary paces the exchange
    let p2pMax = 0;
    let crossGbps = Infinity;
    for (let j = 0; j + 1 < S; j++) {
      const a = stages[j]!;
      const b = stages[j + 1]!;
      // boundaries inside one pool are all alike: one evaluation per pool
      if (a.pool === b.pool && j > 0 && stages[j - 1]!.pool === a.pool) continue;
      const bytes = (((cfg.mb * model.s) / cfg.cp) * model.h * 2) / Math.min(a.tp, b.tp);
      let x: number;
      if (a.pool === b.pool) {
        const ctx = pcs[a.pool]!.ctx;
        const g: CollectiveGroup = {
          ...poolGroup(ctx, 2, 1),
          membersPerNode: 2 * a.tp * cfg.cp * cfg.dp <= ctx.domain ? 2 : 1,
        };
        x = collectiveTimeS('p2p', bytes, g, poolCollParams[a.pool]!);
      } else {
        crossGbps = Math.min(crossGbps, crossGbpsBetween(a.pool, b.pool));
        x = crossP2pS(a.pool, b.pool, bytes);
      }
      p2pMax = Math.max(p2pMax, x);
    }
    const bn = stages[bottleneck]!;
    const bl = layers[bottleneck]!;
    const breakdown: StepBreakdown = {
      computeS:
        m * (bl * bn.prof.layerComputeS + (bn.first ? bn.prof.embComputeS : 0) + (bn.last ? bn.prof.headComputeS : 0)),
      tpCommS: m * (bl * bn.prof.layerTpS + (bn.first ? bn.prof.embTpS : 0) + (bn.last ? bn.prof.headTpS : 0)),
      cpCommS: m * bl * bn.prof.layerCpS,
      epCommS: m * bl * bn.prof.layerEpS,
      ppCommS: S > 1 ? m * cfg.v * 2 * p2pMax : 0,
      pipelineBubbleS: S > 1 ? bubbleFactor(cfg.v) * (sumT - tMax) : 0,
      dpCommExposedS: tails[tailJ]![0],
      optimizerS: tails[tailJ]![1],
    };
    const stepTimeS =
      breakdown.computeS +
      breakdown.tpCommS +
      breakdown.cpCommS +
      breakdown.epCommS +
      breakdown.ppCommS +
      breakdown.pipelineBubbleS +
      breakdown.dpCommExposedS +
      breakdown.optimizerS;
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
  };

  // ---- search
  let best: { cfg: Config; stages: StagePlan[]; layers: number[]; r: PlanResult } | null = null;
  let searched = 0;
  let anyShape = false;
  let tightest: { ratio: number; stage: StagePlan; bytes: number } | null = null;
  const tpCombos: number[][] = [];
  const rec = (i: number, acc: number[]) => {
    if (i === k) {
      tpCombos.push(acc);
      return;
    }
    for (const tp of pcs[i]!.tps) rec(i + 1, [...acc, tp]);
  };
  rec(0, []);

  // Branch and bound: enumerate every shape with a cheap lower bound on its step time, then
  // split layers for the most promising first and stop once no bound can beat the best plan.
  interface Candidate {
    cfg: Config;
    bound: number;
  }
  const candidates: Candidate[] = [];
  const p2pBytes = (mb: number, cp: number, tpA: number, tpB: number) =>
    (((mb * model.s) / cp) * model.h * 2) / Math.min(tpA, tpB);
  for (const mb of mbs) {
    for (const rc of rcs) {
      for (const cp of cps) {
        for (const ep of eps) {
          for (const tp of tpCombos) {
            // per-pool constants of this (tp, cp, ep, micro-batch, recompute)
            const profs = tp.map((x, i) => profile(pcs[i]!, x, cp, ep, mb, rc, cache));
            let fastest = Infinity;
            let slowest = 0;
            for (const pr of profs) {
              fastest = Math.min(fastest, pr.layerS);
              slowest = Math.max(slowest, pr.layerS);
            }
            for (const dp of dps) {
              if (G % (dp * mb) !== 0 || (dp * cp) % ep !== 0) continue;
              const micro = G / (dp * mb);
              const maxStages = tp.map((x, i) => Math.floor(pcs[i]!.pool.count / (dp * cp * x)));
              if (maxStages.some((s) => s < 1)) continue;
              for (const v of vs) {
                const U = L / v;
                const stagesPer = [...maxStages];
                const target = Math.min(U, fPp ?? Infinity);
                let S = stagesPer.reduce((a, b) => a + b, 0);
                if (fPp !== undefined && S < fPp) continue;
                if (S > target) {
                  // more stages than layer units (or than a fixed pp): shrink proportionally, leaving accelerators idle
                  for (let i = 0; i < k; i++) stagesPer[i] = Math.max(1, Math.floor((stagesPer[i]! * target) / S));
                  S = stagesPer.reduce((a, b) => a + b, 0);
                  while (S > target) {
                    let j = 0;
                    for (let i = 1; i < k; i++) if (stagesPer[i]! > stagesPer[j]!) j = i;
                    if (stagesPer[j]! <= 1) break;
                    stagesPer[j]!--;
                    S--;
                  }
                  if (S > target) continue;
                  if (fPp !== undefined && S !== fPp) continue;
                }
                if (v > 1 && (S < 2 || micro % S !== 0)) continue;
                anyShape = true;
                // Bound on the slowest stage T: the continuous min-max split, sum_j (T - e_j) / t_j >= L with
                // the embedding and output layer as e_j on the first and last stage; every stage holds >= 1
                // unit. The fill/drain term takes every layer once at the fastest per-layer time; the
                // pipeline exchange is taken over the links between pools only.
                let rate = 0;
                for (let i = 0; i < k; i++) rate += stagesPer[i]! / profs[i]!.layerS;
                const bf = S > 1 ? bubbleFactor(v) : 0;
                for (const order of orders) {
                  const first = order[0]!;
                  const last = order[k - 1]!;
                  const pF = profs[first]!;
                  const pL = profs[last]!;
                  const tLow = Math.max(
                    (L + pF.embS / pF.layerS + pL.headS / pL.layerS) / rate,
                    v * slowest,
                    v * pL.layerS + pL.headS,
                  );
                  let p2p = 0;
                  for (let q = 0; q + 1 < k; q++) {
                    const a = order[q]!;
                    const c = order[q + 1]!;
                    p2p = Math.max(p2p, crossP2pS(a, c, p2pBytes(mb, cp, tp[a]!, tp[c]!)));
                  }
                  const bound = (micro - bf) * tLow + bf * L * fastest + micro * v * 2 * p2p;
                  candidates.push({ cfg: { order, v, mb, rc, dp, ep, cp, tp, stages: stagesPer, micro }, bound });
                }
              }
            }
          }
        }
      }
    }
  }
  candidates.sort((a, b) => a.bound - b.bound);
  for (const { cfg, bound } of candidates) {
    if (best && bound >= best.r.stepTimeS) break;
    if (best && bound + tailLowerBound(cfg) >= best.r.stepTimeS) continue;
    const v = cfg.v;
    const U = L / v;
    const stages = buildStages(cfg);
    const unitS = stages.map((st) => v * st.prof.layerS);
    const fixedS = stages.map(stageFixedS);
    const caps = stages.map((st) => Math.floor(st.maxLayers / v));
    searched++;
    const units = minMaxSplit(U, unitS, fixedS, caps);
    if (!units) {
      // remember how far the tightest stage is from fitting one layer unit, for the error message
      for (const st of stages) {
        const bytes = st.fixedBytes + v * st.perLayerBytes;
        const ratio = bytes / st.capacityBytes;
        if (ratio > 1 && (!tightest || ratio < tightest.ratio)) tightest = { ratio, stage: st, bytes };
      }
      continue;
    }
    const layers = units.map((u) => u * v);
    const r = evaluatePlan(cfg, stages, layers);
    if (!best || r.stepTimeS < best.r.stepTimeS) best = { cfg, stages, layers, r };
  }

  if (!best) {
    if (!anyShape)
      fail(
        'cluster.pools',
        `no data-parallel degree fits every pool: dp x cp x stages x tp must fit each pool's count (${pcs.map((pc) => pc.pool.count).join(', ')}) with training.globalBatch (${G}) divisible by dp x micro-batch`,
      );
    const tt = tightest as { ratio: number; stage: StagePlan; bytes: number } | null;
    const where = tt
      ? `; the tightest plan still needs ${(tt.bytes / GiB).toFixed(1)} GiB on a ${pcs[tt.stage.pool]!.pool.accelerator.id} of ${(tt.stage.capacityBytes / GiB).toFixed(1)} GiB`
      : '';
    fail(
      'cluster.pools',
      `no pipeline split fits in memory: the model needs at least ${(needBytes / TiB).toFixed(2)} TiB for weights, gradients, optimizer states and reserve, plus activations, and the pools hold ${(holdBytes / TiB).toFixed(2)} TiB${where}`,
    );
  }

  const { cfg, stages, layers, r } = best;
  const S = stages.length;

  // ---- uniform split of the same configuration
  const uLayers = uniformSplit(L / cfg.v, S).map((u) => u * cfg.v);
  const ru = evaluatePlan(cfg, stages, uLayers);

  // ---- standalone throughput of each pool
  const tokensPerStep = G * model.s;
  const pools: MixedPoolResult[] = pcs.map((pc, i) => {
    let basis: MixedPoolResult['standaloneBasis'] = 'searched';
    let tps = 0;
    if (withStandalone) {
      const alone = poolTrainingInput(input, pc.pool, trainingAssumptions);
      let fitting = 0;
      let fallback: { basis: MixedPoolResult['standaloneBasis']; tps: number } | null = null;
      try {
        const e = estimateTraining(alone);
        if (e.fitsInMemory) fitting = e.tokensPerSecond;
        else
          fallback = {
            basis: 'memory-unconstrained',
            tps: estimateTraining({
              ...alone,
              cluster: { ...alone.cluster, accelerator: { ...pc.pool.accelerator, memoryGB: 1e9 } },
            }).tokensPerSecond,
          };
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        const pr = profile(pc, 1, 1, 1, fMb ?? 1, fRc ?? 'none', cache);
        const perMbS = L * pr.layerComputeS + pr.embComputeS + pr.headComputeS;
        fallback = { basis: 'compute-bound', tps: (pc.pool.count * (fMb ?? 1) * model.s) / perMbS };
      }
      // This planner on the pool alone is not bound to layer counts divisible by pp x virtual stages
      // and may beat the uniform-split search.
      let own = 0;
      if (k === 1) own = tokensPerStep / r.stepTimeS;
      else {
        own = alonePlans[i]?.tokensPerSecond ?? 0;
      }
      if (fitting > 0 || own > 0) {
        basis = own > fitting ? 'non-uniform-split' : 'searched';
        tps = Math.max(own, fitting);
      } else if (fallback) {
        basis = fallback.basis;
        tps = fallback.tps;
      }
    }
    const poolStages = stages.filter((st) => st.pool === i);
    const poolLayers = poolStages.reduce((s, st) => s + layers[st.position]!, 0);
    const used = cfg.dp * cfg.cp * cfg.stages[i]! * cfg.tp[i]!;
    return {
      name: pc.name,
      acceleratorId: pc.pool.accelerator.id,
      count: pc.pool.count,
      used,
      idle: pc.pool.count - used,
      stages: cfg.stages[i]!,
      tp: cfg.tp[i]!,
      layers: poolLayers,
      peakTflopsPerAccelerator: pc.ctx.peakPrecision / 1e12,
      standaloneTokensPerSecond: tps,
      standaloneBasis: basis,
    };
  });

  // ---- assemble
  const step = r.stepTimeS;
  const tokensPerSecond = tokensPerStep / step;
  const summedPeak = pcs.reduce((s, pc) => s + pc.pool.count * pc.ctx.peakPrecision, 0);
  const modelFlopsPerStep = tokensPerStep * ctx0.counts.trainFlopsPerToken;
  let firstLayer = 0;
  const stageOut: MixedStage[] = stages.map((st, j) => {
    const pc = pcs[st.pool]!;
    const out: MixedStage = {
      pool: pc.name,
      poolIndex: st.pool,
      acceleratorId: pc.pool.accelerator.id,
      index: j,
      layers: layers[j]!,
      firstLayer,
      tp: st.tp,
      stageTimeS: r.stageTimes[j]!,
      busyPerStepS: r.stageTimes[j]! * cfg.micro,
      tailS: r.tails[j]!,
      memoryGiB: r.memory[j]! / GiB,
      capacityGiB: st.capacityBytes / GiB,
      maxLayers: st.maxLayers,
      fitsInMemory: r.memory[j]! <= st.capacityBytes,
    };
    firstLayer += layers[j]!;
    return out;
  });
  const bn = stages[r.bottleneck]!;
  const capped = stages.filter((st, j) => st.pool !== bn.pool && layers[j]! + cfg.v > st.maxLayers);
  const cappedPools = [...new Set(capped.map((st) => pcs[st.pool]!.name))];
  const code = capped.length ? 'memory' : bn.last && S > 1 ? 'output' : bn.first && S > 1 ? 'embedding' : 'granularity';
  const reason = {
    memory: `slowest stage; pool${cappedPools.length > 1 ? 's' : ''} ${cappedPools.map((n) => `"${n}"`).join(', ')} cannot take more layers (memory)`,
    output: 'slowest stage: holds the output layer and loss',
    embedding: 'slowest stage: holds the input embedding',
    granularity: 'slowest stage after balancing (layers move in whole units)',
  }[code];
  const notes: string[] = [];
  for (const p of pools) {
    if (p.idle > 0)
      notes.push(
        `pool "${p.name}": ${p.idle} of ${p.count} accelerators idle (dp ${cfg.dp} x cp ${cfg.cp} x ${p.stages} stages x tp ${p.tp} = ${p.used})`,
      );
    if (p.standaloneBasis === 'memory-unconstrained')
      notes.push(
        `pool "${p.name}" cannot hold the model alone: its standalone throughput is taken with the memory limit lifted (an upper bound)`,
      );
    if (p.standaloneBasis === 'compute-bound')
      notes.push(
        `pool "${p.name}" has no valid configuration alone: its standalone throughput is compute-only at tp 1 (an upper bound)`,
      );
  }
  if (k > 3) notes.push('more than 3 pools: only the given pool order and its reverse were searched');
  const sumStandalone = pools.reduce((s, p) => s + p.standaloneTokensPerSecond, 0);
  const parallelism: ExecutionConfig = {
    tp: Math.max(...cfg.tp),
    pp: S,
    dp: cfg.dp,
    cp: cfg.cp,
    ep: cfg.ep,
    virtualStages: cfg.v,
    microBatch: cfg.mb,
    recompute: cfg.rc,
  };
  return {
    stepTimeS: step,
    tokensPerSecond,
    mfu: modelFlopsPerStep / (step * summedPeak),
    hfu: r.hardwareFlopsPerStep / (step * summedPeak),
    modelTflopsPerAccelerator: modelFlopsPerStep / step / totalAcc / 1e12,
    hardwareTflopsPerAccelerator: r.hardwareFlopsPerStep / step / totalAcc / 1e12,
    trainingDays: ctx0.tokens / tokensPerSecond / 86400,
    memoryPerAcceleratorGiB: Math.max(...r.memory) / GiB,
    fitsInMemory: r.fits,
    parallelism,
    breakdown: r.breakdown,
    stages: stageOut,
    pools,
    bottleneck: {
      stage: r.bottleneck,
      pool: pcs[bn.pool]!.name,
      reason,
      code,
      ...(capped.length ? { cappedPools } : {}),
    },
    aggregateUtilization: sumStandalone > 0 ? tokensPerSecond / sumStandalone : 0,
    uniformSplitTokensPerSecond: tokensPerStep / ru.stepTimeS,
    uniformSplitFitsInMemory: ru.fits,
    crossPoolGbps: r.crossGbps,
    steps: Math.ceil(ctx0.tokens / tokensPerStep),
    microBatchesPerStep: cfg.micro,
    modelFlopsPerStep,
    hardwareFlopsPerStep: r.hardwareFlopsPerStep,
    parameters: ctx0.counts.totalParams,
    activeParameters: ctx0.counts.activeParams,
    configurationsSearched: searched,
    layout: 'pipeline',
    alternatives: { pipelineTokensPerSecond: tokensPerSecond, replicasTokensPerSecond: null },
    notes,
  };
}
