import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { validateFabricInput } from './fabric-input';
import {
  achievedRatios,
  capacity,
  chooseTiers,
  layoutLeaves,
  layoutUpperTiers,
  logicalRadix,
  planLinks,
  splitPorts,
  sumClasses,
} from './fabric-sizing';
import type { FabricInput, FabricWarning, SwitchLike } from './fabric-types';

/** 64 x 400G ports (Quantum-2-like); power and price are test values. */
const K64: SwitchLike = { id: 'k64', ports: 64, portGbps: 400, maxPowerW: 1700, typicalPowerW: 1000, priceUsd: 25_000, protocol: 'infiniband' };

function sized(input: Partial<FabricInput> & { accelerators: number }) {
  const v = validateFabricInput({ perNode: 8, nicGbpsPerAccelerator: 400, switch: K64, ...input });
  const warnings: FabricWarning[] = [];
  const plan = planLinks(v, warnings);
  const cap = capacity(plan, v.perNode);
  return { v, plan, cap, warnings };
}

describe('port splits', () => {
  it('splits a radix by the downlink:uplink ratio', () => {
    expect(splitPorts(64, 1)).toEqual({ down: 32, up: 32 });
    // 3:1 -> floor(64 x 3 / 4) = 48 down, 48 / 3 = 16 up.
    expect(splitPorts(64, 3)).toEqual({ down: 48, up: 16 });
    // 10 ports at 3:1: 7 down need ceil(7 / 3) = 3 up, 7 + 3 = 10.
    expect(splitPorts(10, 3)).toEqual({ down: 7, up: 3 });
  });
});

describe('link plan and radix', () => {
  it('breaks 800G ports out to 2 x 400G links, doubling the radix', () => {
    const warnings: FabricWarning[] = [];
    expect(logicalRadix({ ...K64, portGbps: 800 }, 400, 4, warnings)).toBe(128);
    expect(warnings).toEqual([]);
  });

  it('warns when ports carry fewer links than they could', () => {
    const warnings: FabricWarning[] = [];
    // 1,600G ports at 200G would be 8 links; at most 4 are allowed -> 64 x 4 = 256.
    expect(logicalRadix({ ...K64, portGbps: 1600 }, 200, 4, warnings)).toBe(256);
    expect(warnings.map((w) => w.code)).toEqual(['port-underused']);
  });

  it('rounds a plane bandwidth up to whole links', () => {
    // 600 Gb/s over 400G links -> 2 links per accelerator, 16 rails per 8-GPU node.
    const { plan, warnings } = sized({ accelerators: 512, nicGbpsPerAccelerator: 600 });
    expect(plan.linkGbps).toBe(400);
    expect(plan.linksPerAccelerator).toBe(2);
    expect(plan.rails).toBe(16);
    expect(warnings.map((w) => w.code)).toEqual(['link-rounding']);
  });
});

describe('capacity and tier choice (64-port switches, 8-GPU nodes)', () => {
  it('rail-optimised: 64 / 2,048 / 65,536 accelerators with 1 / 2 / 3 tiers', () => {
    const { cap } = sized({ accelerators: 512 });
    // One leaf takes floor(64 / 8) = 8 nodes; 2 tiers: 64 / 8 = 8 groups of 32 nodes; 3 tiers: k^3/4.
    expect(cap).toMatchObject({ max1: 64, max2: 8 * 32 * 8, max3: 65_536, nodesPerLeaf: 32, leavesPerPod: 32, groupsPerPod: 4 });
  });

  it('plain: a leaf takes 32 / 8 = 4 whole nodes', () => {
    const { cap } = sized({ accelerators: 512, railOptimised: false });
    expect(cap).toMatchObject({ nodesPerLeaf: 4, max2: 64 * 4 * 8, max3: 65_536, groupsPerPod: 32 });
  });

  it('picks the fewest tiers, honours a forced count and names the limit', () => {
    const tiersFor = (accelerators: number, tiers?: 2 | 3) => {
      const { v, plan, cap } = sized({ accelerators, tiers });
      return chooseTiers(v, plan, cap);
    };
    expect(tiersFor(64)).toBe(1);
    expect(tiersFor(512)).toBe(2);
    expect(tiersFor(4096)).toBe(3);
    expect(tiersFor(512, 3)).toBe(3);
    expect(() => tiersFor(4096, 2)).toThrow(InputError);
    expect(() => tiersFor(4096, 2)).toThrow(/at most 2048/);
    expect(() => tiersFor(65_544)).toThrow(/at most 65536/);
  });
});

describe('leaf and upper tiers', () => {
  it('40 nodes: one full SU and a second with 8 nodes', () => {
    const { v, plan, cap, warnings } = sized({ accelerators: 320 });
    const leaf = layoutLeaves(v, plan, cap, 2, warnings);
    expect(leaf.classes).toEqual([
      { count: 8, down: 32, up: 32 },
      { count: 8, down: 8, up: 8 },
    ]);
    expect(leaf).toMatchObject({ groups: 2, nodesPerLeaf: 32, leaves: 16, nodeLeafLinks: 320 });
    // Cabled as a full SU: every leaf 32 uplinks, 4 to each of 8 spines.
    const upper = layoutUpperTiers(leaf, plan, cap, 2);
    expect(upper.leafClasses.map((c) => c.up)).toEqual([32, 32]);
    expect(upper).toMatchObject({ spines: 8, leafSpineLinks: 512, spineClasses: [{ count: 8, down: 64, up: 0 }] });
  });

  it('a partly filled last node leaves its missing rails one link short', () => {
    // 39 full nodes + 3 GPUs: rails 0-2 of the second SU carry 8 nodes, rails 3-7 carry 7.
    const { v, plan, cap, warnings } = sized({ accelerators: 39 * 8 + 3, allowPartialNode: true });
    const leaf = layoutLeaves(v, plan, cap, 2, warnings);
    expect(leaf.classes).toEqual([
      { count: 8, down: 32, up: 32 },
      { count: 3, down: 8, up: 8 },
      { count: 5, down: 7, up: 7 },
    ]);
    expect(leaf.nodeLeafLinks).toBe(315);
    expect(sumClasses(leaf.classes, (c) => c.down)).toBe(315);
  });

  it('16 SUs in 3 tiers: 4 pods of 32 leaves, 128 spines and 64 cores (DGX SuperPOD)', () => {
    const { v, plan, cap, warnings } = sized({ accelerators: 4096 });
    const leaf = layoutLeaves(v, plan, cap, 3, warnings);
    const upper = layoutUpperTiers(leaf, plan, cap, 3);
    expect(leaf.leaves).toBe(128);
    expect(upper).toMatchObject({ pods: 4, leavesPerPod: 32, spines: 128, cores: 64, spineCoreLinks: 128 * 32 });
    expect(achievedRatios(3, leaf.classes, upper.spineClasses)).toEqual({ leafRatio: 1, spineRatio: 1 });
  });

  it('3:1 leaves: 48 down, 16 up', () => {
    const { v, plan, cap, warnings } = sized({ accelerators: 768, oversubscription: 3 });
    const leaf = layoutLeaves(v, plan, cap, 2, warnings);
    // 96 nodes in 2 groups of 48: 16 leaves x 16 uplinks = 256 links -> 4 spines.
    // (full groups and the last group are separate classes, here alike)
    expect(leaf.classes.every((c) => c.down === 48 && c.up === 16)).toBe(true);
    expect(leaf.leaves).toBe(16);
    const upper = layoutUpperTiers(leaf, plan, cap, 2);
    expect(upper.spines).toBe(4);
    expect(achievedRatios(2, leaf.classes, upper.spineClasses)).toEqual({ leafRatio: 3, spineRatio: 1 });
  });
});
