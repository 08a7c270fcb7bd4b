export { estimateMixed, minMaxSplit } from './engine';
export { resolvePools } from './pools';
export { MIXED_ASSUMPTIONS, type MixedParams } from './assumptions';
export type { MixedInput, MixedPool, ScenarioPool, MixedEstimate, MixedStage, MixedPoolResult } from './types';
