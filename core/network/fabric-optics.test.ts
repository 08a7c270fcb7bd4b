import { describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK_ASSUMPTIONS as A } from './fabric-assumptions';
import { cabling, defaultCageGbps, lengthClass, mergeLines, modulePowerW, opticsTotals, transceiverLines } from './fabric-optics';
import { generateFabric } from './fabric-generate';
import type { SwitchLike, TransceiverLine } from './fabric-types';

const IB400: SwitchLike = { id: 'ib', ports: 64, portGbps: 400, maxPowerW: 1, typicalPowerW: 1, priceUsd: 1, protocol: 'infiniband' };
const ETH: SwitchLike = { ...IB400, id: 'eth', protocol: 'ethernet' };

describe('length classes and modules', () => {
  it('classes by span: 4 nodes per rack, 32 per row', () => {
    expect([1, 4, 5, 32, 33].map((n) => lengthClass(n, A))).toEqual(['in-rack', 'in-rack', 'in-row', 'in-row', 'cross-hall']);
  });

  it('module power from the table, other speeds at 0.02 W per Gb/s', () => {
    expect(modulePowerW(800, 'multimode', A)).toBe(15);
    expect(modulePowerW(400, 'singlemode', A)).toBe(9);
    expect(modulePowerW(300, 'singlemode', A)).toBeCloseTo(6, 12);
  });

  it('cage speed: twin-port OSFP on InfiniBand 400G and up, else one cage per port at its speed (breakout or not)', () => {
    expect(defaultCageGbps(IB400)).toBe(800);
    expect(defaultCageGbps(ETH)).toBe(400);
    // A 200G port split into 2 x 100G keeps its 200G cage (it used to be given an 800G cage).
    expect(defaultCageGbps({ ...ETH, portGbps: 200 })).toBe(200);
    expect(defaultCageGbps({ ...ETH, portGbps: 800 })).toBe(800);
    expect(defaultCageGbps({ ...ETH, cageGbps: 1600 })).toBe(1600);
  });

  it('merges lines of the same side, tier and type', () => {
    const l: TransceiverLine = { side: 'switch', tier: 'leafSpine', type: 't', moduleGbps: 800, linksPerModule: 2, media: 'singlemode', count: 3, powerWEach: 1, priceUsdEach: 1 };
    expect(mergeLines([l, { ...l, count: 4 }, { ...l, side: 'node' }]).map((x) => [x.side, x.count])).toEqual([
      ['switch', 7],
      ['node', 3],
    ]);
  });
});

describe('2 SUs: 64 nodes x 8 GPUs at 400G (hand calculation)', () => {
  // 16 leaves of 32 down / 32 up, 8 spines of 64 down; nodeLeaf in-row, leafSpine cross-hall.
  const lengths = { nodeLeaf: 'in-row', leafSpine: 'cross-hall', spineCore: 'cross-hall' } as const;
  const lines = transceiverLines(
    {
      tiers: 2,
      planes: 1,
      linkGbps: 400,
      rails: 8,
      nodes: 64,
      lastNodeRails: 8,
      switches: { leaf: IB400, spine: IB400, core: IB400 },
      leafClasses: [{ count: 16, down: 32, up: 32 }],
      spineClasses: [{ count: 8, down: 64, up: 0 }],
      coreClasses: [],
      lengths,
    },
    A,
  );

  it('node side one 400G module per link; switch side twin-port 800G modules', () => {
    expect(lines.map((l) => [l.side, l.tier, l.type, l.count])).toEqual([
      ['node', 'nodeLeaf', '400G multimode', 64 * 8],
      ['switch', 'nodeLeaf', '800G 2x400G multimode', (16 * 32) / 2],
      // Leaf up 16 x 32 / 2 = 256 and spine down 8 x 64 / 2 = 256, one line.
      ['switch', 'leafSpine', '800G 2x400G singlemode', 256 + 256],
    ]);
  });

  it('optics power 512 x 8 + 256 x 15 + 512 x 17 W; price 1.5 / 2 USD per Gb/s', () => {
    expect(opticsTotals(lines)).toEqual({
      nodeModules: 512,
      switchModules: 768,
      opticsW: 4096 + 3840 + 8704,
      opticsUsd: 512 * 600 + 256 * 1200 + 512 * 1600,
    });
  });

  it('cables: 512 in-row at 60 USD, 512 cross-hall at 120 USD', () => {
    expect(cabling({ nodeLeaf: 512, leafSpine: 512, spineCore: 0 }, lengths, 400, A)).toEqual({
      cables: { inRack: 0, inRow: 512, crossHall: 512 },
      cablesUsd: 512 * 60 + 512 * 120,
      cablesW: 0,
    });
  });

  it('two planes double every module count', () => {
    const two = transceiverLines(
      { tiers: 1, planes: 2, linkGbps: 400, rails: 8, nodes: 8, lastNodeRails: 8, switches: { leaf: IB400, spine: IB400, core: IB400 }, leafClasses: [{ count: 1, down: 64, up: 0 }], spineClasses: [], coreClasses: [], lengths: { nodeLeaf: 'in-row', leafSpine: 'in-row', spineCore: 'in-row' } },
      A,
    );
    expect(two.map((l) => l.count)).toEqual([2 * 64, 2 * 32]);
  });
});

describe('a 64 x 400G Ethernet switch broken out to 200G (hand count)', () => {
  // 512 accelerators x 200G, 8 per node = 64 nodes; 64 x 400G ports split 2 x 200G = 128
  // logical ports per switch. Rail-optimised, non-blocking: a leaf has 64 down + 64 up,
  // one SU of 64 nodes needs 8 leaves (one per rail), so the leaf layer has
  // 8 x 128 = 1,024 ports at 200G. Spines: 8 x 64 = 512 uplinks over 128-port spines = 4.
  const ETH400: SwitchLike = { id: 'eth400', ports: 64, portGbps: 400, maxPowerW: 0, typicalPowerW: 0, priceUsd: 0, protocol: 'ethernet' };
  const f = generateFabric({ accelerators: 512, perNode: 8, nicGbpsPerAccelerator: 200, switch: ETH400 });
  const sw = (tier: string) => f.transceiverLines.filter((l) => l.side === 'switch' && l.tier === tier);

  it('the leaf layer is 1,024 ports of 200G', () => {
    expect(f.radix.leaf).toBe(128);
    expect(f.switches).toEqual({ leaf: 8, spine: 4, core: 0, total: 12 });
    expect(f.portUse.leaf).toEqual({ used: 1024, total: 1024 });
  });

  it('every switch-side module is a 400G module with 2 x 200G: 1,024 / 2 = 512 on the leaves', () => {
    for (const l of f.transceiverLines.filter((x) => x.side === 'switch')) {
      expect([l.moduleGbps, l.linksPerModule]).toEqual([400, 2]);
    }
    // Leaf: 8 x 64 downlinks / 2 = 256 modules; 8 x 64 uplinks / 2 = 256 modules.
    const leafDown = sw('nodeLeaf').reduce((s, l) => s + l.count, 0);
    expect(leafDown).toBe(256);
    // Leaf-spine line: 256 leaf-side + spine side 4 x 128 / 2 = 256.
    expect(sw('leafSpine').reduce((s, l) => s + l.count, 0)).toBe(256 + 256);
    expect(leafDown + 256).toBe(1024 / 2);
  });

  it('total modules: 512 NIC-side + 512 leaf + 256 spine = 1,280 (800G cages of 4 x 200G gave 768)', () => {
    expect(f.transceiversBySide).toEqual({ node: 512, switch: 512 + 256 });
    expect(f.transceivers).toBe(1280);
  });
});
