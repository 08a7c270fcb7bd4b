import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog';
import { inventoryStage } from '../inventory/stage';
import { design, group, rack } from '../stages.fixture';
import { DEFAULT_NETWORK_ASSUMPTIONS as A, generateFabric, type NetworkAssumptionValues, type SwitchLike } from './fabric';
import { cablePowerW, mediaOf } from './fabric-optics';
import { floorLayout } from './stage-layout';

const with_ = (o: Partial<NetworkAssumptionValues>): NetworkAssumptionValues => ({ ...A, ...o });

describe('media by length class', () => {
  it('in the rack: DAC within its reach (3 m to 400G, 2 m at 800G and up), then AEC to 7 m', () => {
    expect([mediaOf('in-rack', 400, A), mediaOf('in-rack', 800, A)]).toEqual(['dac', 'dac']);
    const three = with_({ inRackCableLengthM: 3 });
    expect([mediaOf('in-rack', 400, three), mediaOf('in-rack', 800, three), mediaOf('in-rack', 1600, three)]).toEqual(['dac', 'aec', 'aec']);
    expect(mediaOf('in-rack', 800, with_({ inRackCableLengthM: 8 }))).toBe('multimode');
  });

  it('in the row: transceivers on multimode fibre, or AOC when asked for within 30 m; across the hall single-mode', () => {
    expect(mediaOf('in-row', 400, A)).toBe('multimode');
    expect(mediaOf('in-row', 400, with_({ inRowAoc: 1 }))).toBe('aoc');
    expect(mediaOf('in-row', 400, with_({ inRowAoc: 1, inRowCableLengthM: 40 }))).toBe('multimode');
    expect(mediaOf('in-row', 400, with_({ inRowCableLengthM: 60 }))).toBe('singlemode');
    expect(mediaOf('cross-hall', 400, A)).toBe('singlemode');
  });

  it('active cables draw power: an AEC its retimers (6 W), an AOC a multimode module at each end (2 x 8 W at 400G)', () => {
    expect([cablePowerW('aec', 800, A), cablePowerW('aoc', 400, A), cablePowerW('dac', 400, A)]).toEqual([6, 16, 0]);
  });
});

describe('fabrics with AEC and AOC', () => {
  const SN: SwitchLike = { id: 'sn', ports: 64, portGbps: 800, maxPowerW: 0, typicalPowerW: 0, priceUsd: 0, protocol: 'ethernet' };

  it('top-of-rack leaves at 800G with 3 m in the rack: AEC node links, no node-side optics', () => {
    // Plain fabric, 4 nodes x 8 rails of 800G per leaf (32 down, 32 up), 4 nodes per rack: node links in-rack.
    // 32 nodes -> 8 leaves; 256 node links, each an AEC at 6 W and 350 USD; leaf-spine links span 32 nodes: in-row.
    const f = generateFabric({
      accelerators: 256,
      perNode: 8,
      nicGbpsPerAccelerator: 800,
      switch: SN,
      railOptimised: false,
      assumptions: { inRackCableLengthM: 3, leafSplitSearch: 0 },
    });
    expect(f.cablesByTier.nodeLeaf).toEqual({ lengthClass: 'in-rack', media: 'aec', count: 256 });
    expect(f.transceiversBySide.node).toBe(0);
    expect(f.transceiverLines.filter((l) => l.tier === 'nodeLeaf')).toEqual([]);
    const modulesW = f.transceiverLines.reduce((s, l) => s + l.count * l.powerWEach, 0);
    expect(f.power.opticsW).toBeCloseTo(modulesW + 256 * 6, 6);
  });

  it('2 SUs with AOC in the row: 512 node links as 400G AOCs (16 W, 1,000 USD each), no NIC or leaf-down modules', () => {
    const QM: SwitchLike = { id: 'qm', ports: 64, portGbps: 400, maxPowerW: 0, typicalPowerW: 0, priceUsd: 0, protocol: 'infiniband' };
    const base = { accelerators: 512, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM };
    const mm = generateFabric(base);
    const aoc = generateFabric({ ...base, assumptions: { inRowAoc: 1 } });
    expect(aoc.cablesByTier.nodeLeaf.media).toBe('aoc');
    // Multimode: 512 NIC modules (8 W) and 256 leaf twin-port modules (15 W) go; 512 AOCs at 2 x 8 W come.
    expect(mm.transceivers - aoc.transceivers).toBe(512 + 256);
    expect(aoc.power.opticsW - mm.power.opticsW).toBeCloseTo(512 * 16 - (512 * 8 + 256 * 15), 6);
    expect(aoc.cost.cablesUsd - mm.cost.cablesUsd).toBeCloseTo(512 * (400 * 2.5 - 60), 2);
  });
});

describe('the floor layout the cables follow', () => {
  const catalog = createCatalog();
  it('DGX H100 SuperPOD racks: 4 nodes per rack, 32 per SU row', () => {
    const d = design({ groups: [group('su', 4)], racks: [rack('r', { groupId: 'su', count: 8 })], servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', quantity: 4 }] });
    const inv = inventoryStage(d, catalog);
    expect(floorLayout(inv.servers, 8)).toEqual({ nodesPerRack: 4, nodesPerRow: 32 });
  });

  it('GB200 NVL72: 18 compute trays per rack, 8 racks = 144 per SU row', () => {
    const d = design({ groups: [group('su', 1)], racks: [rack('r', { groupId: 'su', count: 8, powerBudgetW: 140_000 })], servers: [{ id: 's', partId: 'gb200-nvl72', rackId: 'r', quantity: 1 }] });
    const inv = inventoryStage(d, catalog);
    expect(floorLayout(inv.servers, 4)).toEqual({ nodesPerRack: 18, nodesPerRow: 144 });
  });

  it('servers outside racks leave the assumptions in place', () => {
    const d = design({ servers: [{ id: 's', partId: 'dgx-h100', quantity: 4 }] });
    expect(floorLayout(inventoryStage(d, catalog).servers, 8)).toEqual({});
  });
});
