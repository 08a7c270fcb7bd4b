/**
 * Templates say what they hold (issue 22): the accelerator count in the picker is the
 * design's, each workload names a model preset whose name is the workload's model name (so
 * the model field shows the preset, not "Custom") with the preset's architecture, and both
 * descriptions name that model.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { MODEL_PRESETS } from '../training/presets';
import { TEMPLATES } from './templates';

const ARCH = ['layers', 'hidden', 'heads', 'kvHeads', 'ffnHidden', 'vocab', 'seqLength'] as const;

describe('templates match their descriptions', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s', (_id, t) => {
    const d = t.build();
    expect(evaluate(d, { skipTraining: true }).accelerators).toBe(t.accelerators);
    const model = d.workload!.model;
    const preset = MODEL_PRESETS[model.preset ?? '']!;
    expect(preset, `${t.id}: workload model preset "${model.preset}"`).toBeDefined();
    expect(model.name).toBe(preset.name);
    for (const k of ARCH) expect(model[k] ?? (k === 'kvHeads' ? model.heads : undefined), k).toBe(preset[k] ?? (k === 'kvHeads' ? preset.heads : undefined));
    expect(t.description.en).toContain(preset.name);
    expect(t.description['zh-CN']).toContain(preset.name);
  });

  it('the sample trains Llama 2 7B (Touvron et al. 2023, Table 1: 32 layers, 4,096 hidden, 32 heads, context 4k)', () => {
    const m = TEMPLATES.find((t) => t.id === 'sample')!.build().workload!.model;
    expect([m.preset, m.layers, m.hidden, m.heads, m.seqLength]).toEqual(['llama2-7b', 32, 4096, 32, 4096]);
  });
});
