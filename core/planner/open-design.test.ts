/**
 * "Open as design" (issue 22): a candidate's design carries the workload's model as the
 * requirements name it: a preset keeps its id and name (the model field shows the preset, not
 * "Custom"); a preset with a field overridden is a custom model under the preset's name.
 * Candidate names use the server's catalog name, not its id.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../catalog';
import { MODEL_PRESETS } from '../training/presets';
import { plan } from './plan';

const req = (model: unknown) => ({
  workload: { model, tokens: 1e12, globalBatch: 512, precision: 'bf16' },
  constraints: { accelerators: [{ id: 'h100-sxm5-80gb', maxCount: 1024, minCount: 512, counts: [512] }], cooling: ['air'], oversubscription: [1] },
  options: { maxResults: 1, designs: true },
});

describe('open as design', () => {
  it('a preset model keeps its id and name in the design', async () => {
    const r = await plan(req('llama3-8b'));
    const c = r.candidates[0]!;
    expect(c.design!.workload!.model).toMatchObject({ preset: 'llama3-8b', name: MODEL_PRESETS['llama3-8b']!.name, layers: 32, hidden: 4096 });
    expect(c.scenario.name).toContain(DEFAULT_CATALOG.get(c.server)!.name);
    expect(c.scenario.name).not.toContain(`(${c.server},`);
  });

  it('a preset with a field overridden is custom, under the preset name', async () => {
    const r = await plan(req({ preset: 'llama3-8b', layers: 16 }));
    const m = r.candidates[0]!.design!.workload!.model;
    expect(m.preset).toBeUndefined();
    expect([m.name, m.layers]).toEqual(['Llama 3 8B', 16]);
  });
});
