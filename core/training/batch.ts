/**
 * Global batch sizes that a cluster can run. A step's global batch is split over the
 * data-parallel replicas in micro-batches, so it must be a multiple of dp x micro-batch
 * (and, with interleaving, of dp x micro-batch x pp) for at least one layout that meets
 * the model's other rules (heads divisible by tp, no more stages than layers, ...). On a cluster whose
 * size has odd factors (10,000 = 2^4 x 5^4 cards, 576 = 2^6 x 9) a power-of-two batch can
 * fit no layout at all; these helpers name the rule and the nearest batch sizes that work.
 */
import { InputError } from '../errors';
import { createContext } from './engine';
import { searchWithContext } from './search';
import type { ExecutionConfig, TrainingInput } from './types';

/** One working batch size and the fastest layout (of those the search found) that runs it. */
export interface BatchOption {
  batch: number;
  layout: Pick<ExecutionConfig, 'tp' | 'pp' | 'dp' | 'cp' | 'microBatch' | 'virtualStages'>;
}

/** The batch rule that no layout met, with the nearest batch sizes below and above that work. */
export class BatchError extends InputError {
  readonly batch: number;
  readonly below: BatchOption | null;
  readonly above: BatchOption | null;
  constructor(batch: number, below: BatchOption | null, above: BatchOption | null) {
    const show = (o: BatchOption) => `${o.batch} (${layoutText(o.layout)})`;
    const nearest = [below, above].filter((o): o is BatchOption => o !== null).map(show);
    super(
      'training.globalBatch',
      `${batch} fits no layout: it must be divisible by training.parallelism.dp x training.microBatch of a layout the model allows` +
        ` (dp = cluster.count / (tp x pp x cp)) (rule batch-divisible-by-dp-and-micro-batch)` +
        (nearest.length ? `; nearest batch sizes that work: ${nearest.join(', ')}` : ''),
    );
    this.batch = batch;
    this.below = below;
    this.above = above;
  }
}

export function layoutText(l: BatchOption['layout']): string {
  const parts = [`tp ${l.tp}`, `pp ${l.pp}`, `dp ${l.dp}`];
  if (l.cp > 1) parts.push(`cp ${l.cp}`);
  if (l.microBatch > 1) parts.push(`micro-batch ${l.microBatch}`);
  if (l.virtualStages > 1) parts.push(`virtual stages ${l.virtualStages}`);
  return parts.join(' x ').replace(/ x (micro|virtual)/g, ', $1');
}

/** The smallest batch each layout needs as a factor: dp x micro-batch, times pp when interleaved. */
function quantum(c: ExecutionConfig): number {
  return c.dp * c.microBatch * (c.virtualStages > 1 ? c.pp : 1);
}

/**
 * The nearest batch sizes below and above `batch` that some layout of the search runs
 * (preferring layouts that fit in memory), or null when no layout is valid at any batch
 * (the problem is then not the batch). Fixed parallelism fields of the input are kept.
 */
export function nearestWorkingBatches(input: TrainingInput, batch: number): { below: BatchOption | null; above: BatchOption | null } | null {
  const ctx0 = createContext(input);
  // a batch every layout divides: dp | count, micro-batch | 16, and pp | layers for interleaving
  const all = ctx0.count * 16 * ctx0.model.L;
  const probe: TrainingInput = { ...input, training: { ...input.training, globalBatch: all } };
  const s = searchWithContext(createContext(probe), probe, { limit: Number.MAX_SAFE_INTEGER, rejectedLimit: Number.MAX_SAFE_INTEGER });
  const fitting = s.candidates.map((c) => c.config);
  const tooBig = s.rejected.filter((r) => r.reason === 'memory').map((r) => r.config);
  const layouts = fitting.length ? fitting : tooBig;
  if (!layouts.length) return null;
  let below: BatchOption | null = null;
  let above: BatchOption | null = null;
  for (const c of layouts) {
    const q = quantum(c);
    const lo = Math.floor(batch / q) * q;
    const hi = Math.ceil(batch / q) * q;
    const layout = { tp: c.tp, pp: c.pp, dp: c.dp, cp: c.cp, microBatch: c.microBatch, virtualStages: c.virtualStages };
    if (lo >= 1 && lo < batch && (!below || lo > below.batch)) below = { batch: lo, layout };
    if (hi > batch && (!above || hi < above.batch)) above = { batch: hi, layout };
  }
  return { below, above };
}

/** Data-parallel degrees of the plain layouts (cp 1, no interleaving, micro-batch 1) the model allows on `count` accelerators. */
export function dataParallelDegrees(model: { layers: number; heads: number; kvHeads?: number }, count: number): number[] {
  const out = new Set<number>();
  const kv = model.kvHeads ?? model.heads;
  for (let tp = 1; tp <= Math.min(64, count); tp *= 2) {
    if (count % tp !== 0 || model.heads % tp !== 0 || (kv % tp !== 0 && tp % kv !== 0)) continue;
    const rest = count / tp;
    // a pipeline stage may hold any number of layers (uneven stages): pp needs only pp <= layers
    for (let pp = 1; pp <= Math.min(rest, model.layers); pp++) if (rest % pp === 0) out.add(rest / pp);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * A global batch for a new workload: `target` when some plain layout runs it, else the
 * multiple of a data-parallel degree within a factor of two of `target` that the most
 * layouts run (nearest to `target` on a tie). `target` itself when none is in range.
 */
export function workingGlobalBatch(model: { layers: number; heads: number; kvHeads?: number }, count: number, target: number): number {
  const dps = dataParallelDegrees(model, count);
  const runs = (b: number) => dps.filter((d) => b % d === 0).length;
  if (!dps.length || runs(target) > 0) return target;
  let best = target;
  let bestRuns = 0;
  for (const d of dps) {
    for (const b of [Math.floor(target / d) * d, Math.ceil(target / d) * d]) {
      if (b < target / 2 || b > target * 2 || b < 1) continue;
      const n = runs(b);
      if (n > bestRuns || (n === bestRuns && Math.abs(b - target) < Math.abs(best - target))) {
        best = b;
        bestRuns = n;
      }
    }
  }
  return best;
}
