export * from './types';
export { TRAINING_ASSUMPTIONS, ALL_TRAINING_ASSUMPTIONS, resolveTrainingParams, type TrainingParams } from './assumptions';
export { MODEL_PRESETS, type ModelPresetId } from './presets';
export { normalizeModel, modelCounts, type NormalizedModel, type ModelCounts } from './model';
export {
  createContext,
  configProblem,
  configProblemCode,
  evaluateConfig,
  layerCosts,
  layerProfile,
  headCosts,
  embeddingCosts,
  gemmEfficiency,
  localLayerParams,
  ranksPerDomain,
  zeroBytesPerParam,
  dpExchangeTerms,
  optimizerParams,
  scaleTerms,
  type DpCollective,
  type EngineContext,
  type ConfigResult,
  type LayerCosts,
} from './engine';
export { estimateTraining, searchParallelism, type SearchResult, type RankedConfig, type SearchOptions } from './search';
export {
  simulateStep,
  TIMELINE_KINDS,
  TIMELINE_MAX_SLOTS,
  type StepTimeline,
  type TimelineInterval,
  type TimelineKind,
  type TimelineRow,
  type TimelineSpec,
  type TimelineStageSpec,
  type TimelineChunkCost,
  type TimelineTailPiece,
} from './timeline';
export { trainingTimeline, trainingTimelineSpec, stageChunks, tailFromTerms, type TrainingTimeline } from './timeline-costs';
export { LayoutRefusal, nearestLayout } from './refusal';
export { layoutLabel } from './layout-choice';
export { SOFTWARE_PRESETS, SOFTWARE_PRESET_IDS, DEFAULT_SOFTWARE, softwarePreset, type SoftwarePreset, type SoftwarePresetId } from './software';
