/**
 * Pipeline stages of one configuration: how many layers each stage holds
 * (the input's `training.layersPerStage`, or a split the engine balances:
 * the embedding counts as work of the first stage, the output layer and loss
 * of the last, e.g. Llama 3's 126 layers on 16 stages as 7, 8 x 14, 7), and
 * what each stage costs in time and memory.
 */
import { InputError } from '../errors';
import type { EngineContext } from './context';
import type { EmbeddingCosts, HeadCosts, LayerCosts } from './layer-costs';
import { minMaxSplit } from './split';
import type { ExecutionConfig } from './types';

/** Check an input's `training.layersPerStage` against the layer count (its length is checked against pp by the layout rules). */
export function checkLayersPerStage(v: unknown, layers: number): number[] | undefined {
  if (v === undefined) return undefined;
  const path = 'training.layersPerStage';
  if (!Array.isArray(v) || v.length === 0) throw new InputError(path, 'must be a non-empty array of layer counts, one per pipeline stage');
  v.forEach((x, j) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 1)
      throw new InputError(`${path}[${j}]`, `must be a positive integer (every stage holds at least one layer; got ${String(x)})`);
  });
  const sum = (v as number[]).reduce((a, b) => a + b, 0);
  if (sum !== layers) throw new InputError(path, `must sum to model.layers (${layers}); the ${v.length} entries sum to ${sum}`);
  return [...(v as number[])];
}

/** Per micro-batch: one layer's time with its TP/CP/EP communication, and the embedding's and output layer's. */
export interface StageUnitCosts {
  layerS: number;
  embS: number;
  headS: number;
}

export function stageUnitCosts(lc: LayerCosts, emb: EmbeddingCosts, head: HeadCosts): StageUnitCosts {
  return {
    layerS: lc.fwdS + lc.bwdS + lc.tpFwdS + lc.tpBwdS + lc.cpFwdS + lc.cpBwdS + lc.epFwdS + lc.epBwdS,
    embS: emb.fwdS + emb.bwdS + emb.tpS,
    headS: head.fwdS + head.bwdS + head.tpS,
  };
}

/**
 * Micro-batch-layers of activations stage j of pp keeps per layer it holds: 1F1B keeps pp - j
 * micro-batches in flight; the interleaved schedule 2 (pp - j - 1) + (v - 1) pp + 1 chunks of
 * 1/v of the stage (Megatron-LM's warm-up), never more than the micro-batches of a step.
 */
export function inflightPerLayer(pp: number, v: number, j: number, micro: number): number {
  if (pp === 1) return 1;
  if (v === 1) return Math.min(micro, pp - j);
  return Math.min(micro * v, 2 * (pp - j - 1) + (v - 1) * pp + 1) / v;
}

/**
 * Layers per stage that balance the stage times (min-max: the slowest stage as fast as it can
 * be), the embedding on the first stage and the output layer on the last, within each stage's
 * memory when `caps` can hold the model; every stage keeps at least `v` layers (one per chunk).
 */
export function balancedSplit(L: number, pp: number, v: number, u: StageUnitCosts, caps?: readonly number[]): number[] {
  if (pp === 1) return [L];
  const unit = new Array<number>(pp).fill(u.layerS);
  const fixed = Array.from({ length: pp }, (_, j) => (j === 0 ? u.embS : 0) + (j === pp - 1 ? u.headS : 0));
  const split =
    (caps ? minMaxSplit(L, unit, fixed, caps) : null) ?? minMaxSplit(L, unit, fixed, new Array<number>(pp).fill(L)) ?? evenSplit(L, pp);
  return atLeast(split, v);
}

/** L layers over pp stages as evenly as they go (the remainder on the middle stages first: the end stages carry the embedding and the loss). */
export function evenSplit(L: number, pp: number): number[] {
  const base = Math.floor(L / pp);
  const out = new Array<number>(pp).fill(base);
  let extra = L - base * pp;
  const order = Array.from({ length: pp }, (_, j) => j).sort((a, b) => Math.abs(a - (pp - 1) / 2) - Math.abs(b - (pp - 1) / 2) || a - b);
  for (const j of order) {
    if (extra <= 0) break;
    out[j]!++;
    extra--;
  }
  return out;
}

/** Raise every stage to at least `min` layers, taking them from the largest stages (last one first on ties). */
function atLeast(split: number[], min: number): number[] {
  const out = [...split];
  for (let j = 0; j < out.length; j++) {
    while (out[j]! < min) {
      let k = -1;
      for (let i = out.length - 1; i >= 0; i--) if (out[i]! > min && (k < 0 || out[i]! > out[k]!)) k = i;
      if (k < 0) return split;
      out[k]!--;
      out[j]!++;
    }
  }
  return out;
}

/** The split a configuration uses: the input's `training.layersPerStage`, else the balanced one. */
export function configSplit(ctx: EngineContext, c: ExecutionConfig, u: StageUnitCosts, caps?: readonly number[]): { layers: number[]; source: 'input' | 'balanced' } {
  if (ctx.layersPerStage && ctx.layersPerStage.length === c.pp) return { layers: ctx.layersPerStage, source: 'input' };
  return { layers: balancedSplit(ctx.model.L, c.pp, c.virtualStages, u, caps), source: 'balanced' };
}
