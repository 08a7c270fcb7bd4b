/**
 * Why the estimate uses its layout: the chosen configuration set against the
 * obvious one (tensor parallelism filling one scale-up domain, no context
 * parallelism), term by term of the step time, or the memory that rules the
 * obvious one out.
 */
import { GiB, type EngineContext } from './engine';
import type { EvaluatedConfig } from './search';
import type { ExecutionConfig, LayoutChoice, SearchRule, StepBreakdown } from './types';

const TERM_LABEL: Record<keyof StepBreakdown, string> = {
  computeS: 'compute',
  tpCommS: 'tensor-parallel communication',
  cpCommS: 'context-parallel communication',
  epCommS: 'expert-parallel all-to-all',
  ppCommS: 'pipeline point-to-point',
  pipelineBubbleS: 'pipeline bubble',
  dpCommExposedS: 'exposed data-parallel communication',
  optimizerS: 'optimizer step',
  stragglerS: 'waiting for the slowest replica',
  frameworkOverheadS: 'framework overhead per micro-batch',
};

/** A layout as practitioners write it: `TP8 PP16 DP128 CP1 v4 mb1 recompute none`. */
export function layoutLabel(c: ExecutionConfig): string {
  const ep = c.ep > 1 ? ` EP${c.ep}` : '';
  return `TP${c.tp} PP${c.pp} DP${c.dp} CP${c.cp}${ep} v${c.virtualStages} mb${c.microBatch} recompute ${c.recompute}`;
}

function same(a: ExecutionConfig, b: ExecutionConfig): boolean {
  return (
    a.tp === b.tp &&
    a.pp === b.pp &&
    a.dp === b.dp &&
    a.cp === b.cp &&
    a.ep === b.ep &&
    a.virtualStages === b.virtualStages &&
    a.microBatch === b.microBatch &&
    a.recompute === b.recompute
  );
}

const s2 = (x: number) => `${x.toFixed(2)} s`;

/** The step-time terms that differ by at least 1% of the obvious step, largest difference first. */
function termDifferences(chosen: StepBreakdown, obvious: StepBreakdown, obviousStep: number): string[] {
  return (Object.keys(TERM_LABEL) as Array<keyof StepBreakdown>)
    .map((k) => ({ k, d: chosen[k] - obvious[k] }))
    .filter((x) => Math.abs(x.d) >= 0.01 * obviousStep)
    .sort((a, b) => Math.abs(b.d) - Math.abs(a.d))
    .map(({ k }) => `${TERM_LABEL[k]} ${s2(obvious[k])} -> ${s2(chosen[k])} per step`);
}

function relaxedLines(ctx: EngineContext, relaxed: readonly SearchRule[]): string[] {
  return relaxed.map((r) =>
    r === 'tpWithinDomain'
      ? `no layout fits with tensor parallelism inside one scale-up domain of ${ctx.domain}: the search let TP cross domains`
      : 'no layout fits with context parallelism only where memory needs it: the search used it for speed as well',
  );
}

export function explainLayout(
  ctx: EngineContext,
  chosen: EvaluatedConfig,
  obvious: EvaluatedConfig | null,
  relaxed: readonly SearchRule[],
  fixed: boolean,
  cpForMemory: boolean,
): LayoutChoice {
  const c = chosen.config;
  const tpCrossesDomains = c.tp > ctx.domain;
  const why: string[] = [];
  if (tpCrossesDomains) why.push(`TP${c.tp} spans scale-up domains of ${ctx.domain}: its traffic crosses the scale-out network`);
  why.push(...relaxedLines(ctx, relaxed));
  if (cpForMemory) why.push(`the layout does not fit without context parallelism under any recompute mode: CP${c.cp} shards the activations of each sequence over ${c.cp} accelerators`);
  const base = { tpCrossesDomains, cpForMemory, relaxed: [...relaxed], fixed };
  if (fixed) return { ...base, obvious: null, speedupOverObvious: null, why: ['the input fixes the layout', ...why] };
  if (!obvious) {
    why.push(`no layout with tensor parallelism inside one scale-up domain of ${ctx.domain} and no context parallelism is valid for this model and cluster`);
    return { ...base, obvious: null, speedupOverObvious: null, why };
  }
  const o = obvious.config;
  const summary = {
    parallelism: { ...o },
    stepTimeS: obvious.result.stepTimeS,
    memoryPerAcceleratorGiB: obvious.result.memoryBytes / GiB,
    fitsInMemory: obvious.fits,
  };
  if (!obvious.fits) {
    why.push(
      `the obvious layout (TP${o.tp}, no context parallelism) does not fit: at best ${layoutLabel(o)} needs ${summary.memoryPerAcceleratorGiB.toFixed(1)} GiB per accelerator, has ${(ctx.capacityBytes / GiB).toFixed(1)} GiB`,
    );
    return { ...base, obvious: summary, speedupOverObvious: null, why };
  }
  if (same(c, o)) {
    why.push(`the obvious layout is the fastest that fits: ${layoutLabel(c)}`);
    return { ...base, obvious: summary, speedupOverObvious: 1, why };
  }
  const speedup = obvious.result.stepTimeS / chosen.result.stepTimeS;
  why.push(
    `${layoutLabel(c)} takes ${s2(chosen.result.stepTimeS)} per step against ${s2(obvious.result.stepTimeS)} for the obvious ${layoutLabel(o)} (${speedup.toFixed(2)}x)`,
    ...termDifferences(chosen.result.breakdown, obvious.result.breakdown, obvious.result.stepTimeS),
  );
  return { ...base, obvious: summary, speedupOverObvious: speedup, why };
}
