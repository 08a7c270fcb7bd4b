/**
 * Mixed-chip training: one model across pools of different accelerators.
 *
 * estimateMixed(input) returns the usual training-estimate keys plus
 * `stages` [{pool, layers, stageTimeS, ...}], `pools` (with each pool's
 * standalone tokens/s), `bottleneck`, `aggregateUtilization`,
 * `uniformSplitTokensPerSecond` and `layout`:
 * - pipeline: every data-parallel replica is a pipeline spanning the pools with
 *   a non-uniform layer split (engine.ts);
 * - replicas: every pool trains whole replicas on a speed-proportional share of
 *   the batch, gradients exchanged between pools (replicas.ts); chosen only when
 *   every pool holds the model and it is faster.
 * resolvePools turns scenario pools (catalog ids) into engine pools.
 */
export { estimateMixed } from './engine';
export { minMaxSplit } from './split';
export { resolvePools } from './pools';
export { proportionalShares } from './replicas';
export { MIXED_ASSUMPTIONS, type MixedParams } from './assumptions';
export type { MixedInput, MixedPool, ScenarioPool, MixedEstimate, MixedStage, MixedPoolResult } from './types';
export { mixedTimeline } from './timeline';
