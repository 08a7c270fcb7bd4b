import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { expandDesignFabric } from './expand';
import { templateById } from './model/templates';
import { InputError } from './errors';

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

  it('refuses an unknown fabric id, naming it', () => {
    expect(() => expandDesignFabric(build('sample'), 'nope')).toThrow(InputError);
    expect(() => expandDesignFabric(build('sample'), 'nope')).toThrow(/no generated fabric "nope"/);
  });
});
