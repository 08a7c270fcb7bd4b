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
  type DpCollective,
  type EngineContext,
  type ConfigResult,
  type LayerCosts,
} from './engine';
export { estimateTraining, searchParallelism, type SearchResult, type RankedConfig, type SearchOptions } from './search';
