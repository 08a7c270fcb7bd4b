/**
 * Workload model presets: the engine's published model architectures
 * (core/training/presets, each with its source), reduced to the design
 * document's model fields.
 */
import type { ModelSpec } from '../../core/model/design';
import { MODEL_PRESETS as CORE_PRESETS } from '../../core/training/presets';

export interface ModelPreset {
  id: string;
  name: string;
  model: Omit<ModelSpec, 'preset' | 'name'>;
  source: string;
}

const FIELDS = [
  'layers',
  'hidden',
  'heads',
  'kvHeads',
  'ffnHidden',
  'gatedFfn',
  'vocab',
  'seqLength',
  'experts',
  'expertsPerToken',
  'expertFfnHidden',
  'sharedExperts',
  'headDim',
  'valueHeadDim',
] as const;

export const MODEL_PRESETS: ModelPreset[] = Object.entries(CORE_PRESETS).map(([id, p]) => {
  const model: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = (p as unknown as Record<string, unknown>)[f];
    if (v !== undefined) model[f] = v;
  }
  return { id, name: p.name, model: model as ModelPreset['model'], source: p.source };
});
