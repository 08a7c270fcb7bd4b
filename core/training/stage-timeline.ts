/**
 * The step timeline of the training stage's estimate (evaluate(design, { timeline: true })):
 * one pool through the training engine's costs, several through the mixed planner's.
 */
import { InputError } from '../errors';
import { mixedTimeline, type MixedEstimate } from '../mixed';
import type { TrainingStage } from './stage';
import { trainingTimeline, type TrainingTimeline } from './timeline-costs';

/** The timeline of the stage's configuration; null when the configuration cannot be scheduled. */
export function stageTimeline(t: TrainingStage): TrainingTimeline | null {
  try {
    if (t.input.kind === 'mixed') return mixedTimeline(t.input.input, t.estimate as MixedEstimate);
    return trainingTimeline(t.input.input, t.estimate.parallelism);
  } catch (e) {
    if (e instanceof InputError) return null;
    throw e;
  }
}
