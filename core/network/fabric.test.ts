import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import {
  DEFAULT_NETWORK_ASSUMPTIONS,
  NETWORK_ASSUMPTIONS,
  expandFabric,
  fabricCli,
  generateFabric,
  jobView,
  splitPorts,
  switchHops,
  type FabricInput,
  type SwitchLike,
} from './fabric';
import { analyzeTopology } from './topology';
import { SCALE_UP_DOMAINS, groupBandwidthGBps, scaleUpDomain, scaleUpFromAccelerator } from './scaleup';

/** A Quantum-2-like switch: 64 x 400G in 32 twin-port OSFP cages. Power and price are test values. */
const QM: SwitchLike = {
  id: 'qm-test',
  ports: 64,
  portGbps: 400,
  maxPowerW: 1700,
  typicalPowerW: 1000,
  priceUsd: 25_000,
  protocol: 'infiniband',
};

function radix(k: number): SwitchLike {
  return { id: `k${k}`, ports: k, portGbps: 400, maxPowerW: 1000, typicalPowerW: 800, priceUsd: 10_000, protocol: 'ethernet' };
}

function expectInputError(fn: () => unknown, path: string, text?: RegExp): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const ie = e as InputError;
    expect(ie.path).toBe(path);
    if (text) expect(ie.message).toMatch(text);
    return ie;
  }
  throw new Error(`expected InputError at ${path}`);
}

describe('DGX SuperPOD (REFERENCE.md, B200 reference architecture table)', () => {
  // SUs | nodes | GPUs | leaf | spine | core | cables per tier
  const table: Array<[number, number, number, number, number, number, number]> = [
    [2, 64, 512, 16, 8, 0, 512],
    [4, 128, 1024, 32, 16, 0, 1024],
    [8, 256, 2048, 64, 32, 0, 2048],
    [16, 512, 4096, 128, 128, 64, 4096],
    [32, 1024, 8192, 256, 256, 128, 8192],
    [64, 2048, 16384, 512, 512, 256, 16384],
  ];
  for (const [su, nodes, gpus, leaf, spine, core, cables] of table) {
    it(`${su} SUs: ${leaf} leaf / ${spine} spine / ${core || '-'} core, ${cables} cables per tier`, () => {
      const f = generateFabric({ accelerators: gpus, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM });
      expect(f.nodes).toBe(nodes);
      expect(f.tiers).toBe(core ? 3 : 2);
      expect(f.switches).toEqual({ leaf, spine, core, total: leaf + spine + core });
      expect(f.links.nodeLeaf).toBe(cables);
      expect(f.links.leafSpine).toBe(cables);
      expect(f.links.spineCore).toBe(core ? cables : 0);
      // A scalable unit is 32 nodes: one leaf per rail per SU.
      expect(f.structure.nodesPerLeaf).toBe(32);
      expect(f.structure.groups).toBe(su);
      // Non-blocking: every GPU's 400G crosses the bisection: GPUs/2 x 400 Gb/s / 8 bits / 1000 = TB/s.
      expect(f.bisectionTBps).toBeCloseTo((gpus / 2) * 400 / 8 / 1000, 9);
      expect(f.oversubscription.effective).toBe(1);
    });
  }
});

describe('fat-tree limits (Al-Fares et al. 2008): k^2/2 with 2 tiers, k^3/4 with 3', () => {
  for (const k of [32, 48, 64, 128]) {
    it(`radix ${k}: ${(k * k) / 2} and ${(k * k * k) / 4} endpoints`, () => {
      const base: FabricInput = { accelerators: 1, perNode: 1, nicGbpsPerAccelerator: 400, switch: radix(k), railOptimised: false };
      const two = generateFabric({ ...base, accelerators: (k * k) / 2 });
      expect(two.tiers).toBe(2);
      // Full 2-tier fat-tree: k leaves + k/2 spines.
      expect(two.switches).toEqual({ leaf: k, spine: k / 2, core: 0, total: (3 * k) / 2 });
      expect(two.portUse.leaf.used).toBe(two.portUse.leaf.total);
      expect(two.portUse.spine.used).toBe(two.portUse.spine.total);
      expect(generateFabric({ ...base, accelerators: (k * k) / 2 + 1 }).tiers).toBe(3);
      expectInputError(() => generateFabric({ ...base, accelerators: (k * k) / 2 + 1, tiers: 2 }), 'tiers', new RegExp(`at most ${(k * k) / 2} accelerators`));

      const three = generateFabric({ ...base, accelerators: (k * k * k) / 4 });
      expect(three.tiers).toBe(3);
      // Full 3-tier fat-tree: k pods of k/2 leaf + k/2 spine, (k/2)^2 cores = 5k^2/4 switches.
      expect(three.switches).toEqual({ leaf: (k * k) / 2, spine: (k * k) / 2, core: (k * k) / 4, total: (5 * k * k) / 4 });
      expect(three.structure.pods).toBe(k);
      expect(three.portUse.core.used).toBe(three.portUse.core.total);
      expectInputError(
        () => generateFabric({ ...base, accelerators: (k * k * k) / 4 + 1 }),
        'accelerators',
        new RegExp(`at most ${(k * k * k) / 4} accelerators`),
      );
    });

    it(`radix ${k}, rail-optimised 8-GPU nodes reach the same limits`, () => {
      const base: FabricInput = { accelerators: 8, perNode: 8, nicGbpsPerAccelerator: 400, switch: radix(k) };
      expect(generateFabric({ ...base, accelerators: (k * k) / 2 }).tiers).toBe(2);
      expect(generateFabric({ ...base, accelerators: (k * k) / 2 + 8 }).tiers).toBe(3);
      const full = generateFabric({ ...base, accelerators: (k * k * k) / 4 });
      expect(full.switches.total).toBe((5 * k * k) / 4);
      expectInputError(() => generateFabric({ ...base, accelerators: (k * k * k) / 4 + 8 }), 'accelerators', /at most/);
    });
  }
});

describe('transceivers, cables, power and cost (hand calculation)', () => {
  it('2 SUs (64 nodes x 8 GPUs, 400G, 64-port twin-port-cage switches)', () => {
    const f = generateFabric({ accelerators: 512, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM });
    // Node -> leaf: a leaf spans one SU = 32 nodes = one row (nodesPerRow 32) -> in-row, multimode.
    // Leaf -> spine: spans 64 nodes > one row -> cross-hall, singlemode.
    expect(f.cablesByTier.nodeLeaf).toEqual({ lengthClass: 'in-row', media: 'multimode', count: 512 });
    expect(f.cablesByTier.leafSpine).toEqual({ lengthClass: 'cross-hall', media: 'singlemode', count: 512 });
    expect(f.cables).toEqual({ inRack: 0, inRow: 512, crossHall: 512 });
    // Node side: 512 single-port 400G SR4 modules (8 W, 400 x 1.5 = 600 USD).
    // Leaf down: 16 leaves x 32 ports / 2 per twin-port 800G cage = 256 modules, multimode 15 W, 1,200 USD.
    // Leaf up: 16 x 32 / 2 = 256; spine: 8 spines x 64 / 2 = 256; both singlemode DR8 17 W, 1,600 USD.
    expect(f.transceiversBySide).toEqual({ node: 512, switch: 256 + 256 + 256 });
    expect(f.transceivers).toBe(1280);
    const opticsW = 512 * 8 + 256 * 15 + 512 * 17; // 4096 + 3840 + 8704 = 16,640 W
    expect(opticsW).toBe(16_640);
    expect(f.power.opticsW).toBe(opticsW);
    // 24 switches at 1,000 W typical / 1,700 W max.
    expect(f.powerKW).toBeCloseTo((24 * 1000 + 16_640) / 1000, 9); // 40.64
    expect(f.maxPowerKW).toBeCloseTo((24 * 1700 + 16_640) / 1000, 9); // 57.44
    // Cost: switches 24 x 25,000 = 600,000; optics 512 x 600 + 256 x 1,200 + 512 x 1,600 = 1,433,600;
    // cables 512 x 60 (multimode) + 512 x 120 (singlemode) = 92,160.
    expect(f.cost).toEqual({ switchesUsd: 600_000, opticsUsd: 1_433_600, cablesUsd: 92_160 });
    expect(f.costUsd).toBe(2_125_760);
    const sw = f.transceiverLines.find((l) => l.side === 'switch' && l.tier === 'nodeLeaf');
    expect(sw?.type).toBe('800G 2x400G multimode');
    expect(sw?.linksPerModule).toBe(2);
    expect(f.perAccelerator.scaleOutGbps).toBe(400);
    expect(f.perAccelerator.scaleOutGBps).toBe(50);
    expect(f.perAccelerator.transceivers).toBe(2.5);
  });

  it('plain fat-tree: top-of-rack leaves use copper, no optics on the node side', () => {
    // 16 nodes x 8 GPUs; a leaf has 32 downlinks = 4 whole nodes = one rack -> in-rack DAC.
    // 4 leaves x 32 uplinks = 128 links -> 2 spines; spans 16 nodes (one row) -> in-row multimode.
    const f = generateFabric({ accelerators: 128, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, railOptimised: false });
    expect(f.switches).toEqual({ leaf: 4, spine: 2, core: 0, total: 6 });
    expect(f.cables).toEqual({ inRack: 128, inRow: 128, crossHall: 0 });
    expect(f.transceiversBySide).toEqual({ node: 0, switch: 4 * 16 + 2 * 32 });
    expect(f.power.opticsW).toBe(128 * 15);
  });

  it('assumptions can be overridden: twin-port modules on the node side', () => {
    const f = generateFabric({
      accelerators: 512,
      perNode: 8,
      nicGbpsPerAccelerator: 400,
      switch: QM,
      assumptions: { nodeLinksPerModule: 2 },
    });
    // 64 nodes x 4 twin-port 800G multimode modules (DGX-style).
    expect(f.transceiversBySide.node).toBe(256);
    expect(f.transceiverLines.find((l) => l.side === 'node')?.type).toBe('800G 2x400G multimode');
  });
});

describe('partial last units', () => {
  // NVIDIA DGX SuperPOD H100 RA, Network Fabrics: "the fabric should be designed to support
  // the full SU, including leaf switches and leaf-spine cables" (assumption partialUnitFullUplinks = 1).
  // leafSplitSearch 0 keeps the 32-node SU of a 64-port leaf (see the next describe for the search).
  const keepSu = { leafSplitSearch: 0 };
  it('40 nodes: a second, partly filled SU cabled as a full one', () => {
    const f = generateFabric({ accelerators: 320, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, assumptions: keepSu });
    // 8 rails x 2 SUs = 16 leaves, each with the 32 uplinks of a full leaf: 512 -> 512 / 64 = 8 spines, 4 links per pair.
    expect(f.switches).toEqual({ leaf: 16, spine: 8, core: 0, total: 24 });
    expect(f.links).toEqual({ nodeLeaf: 320, leafSpine: 512, spineCore: 0, total: 832 });
    expect(f.linksPerPair).toEqual({ leafSpine: 4, spineCore: 0 });
    expect(f.portUse.spine).toEqual({ used: 512, total: 512 });
    // The second SU's leaves have 8 of 32 downlinks: 8 x 24 leaf ports unused.
    expect(f.unusedPorts).toEqual({ leaf: 8 * 24, spine: 0, core: 0 });
  });

  it('40 nodes cabled only as needed: uplinks rounded up to equal links per spine', () => {
    const f = generateFabric({ accelerators: 320, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, assumptions: { ...keepSu, partialUnitFullUplinks: 0 } });
    // Uplinks 8 x 32 + 8 x 8 = 320 need 5 spines by ports, but 32 does not divide by 5, 6 or 7 within
    // 32 uplink ports (7 x 5 = 35, 6 x 6 = 36, 5 x 7 = 35): 8 spines, full leaves 4 links each, the others 1.
    expect(f.switches.spine).toBe(8);
    expect(f.links.leafSpine).toBe(8 * 32 + 8 * 8);
    expect(f.portUse.spine).toEqual({ used: 320, total: 512 });
  });

  it('a partly filled last node is an error unless allowed', () => {
    expectInputError(
      () => generateFabric({ accelerators: 321, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM }),
      'accelerators',
      /multiple of perNode \(8\)/,
    );
    const f = generateFabric({ accelerators: 321, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, allowPartialNode: true, assumptions: keepSu });
    expect(f.nodes).toBe(41);
    expect(f.links.nodeLeaf).toBe(321);
    expect(f.links.leafSpine).toBe(16 * 32);
    expect(f.switches.leaf).toBe(16);
    // Cabled as needed: 8 spines; rail 0 of the last SU has 9 nodes -> ceil(9 / 8) = 2 links per spine, rails 1-7 one.
    const g = generateFabric({ accelerators: 321, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, allowPartialNode: true, assumptions: { ...keepSu, partialUnitFullUplinks: 0 } });
    expect(g.links.leafSpine).toBe(8 * 32 + 2 * 8 + 7 * 8);
  });

  it('17 SUs: a fifth, partly filled pod', () => {
    const f = generateFabric({ accelerators: 17 * 256, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM });
    // 136 leaves; pods of 32 leaves (4 SUs): 4 full pods + 1 pod of 8 leaves.
    // Spines: 4 x 32 (1 link per leaf-spine pair) + 8 (8 leaves x 4 links = 32 ports each) = 136.
    // Cores: 136 x 32 = 4,352 uplinks need 68 cores by ports, but spine i of each pod goes to core
    // group i mod G with equal links: G = 4, 16 cores (2 links) puts 4 x 8 x 2 + 2 x 2 = 68 > 64 on a
    // core; G = 5 groups of 16 cores, 2 links per spine-core pair: 4 x 7 x 2 + 2 x 2 = 60 <= 64 -> 80.
    expect(f.tiers).toBe(3);
    expect(f.structure.pods).toBe(5);
    expect(f.structure).toMatchObject({ coreGroups: 5, coresPerGroup: 16 });
    expect(f.linksPerPair).toEqual({ leafSpine: 1, spineCore: 2 });
    expect(f.switches).toEqual({ leaf: 136, spine: 136, core: 80, total: 352 });
    expect(f.links.spineCore).toBe(4352);
    expect(f.unusedPorts.core).toBe(80 * 64 - 4352);
  });
});

describe('leaf split search (assumption leafSplitSearch: down to a quarter fewer downlinks)', () => {
  it('40 nodes: 24-node SUs need 6 spines where 32-node SUs need 8', () => {
    // Leaf downlinks d from 32 down to 24; 40 nodes stay 2 SUs (16 leaves) for every d >= 20.
    // Spines >= ceil(16 x d / 64) with d / S whole: d = 32..29 -> 8 (4 links), d = 28..25 -> 7 (4 links,
    // 28 uplinks), d = 24 -> 6 (4 links): 16 + 6 = 22 switches, the fewest.
    const f = generateFabric({ accelerators: 320, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM });
    expect(f.structure.nodesPerLeaf).toBe(24);
    expect(f.switches).toEqual({ leaf: 16, spine: 6, core: 0, total: 22 });
    expect(f.linksPerPair.leafSpine).toBe(4);
    expect(f.links.leafSpine).toBe(16 * 24);
  });

  it('2:1 on 128-port leaves: 85 / 43 spreads over 43 spines, 64 / 32 over 8', () => {
    const sn: SwitchLike = { id: 'sn-test', ports: 64, portGbps: 800, maxPowerW: 2000, typicalPowerW: 1500, priceUsd: 40_000, protocol: 'ethernet' };
    const input: FabricInput = { accelerators: 2048, perNode: 8, nicGbpsPerAccelerator: 400, switch: sn, oversubscription: 2 };
    // 256 nodes. 85 down: 4 SUs (32 leaves) x 43 uplinks; 43 is prime -> 43 spines x 1 link.
    const wide = generateFabric({ ...input, assumptions: { leafSplitSearch: 0 } });
    expect(wide.switches).toEqual({ leaf: 32, spine: 43, core: 0, total: 75 });
    // Down to ceil(85 x 0.75) = 64 downlinks, always 4 SUs (256 / d <= 4): spines >= ceil(32 x ceil(d / 2) / 128)
    // with whole links per spine; d = 64 needs 32 uplinks -> 8 spines x 4 links (32 x 4 = 128 ports): 40 switches,
    // the fewest (d = 80 gives 10 spines, d = 84 gives 11).
    const f = generateFabric(input);
    expect(f.structure.nodesPerLeaf).toBe(64);
    expect(f.switches).toEqual({ leaf: 32, spine: 8, core: 0, total: 40 });
    expect(f.linksPerPair.leafSpine).toBe(4);
    expect(f.oversubscription.leaf).toBe(2);
    expect(f.unusedPorts.leaf).toBe(32 * 32);
    const d80 = generateFabric({ ...input, assumptions: { leafSplitSearch: 0.06 } });
    expect([d80.structure.nodesPerLeaf, d80.switches.spine]).toEqual([80, 10]);
  });
});

describe('oversubscription, planes, breakout, job views', () => {
  it('splits a radix by a downlink:uplink ratio', () => {
    expect(splitPorts(64, 1)).toEqual({ down: 32, up: 32 });
    expect(splitPorts(64, 2)).toEqual({ down: 42, up: 21 });
    expect(splitPorts(64, 3)).toEqual({ down: 48, up: 16 });
  });

  it('3:1 leaf oversubscription', () => {
    // 48 downlinks / 16 uplinks per leaf; rail-optimised group = 48 nodes.
    const f = generateFabric({ accelerators: 96 * 8, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, oversubscription: 3 });
    expect(f.tiers).toBe(2);
    expect(f.switches.leaf).toBe(16);
    expect(f.links.leafSpine).toBe(16 * 16);
    expect(f.switches.spine).toBe(4);
    expect(f.oversubscription.leaf).toBe(3);
    expect(f.perAccelerator.beyondLeafGbps).toBeCloseTo(400 / 3, 6);
    // Bisection limited by the leaf uplinks: 256 links x 400 / 2 / 8 / 1000.
    expect(f.bisectionTBps).toBeCloseTo((256 * 400) / 2 / 8 / 1000, 9);
    expect(jobView(f, 48)).toMatchObject({ scope: 'leaf', oversubscription: 1, switchHops: 1 });
    expect(jobView(f, 49)).toMatchObject({ scope: 'fabric', oversubscription: 3, switchHops: 3 });
  });

  it('spine oversubscription compounds in 3 tiers', () => {
    const f = generateFabric({
      accelerators: 4096,
      perNode: 8,
      nicGbpsPerAccelerator: 400,
      switch: QM,
      oversubscription: { leaf: 1, spine: 2 },
      tiers: 3,
    });
    // Spine 42 down / 21 up; pods hold 5 SUs (40 leaves); 128 leaves -> 4 pods (40, 40, 40, 8 leaves).
    expect(f.structure.pods).toBe(4);
    expect(f.oversubscription).toEqual({ leaf: 1, spine: 2, effective: 2 });
    expect(jobView(f, 1)).toMatchObject({ scope: 'node', switchHops: 0 });
    expect(jobView(f, 160)).toMatchObject({ scope: 'pod', oversubscription: 1, switchHops: 3 });
    expect(jobView(f, 161)).toMatchObject({ scope: 'fabric', oversubscription: 2, switchHops: 5 });
  });

  it('two planes double every count and split the bandwidth', () => {
    const one = generateFabric({ accelerators: 1024, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM });
    const two = generateFabric({ accelerators: 1024, perNode: 8, nicGbpsPerAccelerator: 800, switch: QM, planes: 2 });
    expect(two.linkGbps).toBe(400);
    expect(two.switches.total).toBe(2 * one.switches.total);
    expect(two.links.total).toBe(2 * one.links.total);
    expect(two.transceivers).toBe(2 * one.transceivers);
    expect(two.bisectionTBps).toBeCloseTo(2 * one.bisectionTBps, 9);
    expect(two.perAccelerator.scaleOutGbps).toBe(800);
  });

  it('800G ports broken out to 2 x 400G double the radix', () => {
    const sn: SwitchLike = { id: 'sn-test', ports: 64, portGbps: 800, maxPowerW: 2000, typicalPowerW: 1500, priceUsd: 40_000, protocol: 'ethernet' };
    const f = generateFabric({ accelerators: 8192, perNode: 8, nicGbpsPerAccelerator: 400, switch: sn });
    expect(f.radix.leaf).toBe(128);
    expect(f.tiers).toBe(2); // 128^2 / 2 = 8192
    expect(f.switches).toEqual({ leaf: 128, spine: 64, core: 0, total: 192 });
    const g = generateFabric({ accelerators: 8192, perNode: 8, nicGbpsPerAccelerator: 800, switch: sn });
    expect(g.radix.leaf).toBe(64);
    expect(g.tiers).toBe(3);
  });

  it('twin-port 1.6T cages on an XDR switch', () => {
    const xdr: SwitchLike = { id: 'xdr-test', ports: 144, portGbps: 800, maxPowerW: 5000, typicalPowerW: 4000, priceUsd: 80_000, protocol: 'infiniband' };
    // 18 nodes x 8 GPUs x 800G: rail-optimised, one 72-node SU -> 8 leaves with 18 downlinks each,
    // cabled as a full SU: 72 uplinks each -> 576 links -> 4 spines, 18 links per pair.
    // Links span 18 nodes (one row) -> multimode.
    const f = generateFabric({ accelerators: 144, perNode: 8, nicGbpsPerAccelerator: 800, switch: xdr, tiers: 2, assumptions: { leafSplitSearch: 0 } });
    expect(f.switches).toEqual({ leaf: 8, spine: 4, core: 0, total: 12 });
    expect(f.linksPerPair.leafSpine).toBe(18);
    // With the split search a 54-node SU (72 x 0.75) is enough: 8 x 54 / 144 = 3 spines x 18 links.
    expect(generateFabric({ accelerators: 144, perNode: 8, nicGbpsPerAccelerator: 800, switch: xdr, tiers: 2 }).switches.spine).toBe(3);
    const leafDown = f.transceiverLines.find((l) => l.side === 'switch' && l.tier === 'nodeLeaf');
    // 8 leaves x ceil(18 / 2) = 72 twin-port 1.6T modules at 23 W.
    expect(leafDown).toMatchObject({ type: '1600G 2x800G multimode', count: 72, powerWEach: 23 });
  });

  it('switch model per tier', () => {
    const big: SwitchLike = { ...radix(128), id: 'big' };
    const f = generateFabric({ accelerators: 8192, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, switches: { spine: big } });
    // 256 leaves of radix 64 exceed a 128-port spine -> 3 tiers; pods hold 64 leaves (8 SUs).
    expect(f.tiers).toBe(3);
    expect(f.switchModels).toEqual({ leaf: 'qm-test', spine: 'big', core: 'qm-test' });
    expect(f.structure.leavesPerPod).toBe(64);
  });

  it('switch hops follow the rail-optimised placement', () => {
    const f = generateFabric({ accelerators: 4096, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM });
    expect(switchHops(f, { node: 0, accelerator: 3 }, { node: 0, accelerator: 5 })).toBe(0);
    expect(switchHops(f, { node: 0, accelerator: 3 }, { node: 31, accelerator: 3 })).toBe(1);
    expect(switchHops(f, { node: 0, accelerator: 3 }, { node: 31, accelerator: 4 })).toBe(3);
    expect(switchHops(f, { node: 0, accelerator: 3 }, { node: 32, accelerator: 3 })).toBe(3);
    expect(switchHops(f, { node: 0, accelerator: 3 }, { node: 128, accelerator: 3 })).toBe(5);
    expectInputError(() => switchHops(f, { node: 512, accelerator: 0 }, { node: 0, accelerator: 0 }), 'x.node');
  });
});

describe('bad input', () => {
  const ok: FabricInput = { accelerators: 512, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM };
  it('names the field', () => {
    expectInputError(() => generateFabric({ ...ok, accelerators: 512.5 }), 'accelerators', /positive integer/);
    expectInputError(() => generateFabric({ ...ok, accelerators: -8 }), 'accelerators', /positive integer/);
    expectInputError(() => generateFabric({ ...ok, perNode: 0 }), 'perNode');
    expectInputError(() => generateFabric({ ...ok, nicGbpsPerAccelerator: Number.NaN }), 'nicGbpsPerAccelerator');
    expectInputError(() => generateFabric({ ...ok, oversubscription: 0.5 }), 'oversubscription', />= 1/);
    expectInputError(() => generateFabric({ ...ok, oversubscription: { spine: -1 } }), 'oversubscription.spine');
    expectInputError(() => generateFabric({ ...ok, tiers: 4 as 2 }), 'tiers');
    expectInputError(() => generateFabric({ ...ok, planes: 1.5 }), 'planes');
    expectInputError(() => generateFabric({ ...ok, switch: { ...QM, ports: 0 } }), 'switch.ports');
    expectInputError(() => generateFabric({ ...ok, switches: { core: { ...QM, portGbps: -1 } } }), 'switches.core.portGbps');
    expectInputError(() => generateFabric({ ...ok, assumptions: { nodesPerRack: -1 } }), 'assumptions.nodesPerRack');
  });

  it('states the maximum when the radix cannot reach N', () => {
    // Radix 16: 3 tiers reach 16^3 / 4 = 1,024 endpoints.
    const e = expectInputError(
      () => generateFabric({ ...ok, accelerators: 2048, switch: radix(16) }),
      'accelerators',
      /at most 1024 accelerators/,
    );
    expect(e.message).toContain('2048');
  });

  it('never returns NaN or Infinity', () => {
    const f = generateFabric({ accelerators: 8, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM });
    expect(f.tiers).toBe(1);
    const walk = (v: unknown): void => {
      if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
      else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
    };
    walk(f);
    walk(generateFabric({ ...ok, accelerators: 100_000, allowPartialNode: true, switch: { ...QM, ports: 128 } }));
  });
});

describe('cwb fabric', () => {
  const lookup = (id: string): SwitchLike | undefined => (id === 'qm-test' ? QM : undefined);
  const ids = (): string[] => ['qm-test'];
  it('returns the contract keys', () => {
    const out = fabricCli(['--accelerators', '4096', '--per-node', '8', '--switch', 'qm-test'], lookup, ids);
    expect(out.tiers).toBe(3);
    expect(out.switches).toEqual({ leaf: 128, spine: 128, core: 64, total: 320 });
    expect(out.links).toMatchObject({ nodeLeaf: 4096, leafSpine: 4096, spineCore: 4096 });
    expect(typeof out.transceivers).toBe('number');
    expect(out.bisectionTBps).toBeCloseTo(102.4, 9);
    expect(out.powerKW).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    const two = fabricCli(['--accelerators=2048', '--per-node=8', '--switch=qm-test', '--tiers', '2', '--oversubscription', '1'], lookup, ids);
    expect(two.tiers).toBe(2);
  });
  it('reports bad flags by name', () => {
    expectInputError(() => fabricCli(['--per-node', '8', '--switch', 'qm-test'], lookup, ids), '--accelerators', /required/);
    expectInputError(() => fabricCli(['--accelerators', 'many', '--per-node', '8', '--switch', 'qm-test'], lookup, ids), '--accelerators');
    expectInputError(() => fabricCli(['--accelerators', '64', '--per-node', '8', '--switch', 'nope'], lookup, ids), '--switch', /known: qm-test/);
    expectInputError(() => fabricCli(['--accelerators', '64', '--per-node', '8', '--switch', 'qm-test', '--tiers', '4'], lookup, ids), '--tiers');
    expectInputError(() => fabricCli(['--accelerators', '60', '--per-node', '8', '--switch', 'qm-test'], lookup, ids), '--accelerators', /multiple/);
    expectInputError(() => fabricCli(['--accelerators', '64', '--bogus'], lookup, ids), '--bogus');
  });
});

describe('assumptions as data', () => {
  it('lists every assumption with unit and source', () => {
    const keys = new Set(NETWORK_ASSUMPTIONS.map((a) => a.key));
    expect(keys.size).toBe(NETWORK_ASSUMPTIONS.length);
    for (const a of NETWORK_ASSUMPTIONS) {
      expect(a.unit.length).toBeGreaterThan(0);
      expect(a.source.length).toBeGreaterThan(0);
      expect(Number.isFinite(a.value)).toBe(true);
    }
    // REFERENCE.md optics: 800G twin-port OSFP 15 W multimode / 17 W DR8; 400G about 8-9 W.
    expect(DEFAULT_NETWORK_ASSUMPTIONS.opticsPowerW800Multimode).toBe(15);
    expect(DEFAULT_NETWORK_ASSUMPTIONS.opticsPowerW800Singlemode).toBe(17);
    expect(DEFAULT_NETWORK_ASSUMPTIONS.opticsPowerW400Multimode).toBeGreaterThanOrEqual(8);
    expect(DEFAULT_NETWORK_ASSUMPTIONS.opticsPowerW400Singlemode).toBeLessThanOrEqual(9);
  });
});

describe('scale-up domains', () => {
  it('bandwidth per accelerator and group', () => {
    const h100 = scaleUpDomain('nvlink4-8');
    expect(h100.unidirectionalGBps).toBe(450);
    // Switched: any group gets the full bandwidth.
    expect(groupBandwidthGBps(h100, 2)).toBe(450);
    expect(groupBandwidthGBps(h100, 8)).toBe(450);
    // Full mesh of 8 (Ascend HCCS): 392 / 2 = 196 GB/s over 7 peers; a group of 4 uses 3 links.
    const hccs = scaleUpDomain('hccs-8');
    expect(hccs.topology).toBe('full-mesh');
    expect(groupBandwidthGBps(hccs, 4)).toBeCloseTo((196 * 3) / 7, 9);
    expect(groupBandwidthGBps(hccs, 8)).toBe(196);
    expect(scaleUpDomain('nvl72').domainSize).toBe(72);
    expectInputError(() => groupBandwidthGBps(h100, 9), 'groupSize', /at most the domain size 8/);
    expectInputError(() => scaleUpDomain('warp'), 'scaleUp', /known:/);
  });
  it('maps catalog accelerators', () => {
    const d = scaleUpFromAccelerator({ id: 'x', scaleUp: { kind: 'mtlink', bandwidthGBps: 240, domainSize: 8 } });
    expect(d.id).toBe('mtlink-8');
    const custom = scaleUpFromAccelerator({ id: 'y', scaleUp: { kind: 'infinity-fabric', bandwidthGBps: 1000, domainSize: 4 } });
    expect(custom.topology).toBe('full-mesh');
    expect(custom.unidirectionalGBps).toBe(500);
    for (const s of SCALE_UP_DOMAINS) expect(s.source.length).toBeGreaterThan(0);
  });
});

describe('expanded fabric agrees with the arithmetic', () => {
  const cases: Array<[string, FabricInput]> = [
    ['2 SUs', { accelerators: 512, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM }],
    ['40 nodes', { accelerators: 320, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM }],
    ['partial node', { accelerators: 321, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, allowPartialNode: true }],
    ['17 SUs, 3 tiers', { accelerators: 17 * 256, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM }],
    ['plain, 3:1', { accelerators: 1000, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, railOptimised: false, oversubscription: 3 }],
    ['2 planes', { accelerators: 1024, perNode: 8, nicGbpsPerAccelerator: 800, switch: QM, planes: 2 }],
    ['one switch', { accelerators: 32, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM }],
  ];
  for (const [name, input] of cases) {
    it(name, () => {
      const f = generateFabric(input);
      const t = expandFabric(input);
      const r = analyzeTopology(t);
      expect(r.accelerators).toBe(f.accelerators);
      expect(r.servers).toBe(f.nodes);
      expect(r.switches).toBe(f.switches.total);
      expect(t.links.length).toBe(f.links.total);
      expect(r.bisectionTBps).toBeCloseTo(f.bisectionTBps, 9);
      for (const code of ['too-many-links', 'port-conflict', 'port-out-of-range', 'speed-mismatch', 'disconnected']) {
        expect(r.warnings.filter((w) => w.code === code)).toEqual([]);
      }
      // Rail-optimised nodes hang on `rails` leaves: no single switch cuts a node off,
      // except for a last node with a single accelerator (one rail).
      const single = f.accelerators % f.perNode === 1;
      if (f.railOptimised && f.tiers > 1) expect(r.singlePointsOfFailure.switches).toEqual(single ? ['leaf1-0'] : []);
    });
  }
  it('refuses to materialise too many links', () => {
    expectInputError(
      () => expandFabric({ accelerators: 16_384, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM }, 10_000),
      'accelerators',
      /exceeds the limit of 10000/,
    );
  });
});

describe('properties over random inputs', () => {
  it('port budgets hold, counts are finite, expansion matches', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(
        fc.record({
          nodes: fc.integer({ min: 1, max: 300 }),
          perNode: fc.constantFrom(1, 2, 4, 8),
          ports: fc.constantFrom(8, 16, 32, 36, 48, 64),
          portGbps: fc.constantFrom(200, 400, 800),
          nic: fc.constantFrom(100, 200, 400, 800),
          rl: fc.constantFrom(1, 1.5, 2, 3),
          rs: fc.constantFrom(1, 2),
          rail: fc.boolean(),
          planes: fc.constantFrom(1, 2),
          drop: fc.integer({ min: 0, max: 7 }),
        }),
        (p) => {
          const accelerators = Math.max(1, p.nodes * p.perNode - (p.drop % p.perNode));
          const input: FabricInput = {
            accelerators,
            perNode: p.perNode,
            nicGbpsPerAccelerator: p.nic,
            switch: { id: 's', ports: p.ports, portGbps: p.portGbps, maxPowerW: 500, typicalPowerW: 400, priceUsd: 1000 },
            oversubscription: { leaf: p.rl, spine: p.rs },
            railOptimised: p.rail,
            planes: p.planes,
            allowPartialNode: true,
          };
          let f;
          try {
            f = generateFabric(input);
          } catch (e) {
            // Only input errors (e.g. radix too small) are allowed.
            expect(e).toBeInstanceOf(InputError);
            return;
          }
          for (const t of ['leaf', 'spine', 'core'] as const) expect(f.portUse[t].used).toBeLessThanOrEqual(f.portUse[t].total);
          expect(f.links.nodeLeaf).toBe(accelerators * f.linksPerAccelerator * f.planes);
          if (f.tiers >= 2) expect(f.links.leafSpine).toBeGreaterThanOrEqual(f.links.nodeLeaf / Math.max(p.rl, 1) - f.switches.leaf);
          expect(Number.isFinite(f.powerKW) && Number.isFinite(f.costUsd) && Number.isFinite(f.bisectionTBps)).toBe(true);
          if (f.links.total <= 5_000) {
            const r = analyzeTopology(expandFabric(input));
            expect(r.switches).toBe(f.switches.total);
            expect(r.warnings.filter((w) => w.code === 'too-many-links' || w.code === 'port-conflict')).toEqual([]);
            if (p.rs === 1) expect(r.bisectionTBps).toBeLessThanOrEqual(f.bisectionTBps + 1e-9);
          }
        },
      ),
      { numRuns: 100, seed: 42 },
    );
  });
});
