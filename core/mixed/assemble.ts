/**
 * The estimate of the best pipeline layout: per-stage and per-pool figures,
 * what sets the step time (the bottleneck and why), notes on idle accelerators
 * and bounds, and the training-estimate keys over all pools.
 */
import type { ExecutionConfig } from '../training';
import type { MixedContext } from './layout';
import type { BestPlan } from './search';
import type { Standalone } from './standalone';
import type { PlanResult } from './step';
import type { MixedEstimate, MixedPoolResult, MixedStage } from './types';
import { GiB } from './validate';

/** Pool i's share of the plan, with its standalone throughput. */
export function poolResult(mc: MixedContext, i: number, best: BestPlan, standalone: Standalone): MixedPoolResult {
  const { cfg, stages, layers } = best;
  const pc = mc.pcs[i]!;
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
    standaloneTokensPerSecond: standalone.tps,
    standaloneBasis: standalone.basis,
  };
}

/** The stages in pipeline order with their layer ranges, times and memory. */
export function stageResults(mc: MixedContext, best: BestPlan): MixedStage[] {
  const { cfg, stages, layers, r } = best;
  let firstLayer = 0;
  return stages.map((st, j) => {
    const pc = mc.pcs[st.pool]!;
    const out: MixedStage = {
      pool: pc.name,
      poolIndex: st.pool,
      acceleratorId: pc.pool.accelerator.id,
      index: j,
      layers: layers[j]!,
      firstLayer,
      tp: st.tp,
      stageTimeS: r.stageTimes[j]!,
      // with the framework overhead of every micro-batch on each of its v chunks (scaleTerms)
      busyPerStepS: (r.stageTimes[j]! + cfg.v * mc.params.microBatchOverheadS) * cfg.micro,
      tailS: r.tails[j]!,
      memoryGiB: r.memory[j]! / GiB,
      capacityGiB: st.capacityBytes / GiB,
      maxLayers: st.maxLayers,
      fitsInMemory: r.memory[j]! <= st.capacityBytes,
    };
    firstLayer += layers[j]!;
    return out;
  });
}

/**
 * The slowest stage and why: other pools full (memory), it holds the output
 * layer or the embedding, or layers move in whole units (granularity).
 */
export function bottleneckOf(mc: MixedContext, best: BestPlan): MixedEstimate['bottleneck'] {
  const { cfg, stages, layers, r } = best;
  const pcs = mc.pcs;
  const S = stages.length;
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
  return {
    stage: r.bottleneck,
    pool: pcs[bn.pool]!.name,
    reason,
    code,
    ...(capped.length ? { cappedPools } : {}),
  };
}

/** Idle accelerators, standalone upper bounds and a narrowed order search, in words. */
export function planNotes(pools: readonly MixedPoolResult[], best: BestPlan, k: number): string[] {
  const cfg = best.cfg;
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
  return notes;
}

/** The training-estimate keys of the plan (uniform = the same layout with layers split evenly). */
export function assembleEstimate(
  mc: MixedContext,
  best: BestPlan,
  pools: MixedPoolResult[],
  uniform: PlanResult,
  searched: number,
  totalAcc: number,
): MixedEstimate {
  const { cfg, stages, r } = best;
  const pcs = mc.pcs;
  const ctx0 = pcs[0]!.ctx;
  const S = stages.length;
  const tokensPerStep = mc.G * mc.model.s;
  const step = r.stepTimeS;
  const tokensPerSecond = tokensPerStep / step;
  const summedPeak = pcs.reduce((s, pc) => s + pc.pool.count * pc.ctx.peakPrecision, 0);
  const modelFlopsPerStep = tokensPerStep * ctx0.counts.trainFlopsPerToken;
  const stageOut = stageResults(mc, best);
  const bottleneck = bottleneckOf(mc, best);
  const notes = planNotes(pools, best, mc.k);
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
    bottleneck,
    aggregateUtilization: sumStandalone > 0 ? tokensPerSecond / sumStandalone : 0,
    uniformSplitTokensPerSecond: tokensPerStep / uniform.stepTimeS,
    uniformSplitFitsInMemory: uniform.fits,
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
