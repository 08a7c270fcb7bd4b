import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog';
import { design, group, rack } from '../stages.fixture';
import { entityPlaces, place, placementOf } from './placement';
import { inventoryStage } from './stage';

const catalog = createCatalog();

describe('placement: replication by multiplying', () => {
  const d = design({
    groups: [group('hall', 2), group('su', 3, { parentId: 'hall' })],
    racks: [rack('r', { groupId: 'su', count: 4 }), rack('solo')],
    servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', quantity: 2 }],
    switches: [{ id: 'w', partId: 'qm9700', groupId: 'su', quantity: 5 }],
  });
  const p = placementOf(d);

  it('a rack stands for count x its groups (4 x 3 x 2 = 24), plus one solo rack', () => {
    expect(p.racks.get('r')?.instances).toBe(24);
    expect(p.rackInstances).toBe(25);
    expect(p.groupMult('su')).toBe(6);
    expect(p.inSubtree('su', 'hall')).toBe(true);
    expect(p.inSubtree('hall', 'su')).toBe(false);
  });

  it('an item in a rack is quantity x rack instances; outside racks quantity x group multiplier', () => {
    expect(place(p, d.servers[0]!)).toMatchObject({ total: 2 * 24, groupId: 'su' });
    expect(place(p, d.switches[0]!)).toMatchObject({ total: 5 * 6, rack: undefined, groupId: 'su' });
    const places = entityPlaces(d, p);
    expect(places.get('s')).toEqual({ rackId: 'r', mult: 24 });
    expect(places.get('w')).toEqual({ rackId: undefined, mult: 6 });
  });
});

describe('inventory stage', () => {
  // 4 SUs x 8 racks x 4 DGX H100 = 128 servers, 1,024 GPUs (the DGX SuperPOD 1K layout).
  const d = design({
    groups: [group('su', 4)],
    racks: [rack('r', { groupId: 'su', count: 8 })],
    servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', slotU: 2, quantity: 4 }],
    pdus: [{ id: 'p', partId: 'pdu-rack-43kw', rackId: 'r', quantity: 2 }],
  });
  const inv = inventoryStage(d, catalog);

  it('counts servers, accelerators and NICs over all replicas', () => {
    expect(inv.serverCount).toBe(128);
    expect(inv.accelerators).toBe(1024);
    // DGX H100: 8 ConnectX-7 compute + 2 BlueField-3 per server.
    expect(inv.nics).toBe(128 * 10);
    expect([...inv.acceleratorsByType]).toEqual([['h100-sxm5-80gb', 1024]]);
    expect(inv.placement.rackInstances).toBe(32);
  });

  it('sums peak compute, HBM and bandwidth per accelerator (H100 SXM datasheet: 989 TFLOPS BF16, 80 GB, NVLink 900 GB/s)', () => {
    expect(inv.peakTflops.bf16).toBe(1024 * 989);
    expect(inv.hbmGB).toBe(1024 * 80);
    expect(inv.scaleUpGBps).toBe(1024 * 900);
    expect(inv.scaleOutGbps).toBe(128 * 8 * 400);
    expect(inv.acceleratorTdpW).toBe(1024 * 700);
  });

  it('rack space is per rack instance: 4 x 8U, one U range from slot 2, PDUs 0U with their capacity', () => {
    const space = inv.rackSpace.get('r')!;
    expect(space).toMatchObject({ usedU: 32, servers: 4, accelerators: 32, pduCapacityW: 2 * 43_000 });
    expect(space.intervals).toEqual([{ lo: 2, hi: 33, id: 's' }]);
    expect(inv.pduCount).toBe(2 * 32);
  });

  it('each drawn item gives one BOM entry of its real count', () => {
    expect(inv.bom.map((b) => [b.partId, b.category, b.quantity])).toEqual([
      ['dgx-h100', 'accelerated-servers', 128],
      ['pdu-rack-43kw', 'power', 64],
    ]);
  });

  it('pools: largest first, one accelerator type each', () => {
    const mixed = inventoryStage(
      design({
        servers: [
          { id: 'a', partId: 'atlas-800t-a2', quantity: 2 },
          { id: 'b', partId: 'dgx-h100', quantity: 3 },
          { id: 'c', partId: 'dgx-a100', quantity: 1, pool: 'h100-sxm5-80gb' },
        ],
      }),
      catalog,
    );
    expect(mixed.pools.map((p) => [p.pool, p.accelerators, p.servers])).toEqual([
      ['h100-sxm5-80gb', 32, 4],
      ['ascend-910b', 16, 2],
    ]);
    expect(mixed.warnings.map((w) => w.code)).toEqual(['pool-mixed-accelerators']);
  });

  it('an unknown part or a part of another kind is left out with a warning naming the nearest ids', () => {
    const bad = inventoryStage(design({ servers: [{ id: 'x', partId: 'dgx-h10' }], switches: [{ id: 'y', partId: 'dgx-h100' }] }), catalog);
    expect(bad.servers).toEqual([]);
    expect(bad.switches).toEqual([]);
    expect(bad.warnings.map((w) => w.params?.path)).toEqual(['servers[0].partId', 'switches[0].partId']);
    expect(bad.warnings[0]!.message).toMatch(/nearest: .*dgx-h100/);
    expect(bad.warnings[1]!.message).toMatch(/is a server, not a switch/);
  });

  it('a liquid-cooled system in an air-cooled rack is flagged; the heat path is the rack cooling', () => {
    const inv2 = inventoryStage(design({ racks: [rack('r', { cooling: 'air', heightU: 48, powerBudgetW: 200_000 })], servers: [{ id: 'n', partId: 'gb200-nvl72', rackId: 'r' }] }), catalog);
    expect(inv2.warnings.map((w) => w.code)).toEqual(['server-needs-liquid']);
    expect(inv2.servers[0]!.path).toBe('air');
    // Outside racks a server keeps its own cooling.
    expect(inventoryStage(design({ servers: [{ id: 'n', partId: 'gb200-nvl72' }] }), catalog).servers[0]!.path).toBe('cold-plate');
  });
});
