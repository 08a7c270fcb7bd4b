/**
 * Branch and bound over pipeline layouts: every shape of the search space gets
 * a cheap lower bound on its step time; layers are split (min-max) for the most
 * promising first, and the search stops once no bound can beat the best plan.
 */
import type { Recompute } from '../training';
import {
  bubbleFactor,
  buildStages,
  crossP2pS,
  p2pBytes,
  stageFixedS,
  type Config,
  type MixedContext,
  type StagePlan,
} from './layout';
import { profile, type Profile } from './profile';
import type { SearchSpace } from './space';
import { fitStageCounts } from './space';
import { minMaxSplit } from './split';
import { evaluatePlan, tailLowerBound, type PlanResult } from './step';
import { fail, GiB, TiB, type MemoryFloor } from './validate';

export interface Candidate {
  cfg: Config;
  /** Lower bound on the step time of any layer split of cfg, s. */
  bound: number;
}

export interface BestPlan {
  cfg: Config;
  stages: StagePlan[];
  layers: number[];
  r: PlanResult;
}

/** The stage furthest from fitting one layer unit, kept for the error when nothing fits. */
export interface Tightest {
  ratio: number;
  stage: StagePlan;
  bytes: number;
}

/** One (micro-batch, recompute, cp, ep, per-pool tp) choice with its pools' profiles. */
interface Shape {
  mb: number;
  rc: Recompute;
  cp: number;
  ep: number;
  tp: number[];
  profs: Profile[];
  fastest: number;
  slowest: number;
}

/**
 * Bound on the slowest stage T: the continuous min-max split, sum_j (T - e_j) / t_j >= L with
 * the embedding and output layer as e_j on the first and last stage; every stage holds >= 1
 * unit. The fill/drain term takes every layer once at the fastest per-layer time; the
 * pipeline exchange is taken over the links between pools only.
 */
function orderBound(
  mc: MixedContext,
  sh: Shape,
  order: number[],
  v: number,
  micro: number,
  rate: number,
  bf: number,
): number {
  const { L, k, model } = mc;
  const pF = sh.profs[order[0]!]!;
  const pL = sh.profs[order[k - 1]!]!;
  const tLow = Math.max(
    (L + pF.embS / pF.layerS + pL.headS / pL.layerS) / rate,
    v * sh.slowest,
    v * pL.layerS + pL.headS,
  );
  let p2p = 0;
  for (let q = 0; q + 1 < k; q++) {
    const a = order[q]!;
    const c = order[q + 1]!;
    p2p = Math.max(p2p, crossP2pS(mc, a, c, p2pBytes(model, sh.mb, sh.cp, sh.tp[a]!, sh.tp[c]!)));
  }
  return (micro - bf) * tLow + bf * L * sh.fastest + micro * v * 2 * p2p;
}

/** Candidates of one shape over dp, virtual stages and pool orders; true when any layout exists. */
function shapeCandidates(
  mc: MixedContext,
  space: SearchSpace,
  fixedPp: number | undefined,
  sh: Shape,
  out: Candidate[],
): boolean {
  const { L, G, k, pcs } = mc;
  const { mb, rc, cp, ep, tp } = sh;
  let anyShape = false;
  for (const dp of space.dps) {
    if (G % (dp * mb) !== 0 || (dp * cp) % ep !== 0) continue;
    const micro = G / (dp * mb);
    const maxStages = tp.map((x, i) => Math.floor(pcs[i]!.pool.count / (dp * cp * x)));
    if (maxStages.some((s) => s < 1)) continue;
    for (const v of space.vs) {
      const stagesPer = fitStageCounts(maxStages, L / v, fixedPp);
      if (!stagesPer) continue;
      const S = stagesPer.reduce((a, b) => a + b, 0);
      if (v > 1 && (S < 2 || micro % S !== 0)) continue;
      anyShape = true;
      let rate = 0;
      for (let i = 0; i < k; i++) rate += stagesPer[i]! / sh.profs[i]!.layerS;
      const bf = S > 1 ? bubbleFactor(mc, v) : 0;
      for (const order of space.orders) {
        const bound = orderBound(mc, sh, order, v, micro, rate, bf);
        out.push({ cfg: { order, v, mb, rc, dp, ep, cp, tp, stages: stagesPer, micro }, bound });
      }
    }
  }
  return anyShape;
}

/** Every layout of the search space with its bound, in enumeration order; anyShape = some layout fits the counts. */
export function enumerateCandidates(
  mc: MixedContext,
  space: SearchSpace,
  fixedPp: number | undefined,
): { candidates: Candidate[]; anyShape: boolean } {
  const candidates: Candidate[] = [];
  let anyShape = false;
  for (const mb of space.mbs) {
    for (const rc of space.rcs) {
      for (const cp of space.cps) {
        for (const ep of space.eps) {
          for (const tp of space.tpCombos) {
            // per-pool constants of this (tp, cp, ep, micro-batch, recompute)
            const profs = tp.map((x, i) => profile(mc.pcs[i]!, x, cp, ep, mb, rc, mc.cache));
            let fastest = Infinity;
            let slowest = 0;
            for (const pr of profs) {
              fastest = Math.min(fastest, pr.layerS);
              slowest = Math.max(slowest, pr.layerS);
            }
            const sh: Shape = { mb, rc, cp, ep, tp, profs, fastest, slowest };
            if (shapeCandidates(mc, space, fixedPp, sh, candidates)) anyShape = true;
          }
        }
      }
    }
  }
  return { candidates, anyShape };
}

/** The fastest layout (min-max layer split) over the candidates, best bound first. */
export function searchLayouts(
  mc: MixedContext,
  candidates: Candidate[],
): { best: BestPlan | null; searched: number; tightest: Tightest | null } {
  const L = mc.L;
  let best: BestPlan | null = null;
  let searched = 0;
  let tightest: Tightest | null = null;
  candidates.sort((a, b) => a.bound - b.bound);
  for (const { cfg, bound } of candidates) {
    if (best && bound >= best.r.stepTimeS) break;
    if (best && bound + tailLowerBound(mc, cfg) >= best.r.stepTimeS) continue;
    const v = cfg.v;
    const U = L / v;
    const stages = buildStages(mc, cfg);
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
    const r = evaluatePlan(mc, cfg, stages, layers);
    if (!best || r.stepTimeS < best.r.stepTimeS) best = { cfg, stages, layers, r };
  }
  return { best, searched, tightest };
}

/** The error when no layout was found: no shape fits the counts, or none fits in memory. */
export function noPlanError(mc: MixedContext, anyShape: boolean, tightest: Tightest | null, floor: MemoryFloor): never {
  const pcs = mc.pcs;
  if (!anyShape)
    fail(
      'cluster.pools',
      `no data-parallel degree fits every pool: dp x cp x stages x tp must fit each pool's count (${pcs.map((pc) => pc.pool.count).join(', ')}) with training.globalBatch (${mc.G}) divisible by dp x micro-batch`,
    );
  const where = tightest
    ? `; the tightest plan still needs ${(tightest.bytes / GiB).toFixed(1)} GiB on a ${pcs[tightest.stage.pool]!.pool.accelerator.id} of ${(tightest.stage.capacityBytes / GiB).toFixed(1)} GiB`
    : '';
  fail(
    'cluster.pools',
    `no pipeline split fits in memory: the model needs at least ${(floor.needBytes / TiB).toFixed(2)} TiB for weights, gradients, optimizer states and reserve, plus activations, and the pools hold ${(floor.holdBytes / TiB).toFixed(2)} TiB${where}`,
  );
}
