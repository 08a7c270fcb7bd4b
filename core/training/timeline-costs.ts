/**
 * The training engine's per-stage, per-micro-batch costs of one execution
 * configuration as a timeline specification, and the simulated step next to the
 * closed-form one (core/training/timeline.ts simulates; engine.ts prices).
 *
 * Every figure comes from the engine's own cost functions (layerCosts, headCosts,
 * embeddingCosts, the data-parallel exchange terms and the optimizer step), so the
 * two differ only in how the pipeline is scheduled:
 * - both charge the fill and drain as the other stages' own time once, (sum - max) of
 *   the stage times, shrunk by interleaving;
 * - the closed form counts m x v x 2 pipeline messages; the schedule also waits
 *   for the messages of the fill and drain, so it is a little longer;
 * - the closed form spreads a stage's time evenly over its chunks; the schedule puts
 *   the embedding and the output layer in one chunk each, which can pace an
 *   interleaved step (timeline.ts, "Uneven chunks interleaved": up to ~4% longer).
 * The first two are a few per cent of the bubble, itself a fraction of the step.
 */
import {
  coll,
  embeddingCosts,
  evaluateConfig,
  headCosts,
  layerCosts,
  localLayerParams,
  optimizerParams,
  p2p,
  dpExchangeTerms,
  createContext,
  configProblem,
  type EngineContext,
} from './engine';
import { InputError } from '../errors';
import { estimateTraining } from './search';
import { simulateStep, type StepTimeline, type TimelineChunkCost, type TimelineSpec, type TimelineStageSpec, type TimelineTailPiece } from './timeline';
import type { ExecutionConfig, Recompute, TrainingInput } from './types';

export interface TrainingTimeline extends StepTimeline {
  /** The engine's closed-form step time of the same configuration, s. */
  closedFormStepTimeS: number;
  /** (simulated - closed form) / closed form. */
  differenceFromClosedForm: number;
  parallelism: ExecutionConfig;
  /** Pool names by pool index (mixed pools; rows carry the index). */
  pools?: string[];
}

/** Layers of each pipeline stage: the engine's split (the input's layersPerStage, or balanced). */
export function stageLayers(ctx: EngineContext, c: ExecutionConfig): number[] {
  return evaluateConfig(ctx, c).layersPerStage;
}

/** Exposed data-parallel exchange and optimizer step of a stage holding `denseParams` + `expertParams`, in order. */
function tailPieces(ctx: EngineContext, c: ExecutionConfig, denseParams: number, expertParams: number, fwdS: number, bwdS: number, micro: number, stragglerS: number): TimelineTailPiece[] {
  const p = ctx.params;
  const dpSize = c.dp * c.cp;
  const edpSize = dpSize / c.ep;
  const terms = dpExchangeTerms(ctx.zero, denseParams, expertParams, p, fwdS, bwdS, micro, (op, dense, expert) =>
    coll(ctx, op, dense, dpSize, c.tp) + coll(ctx, op, expert, edpSize, c.tp * c.ep),
  );
  const optS = (optimizerParams(ctx.zero, denseParams, expertParams, dpSize, edpSize) * p.optimizerStepBytesPerParam) / (ctx.hbmBytesPerS * p.hbmEfficiency);
  return tailFromTerms(terms, optS, stragglerS);
}

/**
 * Per-chunk forward and backward of a stage holding `layers` layers over `v` chunks on one
 * accelerator of `ctx` (the first stage's first chunk adds the embedding, the last stage's last
 * chunk the output layer). With sequence parallelism the output layer all-gathers forward and
 * reduce-scatters backward; without, it all-reduces backward.
 */
export function stageChunks(
  ctx: EngineContext,
  shape: { tp: number; cp: number; ep: number; microBatch: number; recompute: Recompute },
  layers: number,
  v: number,
  first: boolean,
  last: boolean,
): TimelineChunkCost[] {
  const { tp, cp, ep, microBatch: mb, recompute } = shape;
  const lc = layerCosts(ctx, tp, cp, ep, mb, recompute);
  const head = headCosts(ctx, tp, cp, mb);
  const emb = embeddingCosts(ctx, tp, cp, mb);
  const headTpFwd = ctx.sp ? head.tpS / 2 : 0;
  const perChunk = layers / v;
  // the framework overhead of a micro-batch on a chunk (scaleTerms), half with its forward, half with its backward
  const overhead = ctx.params.microBatchOverheadS / 2;
  return Array.from({ length: v }, (_, k) => {
    const hasEmb = first && k === 0;
    const hasHead = last && k === v - 1;
    return {
      fwdS: perChunk * lc.fwdS + (hasEmb ? emb.fwdS : 0) + (hasHead ? head.fwdS : 0) + overhead,
      fwdCommS: perChunk * (lc.tpFwdS + lc.cpFwdS + lc.epFwdS) + (hasEmb ? emb.tpS : 0) + (hasHead ? headTpFwd : 0),
      bwdS: perChunk * lc.bwdS + (hasEmb ? emb.bwdS : 0) + (hasHead ? head.bwdS : 0) + overhead,
      bwdCommS: perChunk * (lc.tpBwdS + lc.cpBwdS + lc.epBwdS) + (hasHead ? head.tpS - headTpFwd : 0),
    };
  });
}

/**
 * Tail pieces in order from the exchange terms (dpExchangeTerms) and the optimizer step: ZeRO 1-2
 * reduce-scatter, step, all-gather; ZeRO 0 all-reduce, step; ZeRO 3's per-micro-batch gathers drawn
 * at the end as one piece; then the wait for the slowest data-parallel replica (`stragglerS`).
 */
export function tailFromTerms(terms: readonly number[], optimizerS: number, stragglerS = 0): TimelineTailPiece[] {
  const out: TimelineTailPiece[] = [{ kind: 'dp', s: Math.max(0, terms[0] ?? 0) }, { kind: 'optimizer', s: optimizerS }];
  if (terms.length > 1) out.push({ kind: 'dp', s: Math.max(0, terms[1]!) });
  if (stragglerS > 0) out.push({ kind: 'stall', s: stragglerS });
  return out;
}

/** The timeline specification of a valid configuration (call configProblem first). */
export function trainingTimelineSpec(ctx: EngineContext, c: ExecutionConfig): TimelineSpec {
  const m = ctx.model;
  const { tp, pp, dp, cp, ep, microBatch: mb, virtualStages: v } = c;
  const micro = ctx.globalBatch / (dp * mb);
  const lc = layerCosts(ctx, tp, cp, ep, mb, c.recompute);
  const closed = evaluateConfig(ctx, c);
  const layers = closed.layersPerStage;
  // pipeline point-to-point per chunk boundary (scatter/gather over TP), as the engine prices it
  const send = pp > 1 ? p2p(ctx, (((mb * m.s) / cp) * m.h * 2) / tp, tp * cp * dp) : 0;
  const local = localLayerParams(m, tp, ep);
  const embLocal = (m.V * m.h) / tp;
  const stages: TimelineStageSpec[] = layers.map((l, s) => {
    const embCopies = pp === 1 ? (m.tied ? 1 : 2) : (s === 0 ? 1 : 0) + (s === pp - 1 ? 1 : 0);
    const dense = l * (local.attention + local.denseFfn) + embCopies * embLocal;
    const expert = l * local.experts;
    return {
      chunks: stageChunks(ctx, c, l, v, s === 0, s === pp - 1),
      sendNextS: pp > 1 && (s < pp - 1 || v > 1) ? send : 0,
      sendPrevS: pp > 1 && (s > 0 || v > 1) ? send : 0,
      tail: tailPieces(ctx, c, dense, expert, l * lc.fwdS, l * lc.bwdS, micro, closed.breakdown.stragglerS),
      layers: l,
    };
  });
  return { stages, microBatches: micro, interleaveEfficiency: ctx.params.interleaveEfficiency };
}

/**
 * The step timeline of a training input: its fixed or searched configuration (as
 * estimateTraining picks it, unless `parallelism` is given) simulated, with the
 * closed-form step time beside it.
 */
export function trainingTimeline(input: TrainingInput, parallelism?: ExecutionConfig): TrainingTimeline {
  const ctx = createContext(input);
  const config = parallelism ?? estimateTraining(input).parallelism;
  const problem = configProblem(ctx, config);
  if (problem) throw new InputError(problem[0], problem[1]);
  const sim = simulateStep(trainingTimelineSpec(ctx, config));
  const closed = evaluateConfig(ctx, config).stepTimeS;
  return { ...sim, closedFormStepTimeS: closed, differenceFromClosedForm: (sim.stepTimeS - closed) / closed, parallelism: config };
}
