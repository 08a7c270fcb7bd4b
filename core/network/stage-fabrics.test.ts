import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { templateById } from '../model/templates';

const superpod = () => templateById('h100-superpod-1k')!.build();

describe('generated fabrics in the design: front-end network, rail-only, planes', () => {
  it('a front-end network from the DGX H100s\' 2 x 400G storage/in-band ports is counted in BOM, power and cost', () => {
    const d = superpod();
    const before = evaluate(d);
    const after = evaluate({ ...d, fabrics: d.fabrics.map((f) => ({ ...f, frontEnd: {} })) });
    const fe = after.fabrics[0]!.frontEnd!;
    // 128 nodes x 2 ports of 400G on the Ethernet switch for 400G (sn5600, 128 x 400G after breakout):
    // 64 nodes per leaf, 2 groups x 2 ports = 4 leaves; 4 x 64 uplinks over 128-port spines = 2 spines.
    expect(after.fabrics[0]!.nodes).toBe(128);
    expect(fe).toMatchObject({ switchPartId: 'sn5600', tiers: 2, switches: 6, links: 256 + 256 });
    expect(after.switches - before.switches).toBe(6);
    const qty = (r: typeof before, id: string) => r.bom.filter((l) => l.partId === id).reduce((s, l) => s + l.quantity, 0);
    expect(qty(after, 'sn5600') - qty(before, 'sn5600')).toBe(6);
    expect(after.itPowerKW - before.itPowerKW).toBeCloseTo(fe.powerKW, 3);
    expect(after.capexUsd - before.capexUsd).toBeGreaterThanOrEqual(fe.costUsd - 0.01);
    // The compute fabric itself is unchanged.
    expect(after.fabrics[0]!.switches).toEqual(before.fabrics[0]!.switches);
  });

  it('cables follow the floor: a GB200 NVL72 SU row (8 racks x 18 trays = 144 nodes) keeps leaf-spine links in the row', () => {
    const f = evaluate(templateById('gb200-nvl72-su')!.build()).fabrics[0]!;
    // 144 nodes fit one row: multimode in-row, no single-mode modules (the default 32-node row would make them cross-hall).
    expect(f.cableKinds.leafSpine).toEqual({ media: 'multimode', lengthClass: 'in-row' });
    const sp = evaluate(superpod()).fabrics[0]!;
    // DGX H100 SuperPOD: 4 per rack, 32 per SU: the spines are across the hall.
    expect(sp.cableKinds).toMatchObject({ nodeLeaf: { media: 'multimode', lengthClass: 'in-row' }, leafSpine: { media: 'singlemode', lengthClass: 'cross-hall' } });
  });

  it('rail-only: 8 rail networks of 128 nodes, no switch between rails', () => {
    const d = superpod();
    const r = evaluate({ ...d, fabrics: d.fabrics.map((f) => ({ ...f, railOnly: true })) });
    const f = r.fabrics[0]!;
    expect(f.railOnly).toBe(true);
    // One rail: 128 nodes on 64-port QM9700 leaves of 32 down: 4 leaves x 32 up = 128 over 2 spines (16 links each).
    expect(f.switches).toMatchObject({ leaf: 32, spine: 16, core: 0 });
    expect(f.linksPerPair.leafSpine).toBe(16);
  });

  it('two planes split the DGX H100\'s eight 400G ports: 4 per plane per node', () => {
    const d = superpod();
    const r = evaluate({ ...d, fabrics: d.fabrics.map((f) => ({ ...f, planes: 2 })) });
    const f = r.fabrics[0]!;
    expect(f.planes).toBe(2);
    // Per plane 4 rails of 400G: 32-node SUs, 4 SUs x 4 leaves = 16 leaves, 16 x 32 / 64 = 8 spines; x 2 planes.
    expect(f.switches).toMatchObject({ leaf: 32, spine: 16, core: 0 });
    expect(f.links.nodeLeaf).toBe(1024);
    const bad = evaluate({ ...d, fabrics: d.fabrics.map((f) => ({ ...f, planes: 3 })) });
    expect(bad.warnings.find((w) => w.code === 'fabric-infeasible')?.message).toMatch(/planes: must divide the 8 compute NIC ports per node/);
  });
});
