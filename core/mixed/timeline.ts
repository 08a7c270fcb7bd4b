/**
 * Step timeline of a mixed-pool estimate (core/training/timeline.ts simulates it).
 *
 * Pipeline layout: the estimate's stages in order, each with its own pool, tensor-parallel
 * width and layer count; per-chunk costs from the pool's own engine context; a message
 * between two stages priced on the pool's network, or on the link between pools where the
 * pipeline crosses (each boundary at its own rate: the closed form paces every boundary at
 * the slowest one); each stage's exposed data-parallel exchange (inside its pool) and
 * optimizer step after its last backward.
 *
 * The closed form (step.ts) charges the bubble b x (sum_j T_j - max_j T_j); the schedule's
 * fill and drain depend on where the slowest stage sits: in front, nothing fills ahead of
 * it and the schedule is shorter (core/training/timeline.test.ts works both cases by hand).
 *
 * Replicas layout: every pool's own pipeline on its share of the batch (planned again exactly
 * as the estimate planned it), rows one after another, then the gradient exchange between
 * pools on every row once the slowest pool is done.
 */
import { InputError } from '../errors';
import {
  simulateStep,
  stageChunks,
  tailFromTerms,
  TIMELINE_KINDS,
  TIMELINE_MAX_SLOTS,
  type StepTimeline,
  type TimelineInterval,
  type TimelineRow,
  type TimelineStageSpec,
  type TrainingTimeline,
} from '../training';
import { planMixed } from './engine';
import { buildStages, createMixedContext, embeddingCopies, type Config } from './layout';
import { createPoolContexts } from './profile';
import { boundaryP2pS, tailTerms } from './step';
import type { MixedEstimate, MixedInput } from './types';
import { splitAssumptions } from './validate';

function configOf(est: MixedEstimate, k: number): Config {
  const order: number[] = [];
  const stages = new Array<number>(k).fill(0);
  const tp = new Array<number>(k).fill(1);
  for (const st of est.stages) {
    if (!order.includes(st.poolIndex)) order.push(st.poolIndex);
    stages[st.poolIndex]!++;
    tp[st.poolIndex] = st.tp;
  }
  const p = est.parallelism;
  return { order, v: p.virtualStages, mb: p.microBatch, rc: p.recompute, dp: p.dp, ep: p.ep, cp: p.cp, tp, stages, micro: est.microBatchesPerStep };
}

/** The pipeline layout's timeline. */
function pipelineTimeline(input: MixedInput, est: MixedEstimate): TrainingTimeline {
  const { training, mixed } = splitAssumptions(input.assumptions);
  const pcs = createPoolContexts(input, training);
  const mc = createMixedContext(input, pcs, mixed);
  const cfg = configOf(est, pcs.length);
  const plans = buildStages(mc, cfg);
  if (plans.length !== est.stages.length) throw new InputError('training.parallelism', 'the estimate\'s stages do not match its configuration');
  const S = plans.length;
  const wrap = cfg.v > 1;
  const stages: TimelineStageSpec[] = plans.map((st, j) => {
    const l = est.stages[j]!.layers;
    const ctx = pcs[st.pool]!.ctx;
    const shape = { tp: st.tp, cp: cfg.cp, ep: cfg.ep, microBatch: cfg.mb, recompute: cfg.rc };
    const t = tailTerms(mc, cfg, st.pool, st.prof, st.tp, l, embeddingCopies(S, st.first, st.last, mc.model.tied));
    const next = j + 1 < S ? plans[j + 1]! : wrap && S > 1 ? plans[0]! : null;
    const prev = j > 0 ? plans[j - 1]! : wrap && S > 1 ? plans[S - 1]! : null;
    return {
      chunks: stageChunks(ctx, shape, l, cfg.v, st.first, st.last),
      sendNextS: next ? boundaryP2pS(mc, cfg, st, next) : 0,
      sendPrevS: prev ? boundaryP2pS(mc, cfg, prev, st) : 0,
      tail: tailFromTerms(t.terms, t.optS, est.breakdown.stragglerS),
      pool: st.pool,
      layers: l,
    };
  });
  const sim = simulateStep({ stages, microBatches: cfg.micro, interleaveEfficiency: mc.params.interleaveEfficiency });
  return {
    ...sim,
    closedFormStepTimeS: est.stepTimeS,
    differenceFromClosedForm: (sim.stepTimeS - est.stepTimeS) / est.stepTimeS,
    parallelism: est.parallelism,
    pools: est.pools.map((p) => p.name),
  };
}

/** Rows of several timelines one after another (stage indices offset), and `syncS` of exchange on every row after the slowest. */
function stack(parts: StepTimeline[], syncS: number): StepTimeline {
  const end = Math.max(...parts.map((p) => p.stepTimeS));
  const stepTimeS = end + syncS;
  const rows: TimelineRow[] = [];
  const intervals: TimelineInterval[] = [];
  let offset = 0;
  let slowest = 0;
  parts.forEach((p, i) => {
    if (p.stepTimeS > parts[slowest]!.stepTimeS) slowest = i;
  });
  parts.forEach((p, i) => {
    for (const iv of p.intervals) intervals.push({ ...iv, stage: iv.stage + offset, critical: iv.critical && i === slowest });
    for (const r of p.rows) {
      const s = r.stage + offset;
      if (p.stepTimeS < end) intervals.push({ stage: s, microBatch: -1, chunk: -1, kind: 'bubble', startS: p.stepTimeS, endS: end, critical: false });
      if (syncS > 0) intervals.push({ stage: s, microBatch: -1, chunk: -1, kind: 'dp', startS: end, endS: stepTimeS, critical: i === slowest && r.stage === 0 });
      rows.push({ ...r, stage: s, busyS: r.busyS + syncS, idleS: stepTimeS - r.busyS - syncS, endS: stepTimeS });
    }
    offset += p.stages;
  });
  intervals.sort((a, b) => a.stage - b.stage || a.startS - b.startS || a.endS - b.endS);
  const criticalByKind = Object.fromEntries(TIMELINE_KINDS.map((k) => [k, parts[slowest]!.criticalByKind[k] + (k === 'dp' ? syncS : 0)])) as StepTimeline['criticalByKind'];
  return {
    stepTimeS,
    stages: offset,
    microBatches: Math.max(...parts.map((p) => p.microBatches)),
    virtualStages: Math.max(...parts.map((p) => p.virtualStages)),
    rows,
    intervals,
    criticalByKind,
  };
}

/** The replicas layout: each pool's plan for its share again (as planReplicas made it), stacked. */
function replicasTimeline(input: MixedInput, est: MixedEstimate): TrainingTimeline {
  const shares = est.batchShares ?? [];
  const parts = input.pools.map((pool, i) => {
    const own: MixedInput = { ...input, training: { ...input.training, globalBatch: shares[i]! }, pools: [pool], crossPoolGbps: undefined };
    const plan = planMixed(own, false);
    const tl = pipelineTimeline(own, plan);
    return { ...tl, rows: tl.rows.map((r) => ({ ...r, pool: i })) };
  });
  // the exchange between pools: what the estimate adds on top of the slowest pool's own step
  const syncS = Math.max(0, est.stepTimeS - Math.max(...parts.map((p) => p.closedFormStepTimeS)));
  const sim = stack(parts, syncS);
  return {
    ...sim,
    closedFormStepTimeS: est.stepTimeS,
    differenceFromClosedForm: (sim.stepTimeS - est.stepTimeS) / est.stepTimeS,
    parallelism: est.parallelism,
    pools: est.pools.map((p) => p.name),
  };
}

/** The step timeline of a mixed-pool estimate (either layout). */
export function mixedTimeline(input: MixedInput, est: MixedEstimate): TrainingTimeline {
  // refuse a step too large to simulate before planning anything again (replicas: the slowest pool's micro-batches stand for every pool's)
  const slots = 2 * est.stages.length * est.parallelism.virtualStages * est.microBatchesPerStep;
  if (slots > TIMELINE_MAX_SLOTS)
    throw new InputError('timeline', `the step has about ${slots} forward and backward slots, more than the ${TIMELINE_MAX_SLOTS} the timeline simulates`);
  if (est.layout === 'replicas') return replicasTimeline(input, est);
  return pipelineTimeline(input, est);
}
