/**
 * The dimensions the mixed-chip planner searches: pool order, tp per pool,
 * dp, micro-batch, recompute, interleaving (virtual stages), context
 * parallelism and (MoE) expert parallelism, each either fixed by the scenario
 * or enumerated; and how many stages each pool gets for one choice of them.
 */
import { RECOMPUTE_MODES, type NormalizedModel, type Recompute } from '../training';
import type { PoolCtx } from './profile';
import type { MixedEstimate } from './types';
import type { FixedDims } from './validate';

const POW2 = [1, 2, 4, 8, 16, 32, 64];
const MICRO = [1, 2, 4, 8];
const VIRTUAL = [1, 2, 3, 4];

export interface SearchSpace {
  /** Every combination of per-pool tp (by pool index). */
  tpCombos: number[][];
  dps: number[];
  mbs: readonly number[];
  rcs: readonly Recompute[];
  vs: number[];
  cps: number[];
  eps: number[];
  /** Pool orders along the pipeline. */
  orders: number[][];
}

/** Pool orders tried: all of them up to three pools, else the given order and its reverse. */
export function permutations(n: number): number[][] {
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

/** Every choice of one element per list, in lexicographic order. */
export function cartesian(lists: readonly (readonly number[])[]): number[][] {
  const out: number[][] = [];
  const rec = (i: number, acc: number[]) => {
    if (i === lists.length) {
      out.push(acc);
      return;
    }
    for (const x of lists[i]!) rec(i + 1, [...acc, x]);
  };
  rec(0, []);
  return out;
}

/**
 * tp choices of one pool: powers of two up to its scale-up domain (and 64)
 * that split the heads and KV heads. With three or more pools the product of
 * per-pool choices explodes, so each pool keeps the tp of its own standalone
 * plan (`aloneTp`) and the neighbouring powers of two.
 */
export function poolTpChoices(
  pc: PoolCtx,
  model: NormalizedModel,
  fixedTp: number | undefined,
  aloneTp: number | undefined,
  k: number,
): number[] {
  if (fixedTp !== undefined) return [fixedTp];
  const lim = Math.min(Math.max(1, pc.ctx.domain), pc.pool.count, 64);
  const tps = POW2.filter((x) => x <= lim && model.a % x === 0 && (model.kv % x === 0 || x % model.kv === 0));
  if (k >= 3 && aloneTp !== undefined) {
    const near = tps.filter((x) => x >= aloneTp / 2 && x <= aloneTp * 2);
    if (near.length) return near;
  }
  return tps;
}

/** The search space of a plan; `alonePlans` are the pools' standalone plans (null when not run). */
export function searchSpace(
  pcs: readonly PoolCtx[],
  model: NormalizedModel,
  G: number,
  fixed: FixedDims,
  alonePlans: readonly (MixedEstimate | null)[],
): SearchSpace {
  const k = pcs.length;
  const L = model.L;
  const tps = pcs.map((pc, i) => poolTpChoices(pc, model, fixed.tp, alonePlans[i]?.parallelism.tp, k));
  const minCount = Math.min(...pcs.map((pc) => pc.pool.count));
  const dps: number[] = [];
  if (fixed.dp !== undefined) dps.push(fixed.dp);
  else for (let d = 1; d <= Math.min(G, minCount); d++) if (G % d === 0) dps.push(d);
  return {
    tpCombos: cartesian(tps),
    dps,
    mbs: fixed.mb !== undefined ? [fixed.mb] : MICRO,
    rcs: fixed.rc !== undefined ? [fixed.rc] : RECOMPUTE_MODES,
    vs: fixed.v !== undefined ? [fixed.v] : VIRTUAL.filter((v) => L % v === 0 && v * k <= L),
    cps: fixed.cp !== undefined ? [fixed.cp] : POW2.filter((x) => x <= 16 && model.s % x === 0 && model.s / x >= 512),
    eps: fixed.ep !== undefined ? [fixed.ep] : model.moe ? POW2.filter((x) => x <= model.E && model.E % x === 0) : [1],
    orders: permutations(k),
  };
}

/**
 * Stages per pool when each pool can hold `maxStages[i]` stages and the
 * pipeline at most U layer units (or exactly a fixed pp): more stages than that
 * are shrunk proportionally (largest pools first, never below one), leaving
 * accelerators idle. null when no count meets a fixed pp.
 */
export function fitStageCounts(maxStages: readonly number[], U: number, fixedPp: number | undefined): number[] | null {
  const k = maxStages.length;
  const stagesPer = [...maxStages];
  const target = Math.min(U, fixedPp ?? Infinity);
  let S = stagesPer.reduce((a, b) => a + b, 0);
  if (fixedPp !== undefined && S < fixedPp) return null;
  if (S <= target) return stagesPer;
  for (let i = 0; i < k; i++) stagesPer[i] = Math.max(1, Math.floor((stagesPer[i]! * target) / S));
  S = stagesPer.reduce((a, b) => a + b, 0);
  while (S > target) {
    let j = 0;
    for (let i = 1; i < k; i++) if (stagesPer[i]! > stagesPer[j]!) j = i;
    if (stagesPer[j]! <= 1) break;
    stagesPer[j]!--;
    S--;
  }
  if (S > target) return null;
  if (fixedPp !== undefined && S !== fixedPp) return null;
  return stagesPer;
}
