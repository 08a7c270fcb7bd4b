import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { expandDesignFabric } from './expand';
import { templateById } from './model/templates';
import { InputError } from './errors';
import { replicationOf } from './model/replication';

const build = (id: string) => templateById(id)!.build();

describe('expanding a generated fabric into drawn switches and cables', () => {
  it('DGX H100 SuperPOD 1k: the same switches and links as generated, as a handful of entities', () => {
    const d = build('h100-superpod-1k');
    const fab = d.fabrics[0]!;
    const before = evaluate(d);
    const f = before.fabrics[0]!;
    // NVIDIA's SuperPOD reference architecture for 4 SUs (127-128 DGX H100, rail-optimised NDR,
    // QM9700): 32 leaf and 16 spine switches, 1,024 node-leaf and 1,024 leaf-spine links.
    expect(f.switches).toMatchObject({ leaf: 32, spine: 16, core: 0 });
    expect(f.links.nodeLeaf).toBe(1024);
    expect(f.links.leafSpine).toBe(1024);

    const x = expandDesignFabric(d, fab.id);
    expect(x.design.fabrics.find((g) => g.id === fab.id)).toBeUndefined();
    // Replicated: one entity per tier, and one cable line per server entity plus one per tier above.
    const serversInScope = d.servers.filter((s) => s.partId === 'dgx-h100').length;
    expect(x.createdIds.length).toBe(2 + serversInScope + 1);
    const after = evaluate(x.design);
    // Same switch count and switch models; same cable count.
    expect(after.switches).toBe(before.switches);
    const switchLines = (r: typeof before) =>
      r.bom.filter((l) => l.category === 'network-switches').map((l) => [l.partId, l.quantity]);
    expect(switchLines(after)).toEqual(switchLines(before));
    expect(after.inventory.cables).toBe(before.inventory.cables);
    // Every server is still networked; no new errors.
    expect(after.warnings.filter((w) => w.code === 'server-no-network')).toEqual([]);
    expect(after.warnings.filter((w) => w.severity === 'error').length).toBe(before.warnings.filter((w) => w.severity === 'error').length);
    // Compute is untouched; switch power identical, so IT power moves only by optics modelling
    // (single-port transceivers per drawn fibre): under 2% here.
    expect(after.accelerators).toBe(before.accelerators);
    expect(Math.abs(after.itPowerKW - before.itPowerKW) / before.itPowerKW).toBeLessThan(0.02);
  });

  it('keeps replication: a fabric inside a group with count 16 expands to per-instance quantities', () => {
    const d = build('ascend-910b-10k');
    const fab = d.fabrics[0]!;
    const before = evaluate(d);
    const f = before.fabrics.find((s) => s.fabricId === fab.id)!;
    const x = expandDesignFabric(d, fab.id);
    const leaf = x.design.switches.find((s) => s.id === `${fab.id}-leaf`)!;
    expect(leaf.quantity * f.instances).toBe(f.switches.leaf);
    const after = evaluate(x.design);
    expect(after.switches).toBe(before.switches);
    expect(after.inventory.cables).toBe(before.inventory.cables);
    expect(after.accelerators).toBe(10_000);
  });

  it('the drawn network trains like the generated one: same oversubscription and in-network reduction', () => {
    const sample = build('sample').workload!;
    // Llama-2 7B-class job on the 1,024 GPUs: TP 8, DP 128.
    const workload = { ...sample, training: { ...sample.training, globalBatch: 10240, parallelism: { tp: 8, pp: 1, cp: 1 } } };
    for (const oversubscription of [1, 2]) {
      const base = build('h100-superpod-1k');
      const d = { ...base, workload, fabrics: base.fabrics.map((f) => ({ ...f, oversubscription })) };
      const before = evaluate(d);
      const x = expandDesignFabric(d, d.fabrics[0]!.id);
      // The leaves' server-facing over switch-facing links equal the requested oversubscription.
      const leaf = x.design.switches.find((w) => w.role === 'leaf')!;
      // Each cable line counts once per replica of its server (rack count x group counts).
      const replicas = (id: string) => {
        const srv = x.design.servers.find((v) => v.id === id);
        return srv ? replicationOf({ ...srv, quantity: 1 }, x.design) : 1;
      };
      const downLinks = x.design.cables
        .filter((c) => c.to.entityId === leaf.id)
        .reduce((t, c) => t + c.quantity * replicas(c.from.entityId), 0);
      const upLinks = x.design.cables.filter((c) => c.from.entityId === leaf.id).reduce((t, c) => t + c.quantity, 0);
      expect(downLinks / upLinks).toBeCloseTo(oversubscription, 9);
      const after = evaluate(x.design);
      expect(before.training).toBeDefined();
      expect(after.training!.stepTimeS).toBeCloseTo(before.training!.stepTimeS, 9);
      expect(after.training!.trainingDays).toBeCloseTo(before.training!.trainingDays, 9);
    }
    // And oversubscription is felt: 2:1 is slower than 1:1 for this job.
    const at = (o: number) => {
      const base = build('h100-superpod-1k');
      const d = { ...base, workload, fabrics: base.fabrics.map((f) => ({ ...f, oversubscription: o })) };
      return evaluate(expandDesignFabric(d, d.fabrics[0]!.id).design).training!.stepTimeS;
    };
    expect(at(2)).toBeGreaterThan(at(1));
  });

  it('refuses an unknown fabric id, naming it', () => {
    expect(() => expandDesignFabric(build('sample'), 'nope')).toThrow(InputError);
    expect(() => expandDesignFabric(build('sample'), 'nope')).toThrow(/no generated fabric "nope"/);
  });
});
