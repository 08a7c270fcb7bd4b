export { estimateMixed, minMaxSplit } from './engine';
export { MIXED_ASSUMPTIONS, type MixedParams } from './assumptions';
export type { MixedInput, MixedPool, MixedEstimate, MixedStage, MixedPoolResult } from './types';
