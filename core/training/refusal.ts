/**
 * Refusals that say why: the rule a layout breaks, the field that sets it, and
 * the nearest layout that would work (the fitting layout closest to what the
 * input asked for, fastest among equals).
 */
import { InputError } from '../errors';
import { configProblemCode, GiB, type EngineContext } from './engine';
import { layoutLabel } from './layout-choice';
import type { RankedConfig } from './search';
import type { ExecutionConfig, LayoutRefusalInfo, RefusalRule, TrainingInput } from './types';

/** The rule behind each configProblemCode (engine.ts). */
const RULE_BY_CODE: Record<number, RefusalRule> = {
  1: 'positive-integers',
  2: 'degrees-multiply-to-count',
  3: 'heads-divisible-by-tp',
  4: 'kv-heads-vs-tp',
  5: 'layers-fill-stages',
  6: 'interleaving-needs-pipeline',
  7: 'sequence-divisible-by-cp',
  8: 'batch-divisible-by-dp-and-micro-batch',
  9: 'interleaving-needs-micro-batches',
  10: 'experts-divisible-by-ep',
  11: 'ep-divides-dp-cp',
  12: 'ep-needs-experts',
  13: 'stages-match-pipeline',
  14: 'stages-hold-chunks',
};

export function ruleOf(ctx: EngineContext, c: ExecutionConfig): RefusalRule {
  return RULE_BY_CODE[configProblemCode(ctx, c)] ?? 'positive-integers';
}

/** A layout the input cannot have: an InputError naming the field, with the rule and the nearest working layout. */
export class LayoutRefusal extends InputError {
  readonly refusal: LayoutRefusalInfo;
  constructor(refusal: LayoutRefusalInfo) {
    super(refusal.field, refusal.message);
    this.name = 'LayoutRefusal';
    this.refusal = refusal;
  }
}

type Requested = Partial<Record<'tp' | 'pp' | 'dp' | 'cp' | 'ep' | 'virtualStages' | 'microBatch', number>> & { recompute?: string };

/** The layout fields the input fixes. */
export function requestedLayout(input: TrainingInput): Requested {
  const p = input.training.parallelism ?? {};
  const out: Requested = {};
  for (const k of ['tp', 'pp', 'dp', 'cp', 'ep', 'virtualStages'] as const) if (typeof p[k] === 'number' && p[k]! > 0) out[k] = p[k];
  if (typeof input.training.microBatch === 'number' && input.training.microBatch > 0) out.microBatch = input.training.microBatch;
  if (input.training.recompute !== undefined) out.recompute = input.training.recompute;
  return out;
}

/** Distance of a layout from the requested fields: |log2| of each degree's ratio, 1 for another recompute mode. */
function distance(c: ExecutionConfig, req: Requested): number {
  let d = 0;
  for (const k of ['tp', 'pp', 'dp', 'cp', 'ep', 'virtualStages', 'microBatch'] as const) {
    const want = req[k];
    if (want !== undefined) d += Math.abs(Math.log2(c[k] / want));
  }
  if (req.recompute !== undefined && req.recompute !== c.recompute) d += 1;
  return d;
}

/** The fitting layout nearest the requested fields (fastest among equally near ones), or null when none fits. */
export function nearestLayout(candidates: readonly RankedConfig[], req: Requested): LayoutRefusalInfo['nearest'] {
  let best: RankedConfig | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(c.config, req);
    if (d < bestD - 1e-12 || (Math.abs(d - bestD) <= 1e-12 && best && c.stepTimeS < best.stepTimeS)) {
      best = c;
      bestD = d;
    }
  }
  return best ? { parallelism: { ...best.config }, stepTimeS: best.stepTimeS, memoryPerAcceleratorGiB: best.memoryPerAcceleratorGiB } : null;
}

function nearestText(nearest: LayoutRefusalInfo['nearest']): string {
  return nearest
    ? `; nearest working layout: ${layoutLabel(nearest.parallelism)} (${nearest.stepTimeS.toFixed(2)} s per step, ${nearest.memoryPerAcceleratorGiB.toFixed(1)} GiB per accelerator)`
    : '; no layout of this model fits this cluster';
}

/** A divisibility refusal: the field and rule of the problem, the nearest working layout. */
export function divisibilityRefusal(
  ctx: EngineContext,
  config: ExecutionConfig,
  problem: [string, string],
  nearest: LayoutRefusalInfo['nearest'],
): LayoutRefusal {
  const rule = ruleOf(ctx, config);
  return new LayoutRefusal({ rule, field: problem[0], message: `${problem[1]} (rule ${rule})${nearestText(nearest)}`, nearest });
}

/** Fixed degrees that no data-parallel degree completes to cluster.count: rule degrees-multiply-to-count, the nearest working layout. */
export function countRefusal(message: string, nearest: LayoutRefusalInfo['nearest']): LayoutRefusal {
  const rule: RefusalRule = 'degrees-multiply-to-count';
  return new LayoutRefusal({ rule, field: 'training.parallelism', message: `${message} (rule ${rule})${nearestText(nearest)}`, nearest });
}

/**
 * A memory refusal: the layout's need against the accelerator's memory, the least any layout needs,
 * and the nearest working layout. `field` is the layout the input fixed, or cluster.count when the
 * search found nothing that fits.
 */
export function memoryRefusal(
  ctx: EngineContext,
  field: string,
  needGiB: number,
  minMemoryGiB: number | null,
  nearest: LayoutRefusalInfo['nearest'],
): LayoutRefusalInfo {
  const has = ctx.capacityBytes / GiB;
  const least = minMemoryGiB !== null ? `; the least any layout needs is ${minMemoryGiB.toFixed(1)} GiB` : '';
  const what = field === 'cluster.count' ? 'no layout fits in memory' : 'the layout does not fit in memory';
  return {
    rule: 'memory',
    field,
    message: `${what}: it needs ${needGiB.toFixed(1)} GiB per accelerator and the accelerator has ${has.toFixed(2)} GiB${least} (rule memory)${nearestText(nearest)}`,
    nearest,
    ...(minMemoryGiB !== null ? { minMemoryGiB } : {}),
  };
}
