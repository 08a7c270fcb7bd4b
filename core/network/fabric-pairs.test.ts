import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { expandFabric, generateFabric, type FabricInput, type SwitchLike } from './fabric';
import { spreadCores, spreadPod, spinesInGroup } from './fabric-pairs';
import type { TopologyInput } from './topology';

/** Quantum-2 QM9700-like: 64 x 400G NDR in 32 twin-port OSFP cages (power and price are test values). */
const QM9700: SwitchLike = { id: 'qm9700-test', ports: 64, portGbps: 400, maxPowerW: 1700, typicalPowerW: 1000, priceUsd: 25_000, protocol: 'infiniband' };
/** Quantum-X800 Q3400-like: 144 x 800G XDR in 72 twin-port OSFP cages. */
const Q3400: SwitchLike = { id: 'q3400-test', ports: 144, portGbps: 800, maxPowerW: 4000, typicalPowerW: 3000, priceUsd: 100_000, protocol: 'infiniband' };

describe('equal links per pair: the searches', () => {
  it('72 uplinks from 32 leaves: 16 spines would need 4.5 links each, so 18 spines x 4', () => {
    const s = spreadPod([{ count: 32, down: 72 }], 144, 1, 144);
    expect(s).toEqual({ spines: 18, linksPerSpine: [4], spineDown: 128 });
  });

  it('a leaf cabled only as needed gets the fewest whole links per spine', () => {
    // 7 leaves of 32 down and one of 5: 8 spines by ports? 7 x 32 + 5 = 229 / 64 -> 4 spines, 32 / 4 = 8 each,
    // the small leaf ceil(5 / 4) = 2 per spine; spine ports 7 x 8 + 2 = 58 <= 64.
    expect(spreadPod([{ count: 7, down: 32 }, { count: 1, down: 5 }], 64, 1, 64)).toEqual({ spines: 4, linksPerSpine: [8, 2], spineDown: 58 });
    // Cabled as full leaves (fullDown 32): every leaf 8 per spine, 64 spine ports.
    expect(spreadPod([{ count: 7, down: 32 }, { count: 1, down: 5 }], 64, 1, 64, 32)).toEqual({ spines: 4, linksPerSpine: [8, 8], spineDown: 64 });
  });

  it('no spine count fits when the leaves outnumber the spine ports', () => {
    expect(spreadPod([{ count: 65, down: 32 }], 64, 1, 64)).toBeUndefined();
  });

  it('cores: the DGX SuperPOD 16-SU core layer, 2 groups of 32 cores, one link per spine-core pair', () => {
    // 4 pods x 32 spines x 32 uplinks = 4,096 -> 64 cores; spines 0-15 of each pod to group 0, 16-31 to group 1:
    // each core takes 4 pods x 16 spines = 64 ports.
    const c = spreadCores([{ count: 4, spines: 32, down: 32 }], 64, 1, 64);
    expect(c).toMatchObject({ groups: 2, coresPerGroup: 32, linksPerCore: [1], spineUp: [32], coreClasses: [{ count: 64, down: 64, up: 0 }] });
  });

  it('spines of a pod spread over the groups by index', () => {
    expect([0, 1, 2, 3, 4].map((g) => spinesInGroup(32, 5, g))).toEqual([7, 7, 6, 6, 6]);
    expect([0, 1, 2, 3, 4].map((g) => spinesInGroup(8, 5, g))).toEqual([2, 2, 2, 1, 1]);
  });
});

/*
 * NVIDIA DGX SuperPOD H100 reference architecture (RA-11333-001), "Network Fabrics",
 * Table 4 "Compute fabric component count"
 * (docs.nvidia.com/dgx-superpod/reference-architecture-scalable-infrastructure-h100/latest/network-fabrics.html).
 * 31 nodes per SU (the 32nd slot holds the UFM appliance); "Compute and UFM" cables are the GPU
 * links plus 4 UFM links, which the generator does not model (it counts GPU links only).
 *
 * | SU | nodes | GPUs | leaf | spine | compute and UFM | spine-leaf |
 * |  1 |    31 |  248 |    8 |     4 |             252 |        256 |
 * |  2 |    63 |  504 |   16 |     8 |             508 |        512 |
 * |  3 |    95 |  760 |   24 |    16 |             764 |        768 |
 * |  4 |   127 | 1016 |   32 |    16 |            1020 |       1024 |
 *
 * The 3-SU row is the uneven case: 24 leaves x 32 uplinks = 768 links fit 12 spines by ports,
 * but 32 links do not divide over 12 spines; 16 spines x 2 links do (24 x 2 = 48 <= 64 ports).
 * The partly filled SU (31 of 32 nodes) is cabled as a full one ("the fabric should be designed to
 * support the full SU, including leaf switches and leaf-spine cables", same page).
 */
describe('DGX SuperPOD H100 RA, Table 4 (NDR, QM9700)', () => {
  const table: Array<[number, number, number, number, number, number, number]> = [
    [1, 31, 248, 8, 4, 252, 256],
    [2, 63, 504, 16, 8, 508, 512],
    [3, 95, 760, 24, 16, 764, 768],
    [4, 127, 1016, 32, 16, 1020, 1024],
  ];
  for (const [su, nodes, gpus, leaf, spine, computeAndUfm, spineLeaf] of table) {
    it(`${su} SU: ${nodes} nodes -> ${leaf} leaf, ${spine} spine, ${spineLeaf} spine-leaf cables`, () => {
      const f = generateFabric({ accelerators: gpus, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM9700 });
      expect(f.nodes).toBe(nodes);
      expect(f.tiers).toBe(2);
      expect(f.switches).toEqual({ leaf, spine, core: 0, total: leaf + spine });
      expect(f.links.nodeLeaf + 4).toBe(computeAndUfm);
      expect(f.links.leafSpine).toBe(spineLeaf);
      // 32 uplinks per leaf over the spines: 8, 4, 2, 2 links per pair.
      expect(f.linksPerPair.leafSpine).toBe(32 / spine);
      expect(f.portUse.leaf.used).toBe(gpus + spineLeaf);
    });
  }
});

/*
 * NVIDIA DGX SuperPOD B300 with Quantum-X800 InfiniBand (XDR) reference architecture,
 * "DGX SuperPOD Architecture", compute fabric table
 * (docs.nvidia.com/dgx-superpod/reference-architecture/scalable-infrastructure-b300-xdr/latest/dgx-superpod-architecture.html).
 * 72 DGX B300 per SU, 8 x 800G per node, Q3400 switches (144 x 800G).
 *
 * | SU | nodes | GPUs  | leaf | spine | node-leaf | leaf-spine |
 * |  1 |    72 |   576 |    8 |     4 |       576 |        576 |
 * |  2 |   144 |  1152 |   16 |     8 |      1152 |       1152 |
 * |  4 |   288 |  2304 |   32 |    18 |      2304 |       2304 |
 * |  8 |   576 |  4608 |   64 |    36 |      4608 |       4608 |
 * | 18 |  1296 |  9216 |  144 |    72 |     10368 |      10368 |
 *
 * 4 SU: 32 leaves x 72 uplinks = 2,304 fit 16 spines by ports (2,304 / 144), but 72 / 16 = 4.5;
 * 18 spines x 4 links do (32 x 4 = 128 of 144 ports). 8 SU: 64 x 72 / 144 = 32, 72 / 32 is not
 * whole, 36 x 2 is (64 x 2 = 128). The 18-SU row's GPU column (9,216) disagrees with its node
 * column (1,296 x 8 = 10,368, which the cable columns match); the test follows nodes and cables.
 */
describe('DGX SuperPOD B300 XDR RA (Q3400)', () => {
  const table: Array<[number, number, number, number, number]> = [
    [1, 72, 8, 4, 576],
    [2, 144, 16, 8, 1152],
    [4, 288, 32, 18, 2304],
    [8, 576, 64, 36, 4608],
    [18, 1296, 144, 72, 10368],
  ];
  for (const [su, nodes, leaf, spine, cables] of table) {
    it(`${su} SU: ${leaf} leaf / ${spine} spine, ${cables} cables per tier`, () => {
      const f = generateFabric({ accelerators: nodes * 8, perNode: 8, nicGbpsPerAccelerator: 800, switch: Q3400 });
      expect(f.nodes).toBe(nodes);
      expect(f.tiers).toBe(2);
      expect(f.structure.nodesPerLeaf).toBe(72);
      expect(f.switches).toEqual({ leaf, spine, core: 0, total: leaf + spine });
      expect(f.links.nodeLeaf).toBe(cables);
      expect(f.links.leafSpine).toBe(cables);
      expect(f.linksPerPair.leafSpine).toBe(72 / spine);
      expect(f.unusedPorts.spine).toBe(spine * 144 - cables);
    });
  }
  it('4 SU: 18 spines x 4 links, 16 ports of each spine unused', () => {
    const f = generateFabric({ accelerators: 2304, perNode: 8, nicGbpsPerAccelerator: 800, switch: Q3400 });
    expect(f.linksPerPair.leafSpine).toBe(4);
    expect(f.unusedPorts).toEqual({ leaf: 0, spine: 18 * (144 - 128), core: 0 });
  });
});

/** Links between every connected switch pair of a drawn topology, and the ports each switch uses. */
function pairCounts(t: TopologyInput): { pairs: Map<string, Map<string, number>>; used: Map<string, number>; tier: Map<string, string>; ports: Map<string, number> } {
  const tier = new Map<string, string>();
  const ports = new Map<string, number>();
  for (const n of t.nodes) {
    ports.set(n.id, n.ports);
    if (n.kind === 'switch' && n.tier) tier.set(n.id, n.tier);
  }
  const pairs = new Map<string, Map<string, number>>();
  const used = new Map<string, number>();
  for (const l of t.links) {
    used.set(l.from.nodeId, (used.get(l.from.nodeId) ?? 0) + 1);
    used.set(l.to.nodeId, (used.get(l.to.nodeId) ?? 0) + 1);
    const a = tier.get(l.from.nodeId);
    const b = tier.get(l.to.nodeId);
    if (!a || !b) continue;
    const m = pairs.get(l.from.nodeId) ?? new Map<string, number>();
    m.set(l.to.nodeId, (m.get(l.to.nodeId) ?? 0) + 1);
    pairs.set(l.from.nodeId, m);
  }
  return { pairs, used, tier, ports };
}

describe('properties: port limits and equal links per pair (expanded fabrics)', () => {
  it('no switch uses more ports than it has; every leaf has equal links to every spine of its pod, every spine to every core of its group', async () => {
    const fc = await import('fast-check');
    let checked = 0;
    fc.assert(
      fc.property(
        fc.record({
          nodes: fc.integer({ min: 1, max: 260 }),
          perNode: fc.constantFrom(1, 2, 4, 8),
          ports: fc.constantFrom(8, 12, 16, 24, 32, 36, 48, 64),
          portGbps: fc.constantFrom(400, 800),
          nic: fc.constantFrom(200, 400, 800),
          rl: fc.constantFrom(1, 1.5, 2, 3),
          rs: fc.constantFrom(1, 2),
          rail: fc.boolean(),
          tiers: fc.constantFrom(undefined, 2, 3),
          full: fc.constantFrom(0, 1),
          drop: fc.integer({ min: 0, max: 7 }),
        }),
        (p) => {
          const input: FabricInput = {
            accelerators: Math.max(1, p.nodes * p.perNode - (p.drop % p.perNode)),
            perNode: p.perNode,
            nicGbpsPerAccelerator: p.nic,
            switch: { id: 's', ports: p.ports, portGbps: p.portGbps, maxPowerW: 1, typicalPowerW: 1, priceUsd: 1 },
            oversubscription: { leaf: p.rl, spine: p.rs },
            railOptimised: p.rail,
            allowPartialNode: true,
            ...(p.tiers ? { tiers: p.tiers as 2 | 3 } : {}),
            assumptions: { partialUnitFullUplinks: p.full },
          };
          let f;
          try {
            f = generateFabric(input);
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            return;
          }
          for (const t of ['leaf', 'spine', 'core'] as const) {
            expect(f.portUse[t].used).toBeLessThanOrEqual(f.portUse[t].total);
            expect(f.unusedPorts[t]).toBe(f.portUse[t].total - f.portUse[t].used);
          }
          if (f.links.total > 6_000) return;
          checked++;
          const t = expandFabric(input);
          const { pairs, used, tier, ports } = pairCounts(t);
          for (const [id, n] of used) expect(n).toBeLessThanOrEqual(ports.get(id) ?? 0);
          const spinesOfLeaf = new Map<string, string>();
          for (const [from, to] of pairs) {
            const counts = [...to.values()];
            // Equal whole links to every upper switch it reaches.
            expect(new Set(counts).size).toBe(1);
            if (tier.get(from) === 'leaf') spinesOfLeaf.set(from, [...to.keys()].sort().join(','));
          }
          if (f.tiers === 2) {
            // Every leaf reaches every spine, with the same links as a full leaf when cabled as full units.
            const spines = t.nodes.filter((n) => n.tier === 'spine').length / f.planes;
            for (const [leaf, to] of pairs) if (tier.get(leaf) === 'leaf') expect(to.size).toBe(spines);
            if (p.full === 1) for (const [leaf, to] of pairs) if (tier.get(leaf) === 'leaf') expect([...to.values()][0]).toBe(f.linksPerPair.leafSpine);
          }
          if (f.tiers === 3) {
            // Every leaf of a pod reaches every spine of that pod: the spine sets of two leaves are equal or disjoint.
            const sets = [...new Set(spinesOfLeaf.values())].map((s) => s.split(','));
            const podOf = new Map<string, number>();
            sets.forEach((s, i) => {
              for (const x of s) {
                expect(podOf.has(x)).toBe(false);
                podOf.set(x, i);
              }
            });
            // Every core reaches every pod of its plane (through some spine of that pod).
            const podsOfCore = new Map<string, Set<number>>();
            for (const [from, to] of pairs) {
              if (tier.get(from) !== 'spine') continue;
              for (const core of to.keys()) {
                const set = podsOfCore.get(core) ?? new Set<number>();
                set.add(podOf.get(from) ?? -1);
                podsOfCore.set(core, set);
              }
            }
            for (const set of podsOfCore.values()) expect(set.size).toBe(sets.length / f.planes);
          }
        },
      ),
      { numRuns: 150, seed: 7 },
    );
    expect(checked).toBeGreaterThan(50);
  });
});
