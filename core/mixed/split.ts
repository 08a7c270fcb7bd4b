/**
 * How a pipeline's layers are dealt out to its stages: one mechanism for the
 * mixed-chip planner and the single-pool engine (core/training/split.ts).
 */
export { minMaxSplit, uniformSplit } from '../training/split';
